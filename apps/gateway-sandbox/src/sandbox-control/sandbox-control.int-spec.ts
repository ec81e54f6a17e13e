import { startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from '../sandbox.config';
import { startSandbox } from '../start-sandbox';
import { momoCall, momoCreateBody } from '../testing/momo-requests';
import { postJson } from '../testing/sandbox-http';
import { openVnpayPayment, vnpayPaymentParams } from '../testing/vnpay-requests';

describe('sandbox control routes', () => {
  let sandbox: RunningService;
  const put = (body: unknown) =>
    fetch(`${sandbox.baseUrl}/sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const momoCreate = (headers: Record<string, string> = {}) =>
    fetch(`${sandbox.baseUrl}/v2/gateway/api/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(momoCreateBody('http://127.0.0.1:9/ipn')),
    });

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox);
  });

  afterAll(() => sandbox?.close());

  afterEach(() => fetch(`${sandbox.baseUrl}/sandbox/faults`, { method: 'DELETE' }));

  it('registers merchants, replaces one registered again, and explains bad registrations (400)', async () => {
    const register = (hashSecret: string) =>
      postJson(`${sandbox.baseUrl}/sandbox/merchants`, {
        gatewayType: 'VNPAY',
        credentials: { tmnCode: 'REPLACE1', hashSecret },
      });
    expect(await register('first-secret')).toEqual({
      status: 201,
      json: { gatewayType: 'VNPAY', merchantId: 'REPLACE1' },
    });
    await register('second-secret');
    const params = vnpayPaymentParams({ vnp_TmnCode: 'REPLACE1' });
    expect((await openVnpayPayment(sandbox.baseUrl, params, 'first-secret')).error).toBe('70');
    expect((await openVnpayPayment(sandbox.baseUrl, params, 'second-secret')).error).toBeNull();

    const invalid = [
      { gatewayType: 'PAYPAL', credentials: {} },
      { gatewayType: 'MOMO', credentials: { partnerCode: 'P1', accessKey: 'a' } },
      { gatewayType: 'ZALOPAY', credentials: { appId: 'abc', key1: 'k1', key2: 'k2' } },
      { gatewayType: 'VNPAY', credentials: { tmnCode: 'T1', hashSecret: 's' }, ipnUrl: 'not a url' },
    ];
    for (const body of invalid) {
      const { status, json } = await postJson(`${sandbox.baseUrl}/sandbox/merchants`, body);
      expect(status).toBe(400);
      expect(json['message']).toEqual(expect.any(String));
    }
  });

  it('preloads SANDBOX_MERCHANTS and refuses to start on a bad list', async () => {
    const merchants = [{ gatewayType: 'VNPAY', credentials: { tmnCode: 'PRELOAD1', hashSecret: 'preloaded' } }];
    const preloaded = await startForTest(SandboxConfig, startSandbox, { SANDBOX_MERCHANTS: JSON.stringify(merchants) });
    try {
      const params = vnpayPaymentParams({ vnp_TmnCode: 'PRELOAD1' });
      expect((await openVnpayPayment(preloaded.baseUrl, params, 'preloaded')).error).toBeNull();
    } finally {
      await preloaded.close();
    }
    const bad = JSON.stringify([{ gatewayType: 'VNPAY', credentials: {} }]);
    await expect(startForTest(SandboxConfig, startSandbox, { SANDBOX_MERCHANTS: bad })).rejects.toThrow(
      /SANDBOX_MERCHANTS\[0\]: credentials\.tmnCode/,
    );
  });

  it('answers the order routes 404 for unknown orders or gateways and 400 for a bad outcome', async () => {
    expect((await fetch(`${sandbox.baseUrl}/sandbox/orders/momo/NOSUCH`)).status).toBe(404);
    expect((await fetch(`${sandbox.baseUrl}/sandbox/orders/paypal/NOSUCH`)).status).toBe(404);
    const body = momoCreateBody('http://127.0.0.1:9/ipn');
    await momoCall(sandbox.baseUrl, 'create', body);
    const complete = `${sandbox.baseUrl}/sandbox/orders/momo/${body['orderId']}/complete`;
    expect((await postJson(complete, { outcome: 'paid' })).status).toBe(400);
  });

  it('fails the gateway APIs with HTTP 500 in no gateway format, globally or per gateway, never the probes', async () => {
    expect((await put({ mode: 'error' })).status).toBe(200);
    const failed = await momoCreate();
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${sandbox.baseUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${sandbox.baseUrl}/sandbox/orders/momo/NOSUCH`)).status).toBe(404);

    await fetch(`${sandbox.baseUrl}/sandbox/faults`, { method: 'DELETE' });
    expect((await momoCreate()).status).toBe(200);

    const settings = await (await put({ gatewayType: 'VNPAY', mode: 'error' })).json();
    expect(settings).toEqual({ global: {}, gateways: { VNPAY: { mode: 'error' } } });
    expect((await momoCreate()).status).toBe(200);
    const vnpay = await fetch(`${sandbox.baseUrl}/paymentv2/vpcpay.html?vnp_TmnCode=PPMDEMO1`);
    expect(vnpay.status).toBe(500);
    expect((await put({ mode: 'sometimes' })).status).toBe(400);
  });

  it('handles a request, then answers HTTP 500 instead (error-after-processing): the work is done all the same', async () => {
    expect((await put({ gatewayType: 'MOMO', mode: 'error-after-processing' })).status).toBe(200);
    const body = momoCreateBody('http://127.0.0.1:9/ipn');
    const answered = await fetch(`${sandbox.baseUrl}/v2/gateway/api/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(answered.status).toBe(500);
    expect(answered.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await answered.text()).toContain('injected fault');
    expect((await fetch(`${sandbox.baseUrl}/sandbox/orders/momo/${String(body['orderId'])}`)).status).toBe(200);
    expect((await momoCreate({ 'x-sandbox-fault': 'error-after-processing' })).status).toBe(500);
  });

  it('delays, fails or holds a single request on its x-sandbox-fault header', async () => {
    const started = Date.now();
    expect((await momoCreate({ 'x-sandbox-fault': 'latency=100' })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect((await momoCreate({ 'x-sandbox-fault': 'latency=10,error' })).status).toBe(500);
    expect((await momoCreate({ 'x-sandbox-fault': 'slow' })).status).toBe(400);
    await expect(
      fetch(`${sandbox.baseUrl}/v2/gateway/api/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-fault': 'timeout' },
        body: '{}',
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow(/aborted/);
  });

  it('adds the latency set for one gateway to its API calls', async () => {
    await put({ gatewayType: 'MOMO', latencyMs: 150 });
    const started = Date.now();
    await momoCreate();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});
