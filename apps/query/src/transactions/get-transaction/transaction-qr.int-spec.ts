import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type TransactionView } from '@ppm/contracts';
import type { TestRequester } from '@ppm/testing';
import { QueryTestBed } from '../../../test/query-test-bed';
import { insertPayments } from '../../../test/query-test-kit';

// The reader hands the stored text over as it is; the console parses and checks it.
const FIRST_CODE = 'payload of the first order';
const REOPENED_CODE = 'payload of the reopened order';

describe('transaction.get: the VietQR code a payment showed its payer, over real Postgres', () => {
  const tenantId = randomUUID();
  let bed: QueryTestBed;
  let sql: DataSource;
  let client: TestRequester;

  const attempt = (paymentId: string, attemptNumber: number, gateway: string, response: object | null) =>
    sql.query(
      `INSERT INTO payment_attempts (tenant_id, payment_transaction_id, attempt_number, gateway_type, gateway_request_id,
                                     status, gateway_response)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', $6)`,
      [tenantId, paymentId, attemptNumber, gateway, randomUUID(), response === null ? null : JSON.stringify(response)],
    );
  const view = async (transactionId: string): Promise<TransactionView> => {
    const reply = await client.request<TransactionView>(Subjects.query.transactionGet, { transactionId }, { tenantId });
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };

  beforeAll(async () => {
    bed = await QueryTestBed.start({ clientName: 'transaction-qr-test' });
    ({ sql, client } = bed);
  });

  afterAll(() => bed?.stop());

  it('answers the payload of the latest order opened, so a reopened order shows the code the payer has now', async () => {
    const [paymentId = ''] = await insertPayments(sql, [
      { tenantId, gatewayType: 'VIETQR', paymentMethod: 'QR_CODE', status: 'PROCESSING' },
    ]);
    await attempt(paymentId, 1, 'VIETQR', { qrPayload: FIRST_CODE });
    await attempt(paymentId, 2, 'VIETQR', { qrPayload: REOPENED_CODE });
    await attempt(paymentId, 3, 'VIETQR', null);

    expect(await view(paymentId)).toMatchObject({ id: paymentId, qrPayload: REOPENED_CODE });
  });

  it('leaves it out for a payment whose gateway gave no QR code', async () => {
    const [paymentId = ''] = await insertPayments(sql, [{ tenantId, gatewayType: 'MOMO' }]);
    await attempt(paymentId, 1, 'MOMO', { payUrl: 'https://pay.example/1' });

    expect(await view(paymentId)).not.toHaveProperty('qrPayload');
  });
});
