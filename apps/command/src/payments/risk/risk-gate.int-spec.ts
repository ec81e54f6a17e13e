import { randomUUID } from 'node:crypto';
import { Subjects, type ProcessPaymentReply } from '@ppm/contracts';
import { cardOrder, CommandTestBed } from '../../../test/command-test-bed';

const CUSTOMER_LIMIT = 2_000_000;

describe('payment.process under the tenant risk rules, on real Postgres, Redis and NATS', () => {
  let bed: CommandTestBed;
  let tenantId: string;

  const pay = (extra: Record<string, unknown>) => bed.pay(tenantId, extra);
  const rows = async <T>(query: string, values: unknown[]) => (await bed.sql.query(query, values)).rows as T[];

  beforeAll(async () => {
    bed = await CommandTestBed.start('risk-gate-int-spec');
    tenantId = await bed.tenantWithVnpay();
    await bed.setRiskRules(tenantId, [
      { type: 'BLOCKLIST', key: 'clientIp', values: ['198.51.100.0/24'], action: 'BLOCK' },
      { type: 'AMOUNT_LIMIT', max: CUSTOMER_LIMIT, currency: 'VND', action: 'REVIEW' },
      { type: 'FAILED_VELOCITY', key: 'customerRef', limit: 1, windowSeconds: 600, action: 'REVIEW' },
    ]);
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('refuses a blocked payment naming the rules, stores no payment, records the attempt with its event and counts it as a failure', async () => {
    const customerRef = `blocked-${randomUUID()}`;
    const refused = await pay({ clientIp: '198.51.100.23', customerRef, amount: 10_000 });

    expect(refused).toMatchObject({
      success: false,
      error: {
        code: 'PAYMENT_BLOCKED_BY_RISK',
        details: { rulesHit: [{ index: 0, type: 'BLOCKLIST', action: 'BLOCK' }], ruleSetVersion: 1 },
      },
    });
    await expect(rows('SELECT id FROM payment_transactions WHERE customer_ref = $1', [customerRef])).resolves.toEqual(
      [],
    );
    const [decision] = await rows<{ id: string; action: string; client_ip: string; payment_transaction_id: null }>(
      `SELECT id, action, host(client_ip) AS client_ip, payment_transaction_id FROM risk_decisions
        WHERE tenant_id = $1 AND customer_ref = $2`,
      [tenantId, customerRef],
    );
    expect(decision).toMatchObject({ action: 'BLOCK', client_ip: '198.51.100.23', payment_transaction_id: null });
    await expect(
      rows('SELECT event_type FROM outbox_events WHERE aggregate_id = $1 ORDER BY event_type', [decision.id]),
    ).resolves.toEqual([{ event_type: 'ppm.payment.risk-blocked.v1' }]);
    // The refusal counts for FAILED_VELOCITY: the customer's next payment, from a clean address, is held.
    const next = await pay({ clientIp: '203.0.113.9', customerRef, amount: 10_000 });
    expect(next).toMatchObject({ success: true, data: { status: 'PENDING_REVIEW' } });
  });

  it('records a blocked request once when it is sent again with its idempotency key', async () => {
    const customerRef = `blocked-twice-${randomUUID()}`;
    const options = { tenantId, traceId: randomUUID(), idempotencyKey: randomUUID() };
    const body = cardOrder({ amount: 10_000, clientIp: '198.51.100.24', customerRef });
    const first = await bed.nats.request<ProcessPaymentReply>(Subjects.command.paymentProcess, body, options);
    expect(first).toMatchObject({ success: false, error: { code: 'PAYMENT_BLOCKED_BY_RISK' } });
    expect(await bed.nats.request(Subjects.command.paymentProcess, body, options)).toEqual(first);

    const decisions = await rows<{ id: string }>(
      'SELECT id FROM risk_decisions WHERE tenant_id = $1 AND customer_ref = $2',
      [tenantId, customerRef],
    );
    expect(decisions).toHaveLength(1);
    await expect(
      rows('SELECT event_type FROM outbox_events WHERE aggregate_id = $1', [decisions[0]?.id]),
    ).resolves.toEqual([{ event_type: 'ppm.payment.risk-blocked.v1' }]);
  });

  it('holds a payment the rules send to review in PENDING_REVIEW, with no gateway order and its decision kept', async () => {
    const held = await pay({ amount: CUSTOMER_LIMIT + 1, customerRef: `big-${randomUUID()}` });
    if (!held.success) throw new Error(JSON.stringify(held.error));

    expect(held.data).toMatchObject({ status: 'PENDING_REVIEW', paymentUrl: null, gatewayReference: null });
    const id = held.data.transactionId;
    await expect(
      rows('SELECT count(*)::int AS n FROM payment_attempts WHERE payment_transaction_id = $1', [id]),
    ).resolves.toEqual([{ n: 0 }]);
    await expect(
      rows('SELECT action, rules_hit, rule_set_version FROM risk_decisions WHERE payment_transaction_id = $1', [id]),
    ).resolves.toEqual([
      { action: 'REVIEW', rules_hit: [{ index: 1, type: 'AMOUNT_LIMIT', action: 'REVIEW' }], rule_set_version: 1 },
    ]);
    const events = await rows<{ event_type: string }>(
      'SELECT event_type FROM outbox_events WHERE aggregate_id = $1 ORDER BY created_at, event_type',
      [id],
    );
    expect(events.map((event) => event.event_type)).toEqual(
      expect.arrayContaining(['ppm.payment.created.v1', 'ppm.payment.held-for-review.v1']),
    );
  });

  it('counts a retried request once: its idempotency key, not the run, is what the velocity window counts', async () => {
    const tenant = await bed.tenantWithVnpay();
    await bed.setRiskRules(tenant, [
      { type: 'VELOCITY', key: 'customerRef', limit: 2, windowSeconds: 600, action: 'BLOCK' },
    ]);
    const customerRef = `retry-${randomUUID()}`;
    const under = (key: string, order: string) => bed.pay(tenant, { sourceTransactionId: order, customerRef }, key);
    const [key, order] = [randomUUID(), randomUUID()];
    const first = await under(key, order);
    expect(first).toMatchObject({ success: true });
    expect(await under(key, order)).toEqual(first);
    // The second payment of this customer: within the limit of two, as the retry above was not a payment.
    expect(await under(randomUUID(), randomUUID())).toMatchObject({ success: true });
    expect(await under(randomUUID(), randomUUID())).toMatchObject({
      success: false,
      error: { code: 'PAYMENT_BLOCKED_BY_RISK' },
    });
  });
});
