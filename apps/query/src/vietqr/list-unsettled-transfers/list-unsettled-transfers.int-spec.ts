import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  Subjects,
  type ListUnsettledTransfersReply,
  type ListUnsettledTransfersRequest,
  type Reply,
} from '@ppm/contracts';
import type { TestRequester } from '@ppm/testing';
import { QueryTestBed } from '../../../test/query-test-bed';

const ACCOUNT = '0011001932418';

describe('vietqr-transfer.list-unsettled: the VietQR transfers the worker kept for operators, over real Postgres', () => {
  const tenantId = randomUUID();
  const configurationId = randomUUID();
  let bed: QueryTestBed;
  let sql: DataSource;
  let client: TestRequester;
  let at = Date.parse('2026-12-01T07:00:00.000Z');

  const list = (data: Partial<ListUnsettledTransfersRequest>, tenant = tenantId) =>
    client.request<ListUnsettledTransfersReply>(Subjects.query.vietqrTransferListUnsettled, data, {
      tenantId: tenant,
    });
  /** Every page, followed through its cursors: the contents in order. */
  const allContents = async (data: Partial<ListUnsettledTransfersRequest>): Promise<string[]> => {
    const contents: string[] = [];
    let cursor: string | undefined;
    do {
      const reply: Reply<ListUnsettledTransfersReply> = await list({ ...data, cursor });
      if (!reply.success) throw new Error(JSON.stringify(reply.error));
      contents.push(...reply.data.items.map((item) => item.content));
      cursor = reply.data.nextCursor ?? undefined;
    } while (cursor);
    return contents;
  };
  /** One stored delivery of a SePay notification, as the worker records it, a second after the previous one. */
  const delivery = async (
    sepayId: number,
    content: string,
    outcome: string,
    overrides: { tenant?: string; status?: string; verification?: string; transferType?: string } = {},
  ) => {
    at += 1_000;
    const body = {
      id: sepayId,
      accountNumber: ACCOUNT,
      transferType: overrides.transferType ?? 'in',
      transferAmount: 42_000,
      content,
      referenceCode: `FT${sepayId}`,
      transactionDate: '2026-12-01 14:02:37',
    };
    await sql.query(
      `INSERT INTO webhook_events (gateway_type, tenant_id, payment_gateway_id, dedup_key, http_method, raw_body,
                                   verification, processing_status, outcome, received_at)
       VALUES ('VIETQR', $1, $2, $3, 'POST', $4, $5, $6, $7, $8)`,
      [
        overrides.tenant ?? tenantId,
        configurationId,
        `sepay:${sepayId}`,
        JSON.stringify(body),
        overrides.verification ?? 'VERIFIED',
        overrides.status ?? 'REJECTED',
        outcome,
        new Date(at).toISOString(),
      ],
    );
  };

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'list-unsettled-transfers-test' });
    ({ sql, client } = bed);
    await delivery(1, 'tien an trua', 'TRANSACTION_NOT_FOUND');
    await delivery(1, 'tien an trua', 'TRANSACTION_NOT_FOUND'); // SePay delivered it again
    await delivery(2, 'PPM0123456789ABCDEF thanh toan', 'AMOUNT_MISMATCH');
    for (let i = 3; i < 8; i += 1) await delivery(i, `chuyen tien ${i}`, 'TRANSACTION_NOT_FOUND');
    await delivery(20, 'PPMFEDCBA9876543210', 'SUCCEEDED (APPLIED)', { status: 'APPLIED' });
    await delivery(21, 'hoan tien', 'TRANSACTION_NOT_FOUND', { transferType: 'out' });
    await delivery(22, 'forged', 'TRANSACTION_NOT_FOUND', { verification: 'BAD_SIGNATURE' });
    await delivery(23, 'another tenant', 'TRANSACTION_NOT_FOUND', { tenant: randomUUID() });
  });

  afterAll(() => bed?.stop());

  it('lists each unmatched or wrong-amount transfer once, newest first, through its pages', async () => {
    const expected = ['chuyen tien 7', 'chuyen tien 6', 'chuyen tien 5', 'chuyen tien 4', 'chuyen tien 3'];
    expect(await allContents({ limit: 2 })).toEqual([...expected, 'PPM0123456789ABCDEF thanh toan', 'tien an trua']);
    expect(await allContents({ reason: 'UNMATCHED', limit: 3 })).toEqual([...expected, 'tien an trua']);
  });

  it('shows what the operator needs: the reason, the amount, the payment code found and the bank reference', async () => {
    const reply = await list({ reason: 'AMOUNT_MISMATCH' });
    expect(reply).toMatchObject({
      success: true,
      data: {
        nextCursor: null,
        items: [
          {
            reason: 'AMOUNT_MISMATCH',
            gatewayConfigurationId: configurationId,
            accountNumber: ACCOUNT,
            amount: 42_000,
            paymentCode: 'PPM0123456789ABCDEF',
            bankReference: 'FT2',
            transactionDate: '2026-12-01 14:02:37',
          },
        ],
      },
    });
  });

  it('refuses an unknown reason or a forged cursor', async () => {
    for (const data of [{ reason: 'LOST' as 'UNMATCHED' }, { cursor: 'bm90LWEtY3Vyc29y' }, { limit: 201 }]) {
      expect([data, await list(data)]).toMatchObject([data, { success: false, error: { code: 'VALIDATION_ERROR' } }]);
    }
  });
});
