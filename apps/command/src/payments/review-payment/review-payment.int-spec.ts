import { randomBytes, randomUUID } from 'node:crypto';
import { Subjects, type ExpireReviewReply, type Reply, type ReviewPaymentReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { freePort, SandboxControl, startApp, testInfra, type AppProcess } from '@ppm/testing';
import { CommandTestBed } from '../../../test/command-test-bed';

describe('payment.review of a payment held by the risk rules, on real Postgres, Redis, NATS and the VNPay sandbox', () => {
  let tenantId: string;
  const merchant = { tmnCode: `R${randomBytes(4).toString('hex').toUpperCase()}`, hashSecret: randomUUID() };
  let sandbox: AppProcess;
  let bed: CommandTestBed;
  let worker: NatsRequester;

  const send = <T>(subject: string, data: unknown, idempotencyKey: string = randomUUID()) =>
    bed.nats.request<T>(subject, data, { tenantId, traceId: randomUUID(), userId: 'operator-1', idempotencyKey });
  const held = async (): Promise<string> => {
    const reply = await bed.pay(tenantId, {
      amount: 5_000_000,
      description: 'Big order',
      clientIp: '203.0.113.44',
      customerRef: 'customer-7',
      expiresInMinutes: 30,
    });
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    expect(reply.data.status).toBe('PENDING_REVIEW');
    return reply.data.transactionId;
  };
  const review = (transactionId: string, decision: string, note?: string, key?: string) =>
    send<ReviewPaymentReply>(Subjects.command.paymentReview, { transactionId, decision, note }, key);
  const reviewRow = async (id: string) =>
    (
      await bed.sql.query<{ review_decision: string; reviewed_by: string; review_note: string | null }>(
        'SELECT review_decision, reviewed_by, review_note FROM risk_decisions WHERE payment_transaction_id = $1',
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    const port = String(await freePort());
    sandbox = await startApp('gateway-sandbox', { PORT: port, SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}` });
    await new SandboxControl(sandbox.url).registerMerchant('VNPAY', merchant);
    bed = await CommandTestBed.start('review-payment-int-spec', { GATEWAY_DEFAULT_BASE_URL: sandbox.url });
    tenantId = await bed.tenantWithVnpay(merchant);
    await bed.setRiskRules(tenantId, [
      { type: 'DAILY_AMOUNT', key: 'customerRef', max: 1_000_000, currency: 'VND', action: 'REVIEW' },
    ]);
    worker = await NatsRequester.connect({
      url: testInfra.natsUrl,
      name: 'review-payment-int-spec-worker',
      requestTimeoutMs: 10_000,
      credentials: testInfra.natsAs('worker'),
    });
  });

  afterAll(async () => {
    await worker?.onApplicationShutdown();
    await bed?.stop();
    await sandbox?.stop('SIGKILL');
  });

  it('approves: the order is opened at VNPay with the customer address, once, and the answer is kept', async () => {
    const id = await held();
    const key = randomUUID();

    const approved = await review(id, 'APPROVE', 'known customer', key);

    if (!approved.success) throw new Error(JSON.stringify(approved.error));
    expect(approved.data).toMatchObject({ transactionId: id, status: 'PROCESSING', failureCode: null });
    expect(new URL(approved.data.paymentUrl ?? '').searchParams.get('vnp_IpAddr')).toBe('203.0.113.44');
    await expect(reviewRow(id)).resolves.toEqual({
      review_decision: 'APPROVE',
      reviewed_by: 'operator-1',
      review_note: 'known customer',
    });
    // The same request again replays its reply; another one finds the payment out of review.
    await expect(review(id, 'APPROVE', 'known customer', key)).resolves.toEqual(approved);
    await expect(review(id, 'REJECT')).resolves.toMatchObject({
      success: false,
      error: { code: 'INVALID_STATE_TRANSITION' },
    });
    const { rows } = await bed.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM payment_attempts WHERE payment_transaction_id = $1',
      [id],
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('rejects: the payment is CANCELLED by the operator, with no gateway order', async () => {
    const id = await held();

    const rejected: Reply<ReviewPaymentReply> = await review(id, 'REJECT', 'stolen card');

    expect(rejected).toEqual({
      success: true,
      data: { transactionId: id, status: 'CANCELLED', paymentUrl: null, failureCode: null },
    });
    await expect(reviewRow(id)).resolves.toMatchObject({ review_decision: 'REJECT', review_note: 'stolen card' });
    const { rows } = await bed.sql.query<{ event_type: string }>(
      `SELECT event_type FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'ppm.payment.cancelled.v1'`,
      [id],
    );
    expect(rows).toHaveLength(1);
  });

  it('expires a review left past the timeout, and leaves one within it or answered meanwhile', async () => {
    const expire = (transactionId: string) =>
      worker.request<ExpireReviewReply>(
        Subjects.command.paymentExpireReview,
        { transactionId, reviewTimeoutMinutes: 60 },
        { tenantId, traceId: randomUUID() },
      );
    const fresh = await held();
    await expect(expire(fresh)).resolves.toEqual({
      success: true,
      data: { transactionId: fresh, status: 'PENDING_REVIEW', changed: false },
    });
    await bed.sql.query(`UPDATE payment_transactions SET created_at = now() - interval '61 minutes' WHERE id = $1`, [
      fresh,
    ]);
    await expect(expire(fresh)).resolves.toMatchObject({ data: { status: 'EXPIRED', changed: true } });
    await expect(expire(fresh)).resolves.toMatchObject({ data: { status: 'EXPIRED', changed: false } });
    await expect(review(fresh, 'APPROVE')).resolves.toMatchObject({ error: { code: 'INVALID_STATE_TRANSITION' } });
  });

  it('refuses an approval once the payment’s configuration was switched off, and leaves it in review', async () => {
    const id = await held();
    const switched = (active: boolean) =>
      bed.sql.query(
        `UPDATE payment_gateway_configurations SET is_active = $2, version = version + 1 WHERE tenant_id = $1`,
        [tenantId, active],
      );
    await switched(false);
    try {
      await expect(review(id, 'APPROVE')).resolves.toMatchObject({
        success: false,
        error: { code: 'GATEWAY_INACTIVE' },
      });
    } finally {
      await switched(true);
    }
    const { rows } = await bed.sql.query<{ status: string; attempts: number }>(
      `SELECT status, (SELECT count(*)::int FROM payment_attempts WHERE payment_transaction_id = $1) AS attempts
         FROM payment_transactions WHERE id = $1`,
      [id],
    );
    expect(rows).toEqual([{ status: 'PENDING_REVIEW', attempts: 0 }]);
  });

  it('answers TRANSACTION_NOT_FOUND for a payment it does not know', async () => {
    await expect(review(randomUUID(), 'APPROVE')).resolves.toMatchObject({
      success: false,
      error: { code: 'TRANSACTION_NOT_FOUND' },
    });
  });
});
