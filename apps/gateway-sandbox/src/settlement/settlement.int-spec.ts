import { gmt7BusinessDay } from '@ppm/gateways';
import { startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from '../sandbox.config';
import { startSandbox } from '../start-sandbox';
import { MerchantEndpoint } from '../testing/merchant-endpoint';
import { momoCall, momoCreateBody, momoQueryBody, momoRefundBody } from '../testing/momo-requests';
import { completeOrder, registerMerchant } from '../testing/sandbox-http';
import { openVnpayPayment, VNPAY_DEMO, vnpayPaymentParams, vnpayQuerydr, vnpayRefund } from '../testing/vnpay-requests';
import {
  ZALOPAY_DEMO,
  zalopayCall,
  zalopayCreateFields,
  zalopayQueryFields,
  zalopayRefundFields,
} from '../testing/zalopay-requests';

describe('settlement files', () => {
  let sandbox: RunningService;
  let merchant: MerchantEndpoint;
  const today = gmt7BusinessDay(new Date());

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox, { SANDBOX_ZALOPAY_REFUND_DELAY_MS: '0' });
    merchant = await MerchantEndpoint.start({ status: 200, json: { RspCode: '00', return_code: 1 } });
    await registerMerchant(sandbox.baseUrl, { gatewayType: 'VNPAY', credentials: VNPAY_DEMO, ipnUrl: merchant.url() });
  });

  afterAll(async () => {
    await sandbox?.close();
    await merchant?.close();
  });

  async function settlement(path: string): Promise<{ status: number; type: string | null; lines: string[] }> {
    const response = await fetch(`${sandbox.baseUrl}/sandbox/settlements/${path}`);
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), lines: text.trim().split('\n') };
  }

  it("lists a VNPay merchant's payments and refunds of the day", async () => {
    const params = vnpayPaymentParams();
    await openVnpayPayment(sandbox.baseUrl, params);
    const [txnRef, createDate] = [params['vnp_TxnRef'], params['vnp_CreateDate']];
    await completeOrder(sandbox.baseUrl, 'VNPAY', txnRef, 'succeeded');
    const transactionNo = (await vnpayQuerydr(sandbox.baseUrl, { txnRef, createDate })).json['vnp_TransactionNo'];
    await vnpayRefund(sandbox.baseUrl, { txnRef, createDate, transactionNo }, 40_000, '03');

    const { status, type, lines } = await settlement(`vnpay/PPMDEMO1/${today}`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/csv/);
    expect(lines[0]).toBe('TmnCode,TxnRef,TransactionNo,Amount,Fee,NetAmount,PayDate,BankCode,TransactionType,Status');
    expect(lines).toContainEqual(
      expect.stringMatching(`^PPMDEMO1,${txnRef},${transactionNo},150000,1650,148350,\\d{14},NCB,01,00$`),
    );
    expect(lines).toContainEqual(expect.stringMatching(`^PPMDEMO1,${txnRef},\\d+,40000,0,-40000,\\d{14},NCB,03,00$`));
    expect((await settlement('vnpay/PPMDEMO1/2020-01-01')).lines).toHaveLength(1);
  });

  it('lists MoMo payments with the 1.1 % fee, rounded down, and refunds without one', async () => {
    const body = momoCreateBody(merchant.url(), { amount: 123_456 });
    await momoCall(sandbox.baseUrl, 'create', body);
    await completeOrder(sandbox.baseUrl, 'MOMO', body['orderId'] as string, 'succeeded');
    const { transId } = await momoCall(sandbox.baseUrl, 'query', momoQueryBody(body['orderId'] as string));
    const refund = momoRefundBody(transId as number, 20_000);
    await momoCall(sandbox.baseUrl, 'refund', refund);

    const { lines } = await settlement(`momo/PPMDEMO/${today}`);
    expect(lines[0]).toBe('partnerCode,orderId,transId,amount,fee,netAmount,responseTime,type,resultCode');
    expect(lines).toContainEqual(
      expect.stringMatching(
        `^PPMDEMO,${String(body['orderId'])},${String(transId)},123456,1358,122098,\\d+,payment,0$`,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(`^PPMDEMO,${String(refund['orderId'])},\\d+,20000,0,-20000,\\d+,refund,0$`),
    );
  });

  it('lists ZaloPay payments and completed refunds', async () => {
    const fields = zalopayCreateFields(merchant.url());
    await zalopayCall(sandbox.baseUrl, 'create', fields);
    await completeOrder(sandbox.baseUrl, 'ZALOPAY', fields['app_trans_id'], 'succeeded');
    const { zp_trans_id } = await zalopayCall(sandbox.baseUrl, 'query', zalopayQueryFields(fields['app_trans_id']));
    const refund = zalopayRefundFields(String(zp_trans_id), 10_000);
    await zalopayCall(sandbox.baseUrl, 'refund', refund);

    const { lines } = await settlement(`zalopay/${ZALOPAY_DEMO.appId}/${today}`);
    expect(lines[0]).toBe('app_id,app_trans_id,zp_trans_id,amount,fee,net_amount,server_time,type,status');
    const paid = `^2553,${fields['app_trans_id']},${String(zp_trans_id)},150000,1650,148350,\\d+,payment,1$`;
    expect(lines).toContainEqual(expect.stringMatching(paid));
    expect(lines).toContainEqual(
      expect.stringMatching(`^2553,${refund['m_refund_id']},\\d{15},10000,0,-10000,\\d+,refund,1$`),
    );
  });

  it('answers 404 for an unknown merchant and 400 for a date that is not yyyy-MM-dd', async () => {
    expect((await settlement(`vnpay/NOSUCH01/${today}`)).status).toBe(404);
    expect((await settlement('momo/PPMDEMO/20261122')).status).toBe(400);
  });
});
