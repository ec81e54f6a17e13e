// The merchant webhook workload: a payment.process whose `payment.created` PPM then delivers to a merchant's
// receiver in this generator. An operation lasts from the request until its delivery arrives, so the scenario's
// throughput is deliveries per second and its latency is event → delivery (plus the command's own few ms).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failure, success } from '@ppm/domain';
import type { BenchServers, BenchWorkload } from './bench-scenario';
import { benchOrder, ppmRequest } from './ppm-workloads';
import { errorCode, natsWorkload, REQUEST_TIMEOUT_MS, type Outcome, type Workload } from './workload';

interface DeliveredEvent {
  type?: string;
  data?: { sourceTransactionId?: string };
}

/**
 * Registers an endpoint of the bench tenant (payment.created only) on a receiver on 127.0.0.1 that answers 204 at
 * once, and deletes it (with its deliveries) when the scenario closes, so later runs deliver nothing to it.
 */
export async function merchantWebhookWorkload(
  workload: Extract<BenchWorkload, { kind: 'merchant-webhook' }>,
  servers: BenchServers,
): Promise<Workload> {
  const nats = await natsWorkload(servers);
  const waiting = new Map<string, () => void>();
  const receiver = createServer((request, answer) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      answer.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as DeliveredEvent;
      if (event.type === 'payment.created') waiting.get(event.data?.sourceTransactionId ?? '')?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bench/hooks`;
  const created = await ppmRequest(nats, 'ppm.command.webhook-endpoint.create', workload.tenantId, {
    url,
    eventTypes: ['payment.created'],
  });
  if (!created.success) throw new Error(`the bench endpoint was refused: ${created.error.code}`);
  const endpointId = (created.data as { id: string }).id;

  const delivery = (source: string): { arrived: Promise<boolean>; cancel: () => void } => {
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      waiting.set(source, () => resolve(true));
      timer = setTimeout(() => resolve(false), REQUEST_TIMEOUT_MS);
    });
    return {
      arrived,
      cancel: () => {
        clearTimeout(timer);
        waiting.delete(source);
      },
    };
  };

  return {
    run: async (i): Promise<Outcome> => {
      const ids = workload.configurationIds;
      const source = `bench-hook-${randomUUID()}`;
      const expected = delivery(source);
      try {
        const reply = await ppmRequest(
          nats,
          'ppm.command.payment.process',
          workload.tenantId,
          benchOrder(i, ids[i % ids.length] ?? '', source),
        );
        if (!reply.success) return failure(reply.error.code);
        return (await expected.arrived) ? success(null) : failure('NOT_DELIVERED');
      } catch (error) {
        return failure(errorCode(error));
      } finally {
        expected.cancel();
      }
    },
    close: async () => {
      await ppmRequest(nats, 'ppm.command.webhook-endpoint.delete', workload.tenantId, { id: endpointId });
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
      await nats.close();
    },
  };
}
