import { zalopayCallbackMac, zalopayMac } from '@ppm/gateways';
import { eventually, startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from '../sandbox.config';
import { startSandbox } from '../start-sandbox';
import { MerchantEndpoint } from '../testing/merchant-endpoint';
import { completeOrder } from '../testing/sandbox-http';
import {
  newRefundId,
  ZALOPAY_DEMO,
  zalopayCall,
  zalopayCreateFields,
  zalopayQueryFields,
  zalopayQueryRefundFields,
  zalopayRefundFields,
} from '../testing/zalopay-requests';

describe('ZaloPay create, callback, query and refund', () => {
  let sandbox: RunningService;
  let merchant: MerchantEndpoint;
  const call = (operation: string, fields: Record<string, string>, encoding?: 'form' | 'json') =>
    zalopayCall(sandbox.baseUrl, operation, fields, encoding);

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox, {
      SANDBOX_REDELIVERY_INTERVAL_MS: '50',
      SANDBOX_ZALOPAY_REFUND_DELAY_MS: '200',
    });
    merchant = await MerchantEndpoint.start({ status: 200, json: { return_code: 1, return_message: 'success' } });
  });

  afterAll(async () => {
    await sandbox?.close();
    await merchant?.close();
  });

  beforeEach(() => merchant.requests.splice(0));

  async function paidOrder(): Promise<{ appTransId: string; zpTransId: string }> {
    const fields = zalopayCreateFields(merchant.url('/callback'));
    await call('create', fields);
    await completeOrder(sandbox.baseUrl, 'ZALOPAY', fields['app_trans_id'], 'succeeded');
    const queried = await call('query', zalopayQueryFields(fields['app_trans_id']));
    return { appTransId: fields['app_trans_id'], zpTransId: String(queried['zp_trans_id']) };
  }

  it('creates orders from form and JSON bodies, and refuses bad ones with ZaloPay codes', async () => {
    const url = merchant.url('/callback');
    for (const encoding of ['form', 'json'] as const) {
      const created = await call('create', zalopayCreateFields(url, { app_user: 'Nguyen Van A+1 & co' }), encoding);
      expect(created).toMatchObject({ return_code: 1, sub_return_code: 1 });
      expect(created['order_url']).toEqual(expect.any(String));
    }
    expect(await call('create', zalopayCreateFields(url, {}, 'wrong-key'))).toMatchObject({
      return_code: 2,
      sub_return_code: -402,
    });
    const wrongDay = zalopayCreateFields(url, { app_trans_id: '200904_000234' });
    expect(await call('create', wrongDay)).toMatchObject({ return_code: 2, sub_return_code: -401 });
    expect(await call('create', zalopayCreateFields(url, { app_id: '999' }))).toMatchObject({ sub_return_code: -401 });
    const stale = zalopayCreateFields(url, { app_time: String(Date.now() - 16 * 60_000) });
    expect(await call('create', stale)).toMatchObject({ return_code: 2, sub_return_code: -54 });
    const first = zalopayCreateFields(url);
    await call('create', first);
    expect(await call('create', first)).toMatchObject({ return_code: 2, sub_return_code: -68 });
    expect(await call('query', zalopayQueryFields('200904_unknown'))).toMatchObject({ sub_return_code: -101 });
  });

  it('calls back on success with data signed by key2, until the merchant answers 1 or 2', async () => {
    const fields = zalopayCreateFields(merchant.url('/callback'));
    await call('create', fields);
    merchant.replyNext({ status: 200, json: { return_code: 0, return_message: 'retry' } });
    const { json } = await completeOrder(sandbox.baseUrl, 'ZALOPAY', fields['app_trans_id'], 'succeeded');
    expect(json.delivery).toMatchObject({ attempts: 1, acknowledged: false });

    const [callback] = await merchant.waitForRequests(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(merchant.requests).toHaveLength(2);
    const { data, mac, type } = JSON.parse(callback.body) as { data: string; mac: string; type: number };
    expect(type).toBe(1);
    expect(mac).toBe(zalopayCallbackMac(ZALOPAY_DEMO.key2, data));
    const paid = JSON.parse(data) as Record<string, unknown>;
    expect(paid).toMatchObject({ app_id: 2553, app_trans_id: fields['app_trans_id'], amount: 150_000 });
    expect(String(paid['zp_trans_id'])).toMatch(/^\d{15}$/);

    const queried = await call('query', zalopayQueryFields(fields['app_trans_id']), 'json');
    expect(queried).toMatchObject({ return_code: 1, is_processing: false, amount: 150_000 });
    expect(queried['zp_trans_id']).toBe(paid['zp_trans_id']);

    const back = new URL(json.redirectUrl!).searchParams;
    const signed = ['appid', 'apptransid', 'pmcid', 'bankcode', 'amount', 'discountamount', 'status'];
    expect(back.get('status')).toBe('1');
    expect(back.get('checksum')).toBe(
      zalopayMac(
        ZALOPAY_DEMO.key2,
        signed.map((k) => back.get(k) ?? ''),
      ),
    );
  });

  it('sends no callback for a failed payment, which query reports as 2; pending is 3, expiry -54', async () => {
    const failed = zalopayCreateFields(merchant.url('/callback'));
    await call('create', failed);
    expect(await call('query', zalopayQueryFields(failed['app_trans_id']))).toMatchObject({ return_code: 3 });
    const { json } = await completeOrder(sandbox.baseUrl, 'ZALOPAY', failed['app_trans_id'], 'failed');
    expect(json).toMatchObject({ status: 'failed', delivery: null });
    expect(await call('query', zalopayQueryFields(failed['app_trans_id']))).toMatchObject({ return_code: 2 });

    const shortLived = zalopayCreateFields(merchant.url('/callback'), { expire_duration_seconds: '1' });
    await call('create', shortLived);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const expired = await call('query', zalopayQueryFields(shortLived['app_trans_id']));
    expect(expired).toMatchObject({ return_code: 2, sub_return_code: -54 });
    expect(merchant.requests).toHaveLength(0);
  });

  it('refunds asynchronously (3, then 1 by query_refund), idempotently, and never beyond the payment', async () => {
    const { zpTransId } = await paidOrder();
    const mRefundId = newRefundId();
    const refund = await call('refund', zalopayRefundFields(zpTransId, 100_000, mRefundId));
    expect(refund).toMatchObject({ return_code: 3 });
    expect(refund['refund_id']).toEqual(expect.any(Number));
    const again = await call('refund', zalopayRefundFields(zpTransId, 100_000, mRefundId));
    expect(again).toMatchObject({ refund_id: refund['refund_id'] });

    expect(await call('query_refund', zalopayQueryRefundFields(mRefundId))).toMatchObject({ return_code: 3 });
    const done = await eventually(
      () => call('query_refund', zalopayQueryRefundFields(mRefundId)),
      (reply) => reply['return_code'] !== 3,
      { what: 'the refund leaving processing', timeoutMs: 5_000, intervalMs: 20 },
    );
    expect(done).toMatchObject({ return_code: 1 });

    expect(await call('refund', zalopayRefundFields(zpTransId, 60_000))).toMatchObject({ sub_return_code: -13 });
    expect(await call('refund', zalopayRefundFields(zpTransId, 50_000))).toMatchObject({ return_code: 3 });
    expect(await call('refund', zalopayRefundFields(zpTransId, 1, 'bad-id'))).toMatchObject({ sub_return_code: -401 });
    expect(await call('query_refund', zalopayQueryRefundFields(newRefundId()))).toMatchObject({
      sub_return_code: -101,
    });
  });
});
