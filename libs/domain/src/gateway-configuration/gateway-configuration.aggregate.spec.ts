import { EVENT_ROUTING_KEYS } from '../domain-events';
import { GatewayConfiguration, type AddGatewayConfigurationInput } from './gateway-configuration.aggregate';

const T0 = new Date('2025-03-01T08:00:00.000Z');
const T1 = new Date('2025-03-01T09:00:00.000Z');

const SECRET = 'S3CR3T-hash-secret';
const VIETQR_ACCOUNT = { bankBin: '970415', accountNumber: '0011001932418', accountName: 'CONG TY ABC' };

const addInput = (overrides: Partial<AddGatewayConfigurationInput> = {}): AddGatewayConfigurationInput => ({
  id: 'gw-1',
  tenantId: 'tenant-1',
  gatewayType: 'VNPAY',
  name: '  VNPay main  ',
  credentials: { tmnCode: 'TMN01', hashSecret: SECRET },
  baseUrl: 'http://localhost:4010/vnpay',
  supportedPaymentMethods: ['ATM_CARD', 'QR_CODE', 'ATM_CARD'],
  now: T0,
  ...overrides,
});

const added = (overrides: Partial<AddGatewayConfigurationInput> = {}): GatewayConfiguration => {
  const result = GatewayConfiguration.add(addInput(overrides));
  if (!result.ok) throw new Error(result.error.message);
  result.value.pullEvents();
  return result.value;
};

