import { gmt7Timestamp, vnpayVerifyParams } from '@ppm/gateways';
import { startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from '../sandbox.config';
import { startSandbox } from '../start-sandbox';
import { MerchantEndpoint } from '../testing/merchant-endpoint';
import { completeOrder, registerMerchant } from '../testing/sandbox-http';
import { openVnpayPayment, vnpayPaymentParams } from '../testing/vnpay-requests';

const MERCHANT = { tmnCode: 'TESTIPN1', hashSecret: 'test-vnpay-secret' };
const CONFIRMED = { status: 200, json: { RspCode: '00', Message: 'Confirm Success' } };

describe('VNPay payment URL and IPN', () => {
  let sandbox: RunningService;
  let merchant: MerchantEndpoint;

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox, { SANDBOX_REDELIVERY_INTERVAL_MS: '50' });
    merchant = await MerchantEndpoint.start(CONFIRMED);
    await registerMerchant(sandbox.baseUrl, {
      gatewayType: 'VNPAY',
      credentials: MERCHANT,
      ipnUrl: merchant.url('/ipn'),
    });
  });

  afterAll(async () => {
    await sandbox?.close();
    await merchant?.close();
  });

  beforeEach(() => merchant.requests.splice(0));

  const params = (overrides: Record<string, string> = {}): Record<string, string> =>
    vnpayPaymentParams({ vnp_TmnCode: MERCHANT.tmnCode, ...overrides });
  const open = (p: Record<string, string>, tamper?: Record<string, string>) =>
    openVnpayPayment(sandbox.baseUrl, p, MERCHANT.hashSecret, tamper);

  it('shows the pay page for a signed URL and refuses a tampered amount (70) or an unknown merchant (02)', async () => {
    const valid = params({ vnp_OrderInfo: 'Thanh toan don hang #42 & co' });
    const page = await open(valid);
    expect(page).toMatchObject({ status: 200, error: null });
    expect(page.html).toContain('data-amount="150000"');
    expect(page.html).toContain('Thanh toan don hang #42 &amp; co');

    expect((await open(params(), { vnp_Amount: '20000000' })).error).toBe('70');
    expect((await open(params(), { vnp_SecureHash: '00' })).error).toBe('70');
    expect((await open(params({ vnp_TmnCode: 'NOSUCH01' }))).error).toBe('02');
  });

  it('refuses malformed requests with 03 and an expired one with 11', async () => {
    const malformed: Record<string, string>[] = [
      { vnp_Version: '2.0.0' },
      { vnp_Command: 'querydr' },
      { vnp_CurrCode: 'USD' },
      { vnp_Amount: '15000050' },
      { vnp_Amount: '1500000000000' },
      { vnp_Amount: '15e6' },
      { vnp_CreateDate: '2026-11-22' },
      { vnp_ReturnUrl: '' },
    ];
    for (const overrides of malformed) expect((await open(params(overrides))).error).toBe('03');

    const past = Date.now() - 30 * 60_000;
    const expired = params({
      vnp_CreateDate: gmt7Timestamp(new Date(past)),
      vnp_ExpireDate: gmt7Timestamp(new Date(past + 15 * 60_000)),
    });
    expect((await open(expired)).error).toBe('11');
  });

  it('refuses a TxnRef the merchant already used today (01) but reopens the same signed URL', async () => {
    const first = params();
    expect((await open(first)).error).toBeNull();
    expect((await open(first)).error).toBeNull();
    expect((await open({ ...first, vnp_Amount: '20000000' })).error).toBe('01');
  });

  it('sends a signed IPN on success and redelivers it until the merchant confirms', async () => {
    const payment = params();
    await open(payment);
    merchant.replyNext({ status: 200, json: { RspCode: '99', Message: 'Unknown error' } }, { status: 500 });

    const { status, json } = await completeOrder(sandbox.baseUrl, 'VNPAY', payment['vnp_TxnRef'], 'succeeded');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      status: 'succeeded',
      delivery: { attempts: 1, acknowledged: false, lastStatus: 200 },
    });

    const ipns = await merchant.waitForRequests(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(merchant.requests).toHaveLength(3);
    for (const ipn of ipns) {
      const query = Object.fromEntries(ipn.query);
      expect(ipn).toMatchObject({ method: 'GET', path: '/ipn' });
      expect(vnpayVerifyParams(query, MERCHANT.hashSecret)).toBe(true);
      expect(query).toMatchObject({
        vnp_TmnCode: MERCHANT.tmnCode,
        vnp_TxnRef: payment['vnp_TxnRef'],
        vnp_Amount: '15000000',
        vnp_ResponseCode: '00',
        vnp_TransactionStatus: '00',
        vnp_OrderInfo: payment['vnp_OrderInfo'],
        vnp_CardType: 'ATM',
      });
      expect(query['vnp_PayDate']).toMatch(/^\d{14}$/);
      expect(query['vnp_TransactionNo']).toMatch(/^\d+$/);
    }

    const returned = new URL(json.redirectUrl!);
    expect(returned.origin + returned.pathname).toBe(payment['vnp_ReturnUrl']);
    expect(vnpayVerifyParams(Object.fromEntries(returned.searchParams), MERCHANT.hashSecret)).toBe(true);

    const view = await fetch(`${sandbox.baseUrl}/sandbox/orders/vnpay/${payment['vnp_TxnRef']}`);
    expect(await view.json()).toMatchObject({ status: 'succeeded', amount: 150000, delivery: { attempts: 3 } });
  });

  it('reports a cancellation with 24/02, refuses to complete a final order (409) and knows no other (404)', async () => {
    const payment = params();
    await open(payment);
    const { json } = await completeOrder(sandbox.baseUrl, 'VNPAY', payment['vnp_TxnRef'], 'cancelled');
    expect(json.delivery).toMatchObject({ attempts: 1, acknowledged: true });
    const [ipn] = await merchant.waitForRequests(1);
    expect(Object.fromEntries(ipn.query)).toMatchObject({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' });

    expect((await completeOrder(sandbox.baseUrl, 'VNPAY', payment['vnp_TxnRef'], 'succeeded')).status).toBe(409);
    expect((await completeOrder(sandbox.baseUrl, 'VNPAY', 'NOSUCHORDER', 'succeeded')).status).toBe(404);
  });

  it('gives up after 10 deliveries the merchant never confirms', async () => {
    const payment = params();
    await open(payment);
    merchant.replyNext(...Array.from({ length: 10 }, () => ({ status: 503 })));
    await completeOrder(sandbox.baseUrl, 'VNPAY', payment['vnp_TxnRef'], 'failed');
    const ipns = await merchant.waitForRequests(10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(merchant.requests).toHaveLength(10);
    expect(Object.fromEntries(ipns[0].query)).toMatchObject({ vnp_ResponseCode: '51', vnp_TransactionStatus: '02' });
  });
});
