import { randomBytes, randomUUID } from 'node:crypto';
import { migrateDatabase } from '@ppm/migrations';
import { TestStack, type AppEnv } from '@ppm/testing';
import type { EdgeReply, InternalCaller, TenantEdgeApi } from './tenant-edge-api';

/**
 * The stack the card payment specs start from: the sandbox, the command, query and gateway services (and the worker
 * with `worker`'s environment, if given), the gateway trusting `edge`'s tokens and `caller` as the tenant's order
 * system.
 */
export function startCardPaymentStack(
  name: string,
  edge: TenantEdgeApi,
  caller: InternalCaller,
  worker?: AppEnv,
): Promise<TestStack> {
  return TestStack.start({
    name,
    migrate: migrateDatabase,
    sandbox: {},
    apps: {
      ...(worker ? { worker } : {}),
      command: {},
      query: {},
      gateway: { ...edge.gatewayEnv(caller), NATS_REQUEST_TIMEOUT_MS: '10000' },
    },
  });
}

/**
 * A VNPay merchant of its own at `stack`'s sandbox, whose configuration, offering ATM cards, an admin of `edge`'s
 * tenant adds over HTTP as the tenant's default; resolves with the edge's reply to that.
 */
export async function addDefaultVnpay(stack: TestStack, edge: TenantEdgeApi): Promise<EdgeReply<unknown>> {
  const merchant = { tmnCode: `T${randomBytes(4).toString('hex').toUpperCase()}`, hashSecret: randomUUID() };
  await stack.sandbox.registerMerchant('VNPAY', merchant);
  return edge.call('POST', '/api/v1/ppm/gateways/configurations', edge.token(['ppm.admin']), {
    gatewayType: 'VNPAY',
    name: 'VNPay',
    credentials: merchant,
    supportedPaymentMethods: ['ATM_CARD'],
    isDefault: true,
  });
}