describe('GatewayConfiguration', () => {
  it('given valid input, when added, then it is active, takes its merchant id from the credentials and keeps no secret', () => {
    const result = GatewayConfiguration.add(addInput());
    if (!result.ok) throw new Error(result.error.message);
    const configuration = result.value;

    expect(configuration.toSnapshot()).toEqual({
      id: 'gw-1',
      tenantId: 'tenant-1',
      gatewayType: 'VNPAY',
      name: 'VNPay main',
      merchantId: 'TMN01',
      baseUrl: 'http://localhost:4010/vnpay',
      supportedPaymentMethods: ['ATM_CARD', 'QR_CODE'],
      isActive: true,
      isDefault: false,
      version: 0,
      createdAt: T0,
      updatedAt: T0,
    });
    const events = configuration.pullEvents();
    expect(events).toMatchObject([
      { type: 'GatewayConfigurationAdded', aggregateId: 'gw-1', data: { configurationId: 'gw-1', name: 'VNPay main' } },
    ]);
    expect(EVENT_ROUTING_KEYS[events[0].type]).toBe('ppm.gateway-config.added.v1');
    expect(JSON.stringify([configuration.toSnapshot(), events])).not.toContain(SECRET);
  });

  it.each([
    ['MOMO', { partnerCode: 'MOMOX', accessKey: 'a', secretKey: 's' }, 'MOMOX'],
    ['ZALOPAY', { appId: 2553, key1: 'k1', key2: 'k2' }, '2553'],
    ['VIETQR', { ...VIETQR_ACCOUNT, notificationSecret: SECRET }, '0011001932418'],
  ] as const)(
    'given %s credentials, then the merchant id is read from them',
    (gatewayType, credentials, merchantId) => {
      expect(added({ gatewayType, credentials }).merchantId).toBe(merchantId);
    },
  );

  it.each([
    ['an empty name', { name: '   ' }, 'VALIDATION_ERROR'],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, 'VALIDATION_ERROR'],
    ['no payment method', { supportedPaymentMethods: [] }, 'VALIDATION_ERROR'],
    ['an unknown payment method', { supportedPaymentMethods: ['CASH'] }, 'UNSUPPORTED_PAYMENT_METHOD'],
    ['a baseUrl that is not http(s)', { baseUrl: 'ftp://gateway' }, 'VALIDATION_ERROR'],
    ['credentials missing a secret', { credentials: { tmnCode: 'TMN01' } }, 'VALIDATION_ERROR'],
  ])('given %s, when added, then it is refused', (_case, overrides, code) => {
    expect(GatewayConfiguration.add(addInput(overrides))).toMatchObject({ ok: false, error: { code } });
  });

  it.each([
    ['a bank BIN of 5 digits', { bankBin: '97041' }, ['bankBin']],
    ['an account number with spaces', { accountNumber: '0011 0019' }, ['accountNumber']],
  ])('given VietQR credentials with %s, then they are refused by field name', (_case, override, malformed) => {
    const credentials = { ...VIETQR_ACCOUNT, notificationSecret: SECRET, ...override };
    const result = GatewayConfiguration.add(addInput({ gatewayType: 'VIETQR', credentials }));

    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', details: { malformed } } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('given missing credential fields, then the refusal names the fields and never echoes a value', () => {
    const result = GatewayConfiguration.add(addInput({ credentials: { hashSecret: SECRET } }));

    expect(result).toMatchObject({ ok: false, error: { details: { field: 'credentials', missing: ['tmnCode'] } } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('given an update, then GatewayConfigurationUpdated lists the changed fields, credentials by name only', () => {
    const configuration = added();

    const result = configuration.update({
      name: 'VNPay main',
      isActive: false,
      supportedPaymentMethods: ['QR_CODE'],
      credentialsChanged: true,
      credentials: { tmnCode: 'TMN02', hashSecret: 'NEW-SECRET' },
      now: T1,
    });

    expect(result).toEqual({
      ok: true,
      value: { changedFields: ['supportedPaymentMethods', 'isActive', 'credentials', 'merchantId'] },
    });
    expect(configuration).toMatchObject({ isActive: false, merchantId: 'TMN02', supportedPaymentMethods: ['QR_CODE'] });
    const events = configuration.pullEvents();
    expect(events).toMatchObject([{ type: 'GatewayConfigurationUpdated', occurredAt: T1 }]);
    expect(JSON.stringify(events)).not.toContain('NEW-SECRET');
    expect(JSON.stringify(events)).not.toContain('TMN02');
  });

  it('given an update that changes nothing, then no event is recorded', () => {
    const configuration = added();

    expect(configuration.update({ name: 'VNPay main', credentialsChanged: false, now: T1 })).toEqual({
      ok: true,
      value: { changedFields: [] },
    });
    expect(configuration.pullEvents()).toEqual([]);
    expect(configuration.toSnapshot().updatedAt).toEqual(T0);
  });

  it('given an invalid update, then it is refused and nothing changes', () => {
    const configuration = added();

    expect(configuration.update({ name: '', isActive: false, credentialsChanged: false, now: T1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_ERROR' },
    });
    expect(configuration.isActive).toBe(true);
    expect(configuration.pullEvents()).toEqual([]);
  });

  it('given another configuration became the default, when unset, then it is no longer default and records no event', () => {
    const configuration = added({ isDefault: true });

    configuration.unsetDefault(T1);

    expect(configuration.isDefault).toBe(false);
    expect(configuration.toSnapshot().updatedAt).toEqual(T1);
    expect(configuration.pullEvents()).toEqual([]);
  });

  it('refuses payments when inactive (GATEWAY_INACTIVE) or by a method it does not offer (UNSUPPORTED_PAYMENT_METHOD)', () => {
    const configuration = added();

    expect(configuration.ensureCanProcess('QR_CODE')).toEqual({ ok: true, value: undefined });
    expect(configuration.ensureCanProcess('E_WALLET')).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_PAYMENT_METHOD' },
    });
    configuration.update({ isActive: false, credentialsChanged: false, now: T1 });
    expect(configuration.ensureCanProcess('QR_CODE')).toMatchObject({ ok: false, error: { code: 'GATEWAY_INACTIVE' } });
  });

  it('given a snapshot, when restored, then it is the same configuration with no events', () => {
    const snapshot = { ...added().toSnapshot(), version: 4 };
    const restored = GatewayConfiguration.restore(snapshot);

    expect(restored.toSnapshot()).toEqual(snapshot);
    expect(restored.pullEvents()).toEqual([]);
  });
});
