import { gmt7BusinessDay } from '@ppm/gateways';
import { startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from '../sandbox.config';
import { startSandbox } from '../start-sandbox';
import { MerchantEndpoint } from '../testing/merchant-endpoint';
import { postJson, registerMerchant } from '../testing/sandbox-http';

const ACCOUNT = {
  bankBin: '970415',
  accountNumber: '1234567890',
  accountName: 'CONG TY TEST',
  notificationSecret: 'sepay-test-key',
};
// NAPAS's example code: 120000 VND to BIN 970415, account 0011001932418 (the demo account), "ung ho lu lut".
const DEMO_QR =
  '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C';

interface TransferReply {
  accountNumber: string;
  amount: number;
  transferId: number;
  delivery: { attempts: number; acknowledged: boolean } | null;
}

describe('the sandbox VietQR bank, watched by SePay', () => {
  let sandbox: RunningService;
  let merchant: MerchantEndpoint;
  const transfer = (content: string, body: Record<string, unknown>) =>
    postJson<TransferReply>(`${sandbox.baseUrl}/sandbox/orders/vietqr/${encodeURIComponent(content)}/complete`, {
      outcome: 'succeeded',
      ...body,
    });

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox, { SANDBOX_REDELIVERY_INTERVAL_MS: '50' });
    merchant = await MerchantEndpoint.start({ status: 200, json: { success: true } });
    await registerMerchant(sandbox.baseUrl, { gatewayType: 'VIETQR', credentials: ACCOUNT, ipnUrl: merchant.url() });
  });

  afterAll(async () => {
    await sandbox?.close();
    await merchant?.close();
  });

  it('posts SePay’s notification with its API key, and redelivers it until a 2xx', async () => {
    merchant.replyNext({ status: 503, json: { success: false } }, { status: 500 });
    const { status, json } = await transfer('PPM0123456789ABCDEF', {
      accountNumber: ACCOUNT.accountNumber,
      amount: 50_000,
    });

    expect(status).toBe(200);
    const requests = await merchant.waitForRequests(3);
    expect(requests.map((r) => r.headers['authorization'])).toEqual(Array(3).fill('Apikey sepay-test-key'));
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(requests[0]?.body ?? '{}')).toMatchObject({
      id: json.transferId,
      accountNumber: ACCOUNT.accountNumber,
      transferType: 'in',
      transferAmount: 50_000,
      content: 'PPM0123456789ABCDEF',
      code: null,
      referenceCode: `FT${json.transferId}`,
      transactionDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) as unknown,
    });
  });

  it('pays what a scanned code asks, another amount when told, and refuses what is not a transfer', async () => {
    expect((await transfer('PPMX', { qrPayload: DEMO_QR })).json).toMatchObject({
      accountNumber: '0011001932418',
      amount: 120_000,
    });
    expect((await transfer('PPMX', { qrPayload: DEMO_QR, amount: 100_000 })).json).toMatchObject({ amount: 100_000 });
    expect((await transfer('PPMX', { qrPayload: DEMO_QR.replace('C15C', 'C15D') })).status).toBe(400);
    expect((await transfer('PPMX', { accountNumber: ACCOUNT.accountNumber })).status).toBe(400);
    expect((await transfer('PPMX', { accountNumber: '999', amount: 1 })).status).toBe(404);
    const failed = await postJson(`${sandbox.baseUrl}/sandbox/orders/vietqr/PPMX/complete`, { outcome: 'failed' });
    expect(failed.status).toBe(400);
  });

  it('exports the account’s statement of the day, every transfer booked on it', async () => {
    const { json } = await transfer('tien an trua', { accountNumber: ACCOUNT.accountNumber, amount: 42_000 });
    const response = await fetch(
      `${sandbox.baseUrl}/sandbox/settlements/vietqr/${ACCOUNT.accountNumber}/${gmt7BusinessDay(new Date())}`,
    );
    const lines = (await response.text()).trim().split('\n');

    expect(lines[0]).toBe('id,transaction_date,account_number,transfer_type,amount,content,reference_code');
    expect(lines).toContainEqual(
      expect.stringMatching(
        `^${json.transferId},\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+07:00,${ACCOUNT.accountNumber},in,42000,tien an trua,FT${json.transferId}$`,
      ),
    );
    expect(lines.filter((line) => line.includes(`,${ACCOUNT.accountNumber},`))).toHaveLength(2);
  });
});
