// PPM's workloads over NATS: requests in the contract's envelope, and the payments whose outputs later scenarios use.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { failure, success } from '@ppm/domain';
import type { BenchPayment, BenchServers, BenchWorkload } from './bench-scenario';
import { codec, errorCode, natsWorkload, REQUEST_TIMEOUT_MS, type Outcome, type Workload } from './workload';

/** A PPM request over NATS in the contract's envelope; success when the reply says so. */
export async function ppmRequest(
  nats: NatsConnection,
  subject: string,
  tenantId: string,
  data: unknown,
): Promise<{ success: true; data: unknown } | { success: false; error: { code: string } }> {
  const message = await nats.request(
    subject,
    codec.encode({ meta: { tenantId, traceId: randomUUID().replace(/-/g, '') }, data }),
    { timeout: REQUEST_TIMEOUT_MS },
  );
  return codec.decode(message.data) as { success: true; data: unknown } | { success: false; error: { code: string } };
}

export async function ppmOperation(
  nats: NatsConnection,
  subject: string,
  tenantId: string,
  data: unknown,
): Promise<Outcome> {
  try {
    const reply = await ppmRequest(nats, subject, tenantId, data);
    return reply.success ? success(null) : failure(reply.error.code);
  } catch (error) {
    return failure(errorCode(error));
  }
}

/** The i-th bench order of `payment.process` for a configuration, under its own source transaction id. */
export function benchOrder(i: number, configurationId: string, sourceTransactionId: string = randomUUID()) {
  return {
    sourceBoundedContext: 'orders',
    sourceTransactionId,
    amount: 10_000 + (i % 100) * 1_000,
    currency: 'VND',
    paymentMethodType: 'E_WALLET',
    gatewayConfigurationId: configurationId,
    description: `Bench order ${i}`,
    returnUrl: 'https://shop.example/return',
  };
}

/**
 * The i-th partial refund, round-robin over the payments (at any moment the in-flight refunds are for different
 * payments), each payment refunded `refundsPerPayment` times; undefined once they all have been.
 */
export function refundOf(payments: BenchPayment[], refundsPerPayment: number, i: number) {
  const payment = payments[i % payments.length];
  if (!payment || Math.floor(i / payments.length) >= refundsPerPayment) return undefined;
  return {
    transactionId: payment.transactionId,
    amount: Math.max(1, Math.floor(payment.amount / (refundsPerPayment + 1))),
    reason: 'bench partial refund',
  };
}

/** payment.process round-robin over the configurations; each created payment is the operation's output. */
export async function paymentWorkload(
  workload: Extract<BenchWorkload, { kind: 'payment-process' }>,
  servers: BenchServers,
): Promise<Workload> {
  const nats = await natsWorkload(servers);
  return {
    run: async (i) => {
      const configuration = workload.configurations[i % workload.configurations.length];
      if (!configuration) return failure('NO_CONFIGURATION');
      const order = benchOrder(i, configuration.id);
      try {
        const reply = await ppmRequest(nats, 'ppm.command.payment.process', workload.tenantId, order);
        if (!reply.success) return failure(reply.error.code);
        const data = reply.data as {
          transactionId: string;
          gatewayReference: string | null;
          paymentUrl: string | null;
        };
        return success({
          transactionId: data.transactionId,
          gatewayType: configuration.gatewayType,
          gatewayReference: data.gatewayReference ?? '',
          amount: order.amount,
          paymentUrl: data.paymentUrl,
        });
      } catch (error) {
        return failure(errorCode(error));
      }
    },
    close: () => nats.close(),
  };
}
