import { momoSign } from '@ppm/gateways';
import { startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from '../sandbox.config';
import { startSandbox } from '../start-sandbox';
import { MerchantEndpoint } from '../testing/merchant-endpoint';
import { momoCall, momoCreateBody, momoQueryBody, momoRefundBody, MOMO_DEMO } from '../testing/momo-requests';
import { completeOrder } from '../testing/sandbox-http';

describe('MoMo create, IPN, query and refund', () => {
  let sandbox: RunningService;
  let merchant: MerchantEndpoint;
  const call = (operation: string, body: unknown) => momoCall(sandbox.baseUrl, operation, body);

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox, { SANDBOX_REDELIVERY_INTERVAL_MS: '50' });
    merchant = await MerchantEndpoint.start({ status: 204 });
  });

  afterAll(async () => {
    await sandbox?.close();
    await merchant?.close();
  });

  beforeEach(() => merchant.requests.splice(0));

  it('creates an order and answers with its payUrl, which shows the pay page', async () => {
    const body = momoCreateBody(merchant.url('/ipn'));
    const created = await call('create', body);
    expect(created).toMatchObject({ resultCode: 0, message: 'Thành công.', orderId: body['orderId'], amount: 150_000 });
    expect(created['deeplink']).toEqual(expect.any(String));
    const page = await fetch(`${sandbox.baseUrl}${new URL(created['payUrl'] as string).pathname}`);
    expect(await page.text()).toContain('data-amount="150000"');
  });

  it('answers protocol errors with MoMo codes over HTTP 200', async () => {
    const ipnUrl = merchant.url('/ipn');
    expect(await call('create', momoCreateBody(ipnUrl, {}, 'wrong-secret'))).toMatchObject({ resultCode: 11 });
    expect(await call('create', { ...momoCreateBody(ipnUrl), amount: 160_000 })).toMatchObject({ resultCode: 11 });
    expect(await call('create', momoCreateBody(ipnUrl, { partnerCode: 'NOSUCH' }))).toMatchObject({ resultCode: 11 });
    expect(await call('create', momoCreateBody(ipnUrl, { amount: 500 }))).toMatchObject({ resultCode: 22 });
    expect(await call('create', momoCreateBody(ipnUrl, { orderId: 'bad order!' }))).toMatchObject({ resultCode: 20 });
    expect(await call('create', momoCreateBody(ipnUrl, { requestType: 'toString' }))).toMatchObject({ resultCode: 20 });
    expect(await call('create', [])).toMatchObject({ resultCode: 11 });

    const first = momoCreateBody(ipnUrl);
    await call('create', first);
    const sameRequest = momoCreateBody(ipnUrl, { requestId: first['requestId'] });
    expect(await call('create', sameRequest)).toMatchObject({ resultCode: 40 });
    const sameOrder = momoCreateBody(ipnUrl, { orderId: first['orderId'] });
    expect(await call('create', sameOrder)).toMatchObject({ resultCode: 41 });
    expect(await call('query', momoQueryBody('NOSUCHORDER'))).toMatchObject({ resultCode: 42 });
  });

  it('posts a signed IPN, redelivers it until a 2xx, and reports the order paid', async () => {
    const body = momoCreateBody(merchant.url('/ipn'), { lang: 'en' });
    await call('create', body);
    merchant.replyNext({ status: 500 });
    const { json } = await completeOrder(sandbox.baseUrl, 'MOMO', body['orderId'] as string, 'succeeded');
    expect(json.delivery).toMatchObject({ attempts: 1, acknowledged: false, lastStatus: 500 });

    const [first, second] = await merchant.waitForRequests(2);
    expect(second.body).toBe(first.body);
    const ipn = JSON.parse(first.body) as Record<string, unknown>;
    expect(ipn).toMatchObject({ orderId: body['orderId'], amount: 150_000, resultCode: 0, message: 'Successful.' });
    expect(ipn['transId']).toEqual(expect.any(Number));
    expect(ipn['signature']).toBe(momoSign('ipn', { ...ipn, accessKey: MOMO_DEMO.accessKey }, MOMO_DEMO.secretKey));
    const redirect = new URL(json.redirectUrl!).searchParams;
    expect(redirect.get('signature')).toBe(ipn['signature']);

    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(merchant.requests).toHaveLength(2);
    const queried = await call('query', momoQueryBody(body['orderId'] as string));
    expect(queried).toMatchObject({ resultCode: 0, transId: ipn['transId'], amount: 150_000, payType: 'qr' });
  });

  it('reports declined and cancelled payments with 1006 and 1003, and pending ones with 1000', async () => {
    const [declined, cancelled, pending] = [1, 2, 3].map(() => momoCreateBody(merchant.url('/ipn')));
    for (const body of [declined, cancelled, pending]) await call('create', body);
    await completeOrder(sandbox.baseUrl, 'MOMO', declined['orderId'] as string, 'failed');
    await completeOrder(sandbox.baseUrl, 'MOMO', cancelled['orderId'] as string, 'cancelled');
    const ipns = (await merchant.waitForRequests(2)).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(ipns.map((ipn) => ipn['resultCode'])).toEqual([1006, 1003]);
    expect(await call('query', momoQueryBody(declined['orderId'] as string))).toMatchObject({ resultCode: 1006 });
    expect(await call('query', momoQueryBody(cancelled['orderId'] as string))).toMatchObject({ resultCode: 1003 });
    expect(await call('query', momoQueryBody(pending['orderId'] as string))).toMatchObject({ resultCode: 1000 });
  });

  it('refunds partially, then the remainder, then rejects more (1080); unknown transId is 42', async () => {
    const body = momoCreateBody(merchant.url('/ipn'));
    await call('create', body);
    await completeOrder(sandbox.baseUrl, 'MOMO', body['orderId'] as string, 'succeeded');
    const { transId } = await call('query', momoQueryBody(body['orderId'] as string));

    const partial = await call('refund', momoRefundBody(transId as number, 50_000));
    expect(partial).toMatchObject({ resultCode: 0, amount: 50_000 });
    expect(partial['transId']).not.toBe(transId);
    expect(await call('refund', momoRefundBody(transId as number, 100_000))).toMatchObject({ resultCode: 0 });
    expect(await call('refund', momoRefundBody(transId as number, 1_000))).toMatchObject({ resultCode: 1080 });
    expect(await call('refund', momoRefundBody(123, 1_000))).toMatchObject({ resultCode: 42 });
    const reused = momoRefundBody(transId as number, 1_000, { orderId: body['orderId'] as string });
    expect(await call('refund', reused)).toMatchObject({ resultCode: 41 });

    const queried = await call('query', momoQueryBody(body['orderId'] as string));
    expect(queried['refundTrans']).toEqual([
      expect.objectContaining({ amount: 50_000, resultCode: 0 }),
      expect.objectContaining({ amount: 100_000, resultCode: 0 }),
    ]);
  });
});
