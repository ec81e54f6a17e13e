import { sampleValue } from '@ppm/testing';
import { newReference, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

describe('gateway circuit breaker against a sandbox that stops answering', () => {
  let fx: GatewayFixture;
  const query = () =>
    fx.gateway.queryPayment({
      gatewayReference: newReference(),
      requestId: newReference(),
      createdAt: new Date(),
      now: new Date(),
      clientIp: '127.0.0.1',
    });
  const breakerEvents = async (event: string) =>
    sampleValue(await fx.metrics.metrics(), 'ppm_gateway_breaker_events_total', {
      gateway: 'MOMO',
      event,
    });
  // The fixture's one configuration has the only MOMO breaker until the last test.
  const openBreakers = async () =>
    sampleValue(await fx.metrics.metrics(), 'ppm_gateway_breakers', { gateway: 'MOMO', state: 'open' });

  beforeAll(async () => {
    fx = await startGatewayFixture('MOMO', { timeoutMs: 200, resetTimeoutMs: 1_000 });
  });
  afterAll(() => fx?.stop());

  it('times out, opens and fails fast, then closes again once the gateway is healthy', async () => {
    expect(await query()).toMatchObject({ outcome: 'not_found' });

    await fx.control.setFault({ gatewayType: 'MOMO', mode: 'timeout' });
    // Each query is tried twice (queries are safe to repeat): the timeouts soon cross the 50 % threshold.
    await expect(query()).rejects.toMatchObject({ code: 'GATEWAY_TIMEOUT' });
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i += 1) codes.push(await query().catch((error: { code?: string }) => error.code));
    expect(codes).toContain('GATEWAY_UNAVAILABLE');
    // Failing fast: the call is rejected by the open breaker without reaching the gateway.
    const rejectedBefore = await breakerEvents('reject');
    await expect(query()).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
    expect(await breakerEvents('reject')).toBe(rejectedBefore + 1);
    expect(await openBreakers()).toBe(1);

    await fx.control.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await query()).toMatchObject({ outcome: 'not_found' });
    expect(await openBreakers()).toBe(0);
  });

  it('keeps other configurations working while one is open', async () => {
    const other = fx.gateways.forAccount({ ...fx.account, configurationId: 'another-configuration' });
    expect(
      await other.queryPayment({
        gatewayReference: newReference(),
        requestId: newReference(),
        createdAt: new Date(),
        now: new Date(),
        clientIp: '127.0.0.1',
      }),
    ).toMatchObject({
      outcome: 'not_found',
    });
  });
});
