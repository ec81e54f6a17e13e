import { startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from '../sandbox.config';
import { startSandbox } from '../start-sandbox';
import { MerchantEndpoint } from '../testing/merchant-endpoint';
import { completeOrder, postJson, registerMerchant } from '../testing/sandbox-http';
import {
  expectedResponseHash,
  openVnpayPayment,
  VNPAY_DEMO,
  vnpayPaymentParams,
  vnpayQuerydr,
  vnpayRefund,
  type VnpayPayment,
} from '../testing/vnpay-requests';

describe('VNPay merchant_webapi (querydr, refund)', () => {
  let sandbox: RunningService;
  let merchant: MerchantEndpoint;

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox);
    merchant = await MerchantEndpoint.start({ status: 200, json: { RspCode: '00', Message: 'Confirm Success' } });
    await registerMerchant(sandbox.baseUrl, { gatewayType: 'VNPAY', credentials: VNPAY_DEMO, ipnUrl: merchant.url() });
  });

  afterAll(async () => {
    await sandbox?.close();
    await merchant?.close();
  });

  async function openPayment(): Promise<VnpayPayment> {
    const params = vnpayPaymentParams();
    expect((await openVnpayPayment(sandbox.baseUrl, params)).error).toBeNull();
    return { txnRef: params['vnp_TxnRef'], createDate: params['vnp_CreateDate'] };
  }

  async function paidPayment(): Promise<VnpayPayment & { transactionNo: string }> {
    const payment = await openPayment();
    await completeOrder(sandbox.baseUrl, 'VNPAY', payment.txnRef, 'succeeded');
    const { json } = await vnpayQuerydr(sandbox.baseUrl, payment);
    return { ...payment, transactionNo: json['vnp_TransactionNo'] };
  }

  it('answers querydr with a signed status: 01 before payment, 00 once paid', async () => {
    const payment = await openPayment();
    const before = (await vnpayQuerydr(sandbox.baseUrl, payment)).json;
    expect(before).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionStatus: '01', vnp_TxnRef: payment.txnRef });
    expect(before['vnp_SecureHash']).toBe(expectedResponseHash(before));

    await completeOrder(sandbox.baseUrl, 'VNPAY', payment.txnRef, 'succeeded');
    const after = (await vnpayQuerydr(sandbox.baseUrl, payment)).json;
    expect(after).toMatchObject({
      vnp_Command: 'querydr',
      vnp_ResponseCode: '00',
      vnp_TransactionStatus: '00',
      vnp_TransactionType: '01',
      vnp_Amount: '15000000',
      vnp_BankCode: 'NCB',
      vnp_PromotionCode: '',
    });
    expect(after['vnp_TransactionNo']).toMatch(/^\d+$/);
    expect(after['vnp_PayDate']).toMatch(/^\d{14}$/);
    expect(after['vnp_SecureHash']).toBe(expectedResponseHash(after));
  });

  it('refuses a bad checksum (97), a reused RequestId (94), an unknown order (91) and merchant (02)', async () => {
    const payment = await openPayment();
    const url = `${sandbox.baseUrl}/merchant_webapi/api/transaction`;
    const { json: valid } = await vnpayQuerydr(sandbox.baseUrl, payment, 'REQ-DUP-1');
    expect(valid['vnp_ResponseCode']).toBe('00');
    expect((await vnpayQuerydr(sandbox.baseUrl, payment, 'REQ-DUP-1')).json['vnp_ResponseCode']).toBe('94');
    expect((await vnpayQuerydr(sandbox.baseUrl, payment, 'REQ-BAD', 'wrong-secret')).json).toMatchObject({
      vnp_ResponseCode: '97',
    });
    const unknown = { ...payment, txnRef: 'NOSUCHTXN' };
    expect((await vnpayQuerydr(sandbox.baseUrl, unknown)).json['vnp_ResponseCode']).toBe('91');
    const { json: noMerchant } = await postJson(url, { vnp_Command: 'querydr', vnp_TmnCode: 'NOSUCH01' });
    expect(noMerchant).toMatchObject({ vnp_ResponseCode: '02' });
    expect((await postJson(url, { vnp_Command: 'querydr', vnp_TmnCode: VNPAY_DEMO.tmnCode })).json).toMatchObject({
      vnp_ResponseCode: '03',
    });
  });

  it('refunds partially, then the full remainder, then refuses anything more (02)', async () => {
    const payment = await paidPayment();
    const partial = (await vnpayRefund(sandbox.baseUrl, payment, 50_000, '03')).json;
    expect(partial).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionType: '03', vnp_Amount: '5000000' });
    expect(partial['vnp_SecureHash']).toBe(expectedResponseHash(partial));
    expect(partial['vnp_TransactionNo']).not.toBe(payment.transactionNo);
    expect(partial).not.toHaveProperty('vnp_PromotionCode');

    const rest = (await vnpayRefund(sandbox.baseUrl, payment, 100_000, '02')).json;
    expect(rest).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionType: '02' });
    expect((await vnpayRefund(sandbox.baseUrl, payment, 1_000, '03')).json['vnp_ResponseCode']).toBe('02');

    const view = await fetch(`${sandbox.baseUrl}/sandbox/orders/vnpay/${payment.txnRef}`);
    expect(await view.json()).toMatchObject({ refundedAmount: 150_000, refunds: [{ amount: 50_000 }, {}] });
  });

  it("answers querydr with the latest refund's type, amount and status once the payment is refunded", async () => {
    const payment = await paidPayment();
    await vnpayRefund(sandbox.baseUrl, payment, 50_000, '03');
    const partial = (await vnpayQuerydr(sandbox.baseUrl, payment)).json;
    expect(partial).toMatchObject({
      vnp_ResponseCode: '00',
      vnp_TransactionType: '03',
      vnp_Amount: '5000000',
      vnp_TransactionStatus: '00',
      vnp_TransactionNo: payment.transactionNo,
    });
    expect(partial['vnp_SecureHash']).toBe(expectedResponseHash(partial));
    await vnpayRefund(sandbox.baseUrl, payment, 100_000, '02');
    expect((await vnpayQuerydr(sandbox.baseUrl, payment)).json).toMatchObject({
      vnp_TransactionType: '02',
      vnp_Amount: '10000000',
      vnp_TransactionStatus: '00',
    });
  });

  it('refuses a full refund that is not the remainder (93) and a refund of an unpaid payment (95)', async () => {
    const paid = await paidPayment();
    expect((await vnpayRefund(sandbox.baseUrl, paid, 100_000, '02')).json['vnp_ResponseCode']).toBe('93');
    const unpaid = await openPayment();
    const refund = await vnpayRefund(sandbox.baseUrl, { ...unpaid, transactionNo: '' }, 10_000, '03');
    expect(refund.json['vnp_ResponseCode']).toBe('95');
  });
});
