import { GatewayConfiguration, type GatewayConfigurationReader, type StoredGatewayConfiguration } from '@ppm/domain';
import { gmt7Timestamp, vnpaySignParams, type RawCallback } from '@ppm/gateways';
import type { NatsRequester } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import type { CallbackPayment, CallbackPaymentLookup, ReceivedWebhook, WebhookEventStore } from '@ppm/persistence';
import { sandboxGateways } from '../../../test/sandbox-gateways';
import { GatewayCallbackVerifier } from './gateway-callback-verifier';
import { GatewayWebhookIntake } from './gateway-webhook-intake';
import { WebhookMetrics } from './webhook-metrics';

const TENANT = '6f1c5a9e-0000-4000-8000-000000000001';
const OTHER_TENANT = '6f1c5a9e-0000-4000-8000-000000000002';

describe('GatewayWebhookIntake: which configuration may vouch for a callback', () => {
  const registry = new MetricsRegistry('worker-test');
  const { gateways, breakers } = sandboxGateways(registry);
  const metrics = new WebhookMetrics(registry);
  let configurations: StoredGatewayConfiguration[];
  let payments: Map<string, CallbackPayment>;
  let stored: ReceivedWebhook[];
  let applied: string[];
  let intake: GatewayWebhookIntake;

  const configuration = (id: string, tenantId: string, tmnCode: string, hashSecret: string, isActive: boolean) => {
    const config: StoredGatewayConfiguration = {
      configuration: GatewayConfiguration.restore({
        id,
        tenantId,
        gatewayType: 'VNPAY',
        name: id,
        merchantId: tmnCode,
        baseUrl: null,
        supportedPaymentMethods: ['E_WALLET'],
        isActive,
        isDefault: false,
        version: 1,
        createdAt: new Date(),
        updatedAt: new Date(),
      }),
      credentials: { tmnCode, hashSecret },
    };
    configurations.push(config);
    return config;
  };
  const ipn = (tmnCode: string, reference: string, hashSecret: string): RawCallback => {
    const params: Record<string, string> = {
      vnp_Amount: '15000000',
      vnp_PayDate: gmt7Timestamp(new Date()),
      vnp_ResponseCode: '00',
      vnp_TmnCode: tmnCode,
      vnp_TransactionNo: '1001',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: reference,
    };
    return {
      method: 'GET',
      query: { ...params, vnp_SecureHash: vnpaySignParams(params, hashSecret) },
      rawBody: '',
      headers: {},
    };
  };
  const receive = async (callback: RawCallback) => {
    const reply = await intake.receive('VNPAY', callback, '198.51.100.1', 'trace-00000001');
    return { rspCode: reply.body?.['RspCode'], row: stored.at(-1) };
  };

  beforeEach(() => {
    configurations = [];
    payments = new Map();
    stored = [];
    applied = [];
    const repository = {
      findById: (tenantId: string, id: string) =>
        Promise.resolve(
          configurations.find((c) => c.configuration.id === id && c.configuration.tenantId === tenantId) ?? null,
        ),
      findByMerchant: (_: string, merchantId: string) =>
        Promise.resolve(configurations.filter((c) => c.configuration.merchantId === merchantId)),
    } as unknown as GatewayConfigurationReader;
    const store = {
      record: (webhook: ReceivedWebhook) => Promise.resolve(String(stored.push(webhook))),
      markProcessed: () => Promise.resolve(),
    } as unknown as WebhookEventStore;
    const nats = {
      request: (_: string, data: { gatewayReference: string }, meta: { tenantId: string }) => {
        applied.push(`${meta.tenantId} ${data.gatewayReference}`);
        return Promise.resolve({ success: true, data: { status: 'SUCCEEDED', effect: 'APPLIED' } });
      },
    } as unknown as NatsRequester;
    const settings = {
      applyTimeoutMs: 1_000,
      retryDelayMs: 1_000,
      defaultBaseUrl: 'http://127.0.0.1:3010',
      unverifiedMaxChars: 64,
    };
    const lookup = {
      find: (_: string, reference: string) => Promise.resolve(payments.get(reference) ?? null),
    } as CallbackPaymentLookup;
    intake = new GatewayWebhookIntake(
      new GatewayCallbackVerifier(repository, settings, lookup, gateways),
      settings,
      gateways,
      store,
      nats,
      metrics,
    );
  });

  afterAll(() => breakers.shutdown());

  it("refuses a callback signed by another configuration of the payment's merchant, active or not", async () => {
    configuration('opener', TENANT, 'TMN1', 'secret-opener', true);
    configuration('inactive', TENANT, 'TMN1', 'secret-inactive', false);
    configuration('other-tenant', OTHER_TENANT, 'TMN1', 'secret-other', true);
    payments.set('REF1', { transactionId: 'p1', tenantId: TENANT, gatewayConfigurationId: 'opener' });

    for (const secret of ['secret-inactive', 'secret-other']) {
      expect(await receive(ipn('TMN1', 'REF1', secret))).toMatchObject({
        rspCode: '97',
        row: { verification: 'BAD_SIGNATURE', tenantId: null },
      });
    }
    expect(applied).toEqual([]);
    expect(await receive(ipn('TMN1', 'REF1', 'secret-opener'))).toMatchObject({
      rspCode: '00',
      row: { verification: 'VERIFIED', tenantId: TENANT, gatewayConfigurationId: 'opener' },
    });
    expect(applied).toEqual([`${TENANT} REF1`]);
  });

  it('lets a deactivated configuration settle the payment it opened, in its own tenant', async () => {
    configuration('active', TENANT, 'TMN1', 'secret-active', true);
    configuration('retired', OTHER_TENANT, 'TMN1', 'secret-retired', false);
    payments.set('REF2', { transactionId: 'p2', tenantId: OTHER_TENANT, gatewayConfigurationId: 'retired' });

    expect((await receive(ipn('TMN1', 'REF2', 'secret-retired'))).rspCode).toBe('00');
    expect(applied).toEqual([`${OTHER_TENANT} REF2`]);
  });

  it('refuses a callback naming another merchant than the one that opened the payment, even if well signed', async () => {
    configuration('opener', TENANT, 'TMN1', 'secret-1', true);
    configuration('elsewhere', TENANT, 'TMN2', 'secret-2', true);
    payments.set('REF3', { transactionId: 'p3', tenantId: TENANT, gatewayConfigurationId: 'opener' });

    expect(await receive(ipn('TMN2', 'REF3', 'secret-2'))).toMatchObject({
      rspCode: '97',
      row: { verification: 'UNKNOWN_MERCHANT' },
    });
    expect(applied).toEqual([]);
  });

  it('answers an order no payment has "not found" only when an active configuration signed it', async () => {
    configuration('active', TENANT, 'TMN1', 'secret-active', true);
    configuration('inactive', TENANT, 'TMN1', 'secret-inactive', false);

    expect(await receive(ipn('TMN1', 'NOPE', 'secret-active'))).toMatchObject({
      rspCode: '01',
      row: { verification: 'VERIFIED', tenantId: TENANT },
    });
    expect(await receive(ipn('TMN1', 'NOPE', 'secret-inactive'))).toMatchObject({
      rspCode: '97',
      row: { verification: 'BAD_SIGNATURE' },
    });
    expect(applied).toEqual([]);
  });

  it('re-verifies a stored webhook the same way on retry', async () => {
    configuration('opener', TENANT, 'TMN1', 'secret-opener', true);
    configuration('inactive', TENANT, 'TMN1', 'secret-inactive', false);
    payments.set('REF4', { transactionId: 'p4', tenantId: TENANT, gatewayConfigurationId: 'opener' });
    const due = (callback: RawCallback) => ({
      id: 'w1',
      gatewayType: 'VNPAY',
      method: 'GET',
      rawQuery: new URLSearchParams(callback.query as Record<string, string>).toString(),
      rawBody: null,
      headers: {},
      attempts: 1,
      receivedAt: new Date(),
    });

    expect(await intake.reapply('VNPAY', due(ipn('TMN1', 'REF4', 'secret-inactive')), 't')).toEqual({
      decision: 'BAD_SIGNATURE',
    });
    expect(await intake.reapply('VNPAY', due(ipn('TMN1', 'REF4', 'secret-opener')), 't')).toEqual({
      decision: 'APPLIED',
    });
    expect(applied).toEqual([`${TENANT} REF4`]);
  });

  it('stores an unverified request cut to the cap', async () => {
    const callback = ipn('TMN1', 'X'.repeat(500), 'nobody');
    expect((await receive({ ...callback, rawBody: 'b'.repeat(500) })).row).toMatchObject({
      verification: 'UNKNOWN_MERCHANT',
      rawBody: 'b'.repeat(64),
    });
    expect(stored[0]?.rawQuery).toHaveLength(64);
  });
});
