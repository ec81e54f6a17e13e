import type { GatewayConfigurationReader } from '@ppm/domain';
import type { NatsRequester } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import type { CallbackPaymentLookup, WebhookEventStore } from '@ppm/persistence';
import { sandboxGateways } from '../../../test/sandbox-gateways';
import { GatewayCallbackVerifier } from './gateway-callback-verifier';
import { GatewayWebhookIntake } from './gateway-webhook-intake';
import { WebhookMetrics } from './webhook-metrics';

describe('GatewayWebhookIntake when the database is down', () => {
  const registry = new MetricsRegistry('worker-test');
  const { gateways, breakers } = sandboxGateways(registry);
  const down = (): Promise<never> => Promise.reject(new Error('connection refused'));
  const settings = {
    applyTimeoutMs: 1_000,
    retryDelayMs: 1_000,
    defaultBaseUrl: 'http://127.0.0.1:3010',
    unverifiedMaxChars: 4_096,
  };
  const intake = new GatewayWebhookIntake(
    new GatewayCallbackVerifier(
      { findByMerchant: down } as unknown as GatewayConfigurationReader,
      settings,
      { find: down } as unknown as CallbackPaymentLookup,
      gateways,
    ),
    settings,
    gateways,
    { record: down } as unknown as WebhookEventStore,
    {} as NatsRequester,
    new WebhookMetrics(registry),
  );

  afterAll(() => breakers.shutdown());

  it('answers each gateway with its own "deliver again" reply instead of a bare error', async () => {
    const vnpay = await intake.receive(
      'VNPAY',
      { method: 'GET', query: { vnp_TmnCode: 'PPMDEMO1', vnp_TxnRef: 'a1' }, rawBody: '', headers: {} },
      '127.0.0.1',
      'trace-00000001',
    );
    expect(vnpay).toEqual({ status: 200, body: { RspCode: '99', Message: 'Unknown error' } });
    const momo = await intake.receive(
      'MOMO',
      { method: 'POST', query: {}, rawBody: JSON.stringify({ partnerCode: 'PPMDEMO' }), headers: {} },
      '127.0.0.1',
      'trace-00000002',
    );
    expect(momo.status).toBeGreaterThanOrEqual(500);
  });
});
