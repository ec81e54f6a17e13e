import { GatewayConfiguration, type GatewayConfigurationReader, type StoredGatewayConfiguration } from '@ppm/domain';
import type { RawCallback } from '@ppm/gateways';
import type { NatsRequester } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import type { CallbackPayment, CallbackPaymentLookup, ReceivedWebhook, WebhookEventStore } from '@ppm/persistence';
import { sandboxGateways } from '../../../test/sandbox-gateways';
import { GatewayCallbackVerifier } from './gateway-callback-verifier';
import { GatewayWebhookIntake } from './gateway-webhook-intake';
import { WebhookMetrics } from './webhook-metrics';

const TENANT = '6f1c5a9e-0000-4000-8000-000000000003';
const ACCOUNT = '0011001932418';
const CODE = 'PPM0123456789ABCDEF';

describe('GatewayWebhookIntake: SePay notifications of VietQR transfers', () => {
  const registry = new MetricsRegistry('worker-test');
  const { gateways, breakers } = sandboxGateways(registry);
  const metrics = new WebhookMetrics(registry);
  let stored: ReceivedWebhook[];
  let outcomes: { processing: string; outcome: string; reply: string }[];
  let retries: string[];
  let applied: { gatewayReference: string; amount: number }[];
  let reply: { success: boolean; data?: unknown; error?: unknown };
  let intake: GatewayWebhookIntake;

  const account: StoredGatewayConfiguration = {
    configuration: GatewayConfiguration.restore({
      id: 'vietqr-1',
      tenantId: TENANT,
      gatewayType: 'VIETQR',
      name: 'VietQR',
      merchantId: ACCOUNT,
      baseUrl: null,
      supportedPaymentMethods: ['QR_CODE'],
      isActive: true,
      isDefault: false,
      version: 1,
      createdAt: new Date(),
      updatedAt: new Date(),
    }),
    credentials: { bankBin: '970415', accountNumber: ACCOUNT, accountName: 'ABC', notificationSecret: 'sepay-key' },
  };
  const payments = new Map<string, CallbackPayment>([
    [CODE, { transactionId: 'p1', tenantId: TENANT, gatewayConfigurationId: 'vietqr-1' }],
  ]);
  const notification = (content: string): RawCallback => ({
    method: 'POST',
    query: {},
    headers: { authorization: 'Apikey sepay-key' },
    rawBody: JSON.stringify({
      id: 7,
      accountNumber: ACCOUNT,
      transferType: 'in',
      transferAmount: 150000,
      content,
      referenceCode: 'FT7',
    }),
  });
  const receive = (callback: RawCallback) => intake.receive('VIETQR', callback, '198.51.100.7', 'trace-00000007');

  beforeEach(() => {
    stored = [];
    outcomes = [];
    retries = [];
    applied = [];
    reply = { success: true, data: { status: 'SUCCEEDED', effect: 'APPLIED' } };
    const settings = {
      applyTimeoutMs: 1_000,
      retryDelayMs: 1_000,
      defaultBaseUrl: 'http://127.0.0.1:3010',
      unverifiedMaxChars: 64,
    };
    const configurations = {
      findById: () => Promise.resolve(account),
      findByMerchant: (_: string, merchantId: string) => Promise.resolve(merchantId === ACCOUNT ? [account] : []),
    } as unknown as GatewayConfigurationReader;
    const store = {
      record: (webhook: ReceivedWebhook) => Promise.resolve(String(stored.push(webhook))),
      markProcessed: (_: string, processing: string, outcome: string, replyCode: string) => {
        outcomes.push({ processing, outcome, reply: replyCode });
        return Promise.resolve();
      },
      markForRetry: (_: string, reason: string) => {
        retries.push(reason);
        return Promise.resolve();
      },
    } as unknown as WebhookEventStore;
    const nats = {
      request: (_: string, data: { gatewayReference: string; amount: number }) => {
        applied.push({ gatewayReference: data.gatewayReference, amount: data.amount });
        return Promise.resolve(reply);
      },
    } as unknown as NatsRequester;
    const lookup = {
      find: (_: string, reference: string) => Promise.resolve(payments.get(reference) ?? null),
    } as CallbackPaymentLookup;
    intake = new GatewayWebhookIntake(
      new GatewayCallbackVerifier(configurations, settings, lookup, gateways),
      settings,
      gateways,
      store,
      nats,
      metrics,
    );
  });

  afterAll(() => breakers.shutdown());

  it('applies a transfer naming a payment by the code in its content, and acknowledges it as SePay expects', async () => {
    expect(await receive(notification(`MBVCB.1.${CODE.toLowerCase()}.CT tu NGUYEN VAN A`))).toEqual({
      status: 200,
      body: { success: true },
    });
    expect(applied).toEqual([{ gatewayReference: CODE, amount: 150_000 }]);
    expect(stored[0]).toMatchObject({ verification: 'VERIFIED', tenantId: TENANT, dedupKey: 'sepay:7' });
    // The API key is a secret: it is not kept with the stored request.
    expect(JSON.stringify(stored)).not.toContain('sepay-key');
  });

  it('keeps a transfer naming no payment as an unknown order of the account’s tenant, acknowledged, nothing applied', async () => {
    expect(await receive(notification('tien an trua'))).toEqual({ status: 200, body: { success: true } });
    expect(applied).toEqual([]);
    expect(stored[0]).toMatchObject({ verification: 'VERIFIED', tenantId: TENANT, gatewayConfigurationId: 'vietqr-1' });
    expect(outcomes).toEqual([{ processing: 'REJECTED', outcome: 'TRANSACTION_NOT_FOUND', reply: 'UNKNOWN_ORDER' }]);
  });

  it('refuses a transfer naming no payment when the API key is wrong', async () => {
    const forged = { ...notification('tien an trua'), headers: { authorization: 'Apikey guess' } };
    expect((await receive(forged)).status).toBe(401);
    expect(stored[0]).toMatchObject({ verification: 'BAD_SIGNATURE', tenantId: null });
  });

  it('leaves a notification our side failed to apply to SePay’s redelivery: 503, not our retry loop', async () => {
    reply = { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'no responder' } };
    expect((await receive(notification(CODE))).status).toBe(503);
    expect(retries).toEqual([]);
    expect(outcomes).toEqual([
      {
        processing: 'REJECTED',
        outcome: 'left to redelivery: SERVICE_UNAVAILABLE: no responder',
        reply: 'RETRY_LATER',
      },
    ]);
  });
});
