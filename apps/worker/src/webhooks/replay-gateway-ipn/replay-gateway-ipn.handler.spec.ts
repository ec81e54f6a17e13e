import type { RequestMeta } from '@ppm/contracts';
import { MetricsRegistry } from '@ppm/observability';
import type { WebhookEventStore } from '@ppm/persistence';
import type { DataSource } from 'typeorm';
import { sandboxGateways } from '../../../test/sandbox-gateways';
import type { GatewayWebhookIntake } from '../receive-gateway-webhook/gateway-webhook-intake';
import { ReplayGatewayIpnHandler } from './replay-gateway-ipn.handler';

describe('ReplayGatewayIpnHandler', () => {
  const { gateways, breakers } = sandboxGateways(new MetricsRegistry('worker-test'));
  const meta = { tenantId: '00000000-0000-4000-8000-000000000001', traceId: 't', userId: 'ops' } as RequestMeta;
  const ipnId = '00000000-0000-4000-8000-0000000000aa';

  /** The handler over a stored callback of `gatewayType`; the replay itself finds nothing to replay. */
  const handlerFor = (gatewayType: string) => {
    const transaction = jest.fn().mockResolvedValue({ kind: 'not-found' });
    const dataSource = {
      query: jest.fn().mockResolvedValue([{ gateway_type: gatewayType }]),
      transaction,
    } as unknown as DataSource;
    const settings = { applyTimeoutMs: 1_000, retryDelayMs: 1_000, defaultBaseUrl: '', unverifiedMaxChars: 4_096 };
    const handler = new ReplayGatewayIpnHandler(
      dataSource,
      {} as GatewayWebhookIntake,
      {} as WebhookEventStore,
      gateways,
      settings,
    );
    return { handler, transaction };
  };

  afterAll(() => breakers.shutdown());

  it('refuses a VietQR notification, which cannot verify again, without touching it', async () => {
    const { handler, transaction } = handlerFor('VIETQR');
    const reply = await handler.execute(meta, { ipnId });
    expect(reply).toMatchObject({ success: false, error: { code: 'INVALID_STATE_TRANSITION' } });
    expect(JSON.stringify(reply)).toContain('cannot be replayed');
    expect(transaction).not.toHaveBeenCalled();
  });

  it('goes on to replay a signed callback, which verifies again', async () => {
    const { handler, transaction } = handlerFor('MOMO');
    const reply = await handler.execute(meta, { ipnId });
    expect(reply).toMatchObject({ success: false, error: { code: 'GATEWAY_IPN_NOT_FOUND' } });
    expect(transaction).toHaveBeenCalledTimes(1);
  });
});
