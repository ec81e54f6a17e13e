import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CommandTestBed } from '../../../test/command-test-bed';

const REVIEW_ABOVE = 1_000_000;
// The rule set's read (the insert's check of its version names the table too, not these columns).
const READS_RULES = /when_counters_unavailable FROM risk_rule_sets/;
const BLOCKED_IP = '198.51.100.7';

// payment.process decides on the tenant's risk rules as this process keeps them in memory. A rule set replaced
// behind its back (another instance, or SQL) must never decide a payment: the payment's insert, or the refusal's,
// finds the stored version moved on and the payment is decided again on the stored rules. And a warm cache costs
// no statement: the payment is its two writes.
describe('payment.process on risk rules cached in process', () => {
  let bed: CommandTestBed;
  let statements: StatementLog;

  // As another command instance writes a new version: this process hears of it only from the database.
  const replaceBehindItsBack = async (tenantId: string, rules: unknown[]): Promise<void> => {
    await bed.sql.query(
      `INSERT INTO risk_rule_sets (tenant_id, version, rules, when_counters_unavailable, created_at)
       SELECT $1, COALESCE(max(version), 0) + 1, $2::jsonb, 'ALLOW', now() FROM risk_rule_sets WHERE tenant_id = $1`,
      [tenantId, JSON.stringify(rules)],
    );
  };
  const decisionsOf = async (tenantId: string) =>
    (
      await bed.sql.query<{ action: string; rule_set_version: number; payment_transaction_id: string | null }>(
        `SELECT action, rule_set_version, payment_transaction_id FROM risk_decisions WHERE tenant_id = $1
          ORDER BY decided_at`,
        [tenantId],
      )
    ).rows;

  beforeAll(async () => {
    // The relay in a process of its own: every statement on the command's pool is then the command's handling.
    bed = await CommandTestBed.start('risk-rules-cached-int-spec', { OUTBOX_RELAY: 'own-process' });
    statements = new StatementLog(bed.command.app.get(DataSource));
  });

  afterAll(async () => {
    statements?.restore();
    await bed?.stop();
  });

  it('decides a payment on the rules another writer stored after this process cached them', async () => {
    const tenantId = await bed.tenantWithVnpay();
    await bed.setRiskRules(tenantId, [{ type: 'AMOUNT_LIMIT', max: REVIEW_ABOVE, currency: 'VND', action: 'REVIEW' }]);
    expect(await bed.pay(tenantId)).toMatchObject({ success: true, data: { status: 'PROCESSING' } });

    await replaceBehindItsBack(tenantId, [{ type: 'AMOUNT_LIMIT', max: 100_000, currency: 'VND', action: 'REVIEW' }]);
    const held = await bed.pay(tenantId);

    expect(held).toMatchObject({ success: true, data: { status: 'PENDING_REVIEW' } });
    const transactionId = held.success ? held.data.transactionId : null;
    expect(await decisionsOf(tenantId)).toEqual([
      { action: 'REVIEW', rule_set_version: 2, payment_transaction_id: transactionId },
    ]);
  });

  it('decides on rules written where the tenant had none when this process cached that', async () => {
    const tenantId = await bed.tenantWithVnpay();
    expect(await bed.pay(tenantId, { clientIp: BLOCKED_IP })).toMatchObject({ success: true });

    await replaceBehindItsBack(tenantId, [
      { type: 'BLOCKLIST', key: 'clientIp', values: [BLOCKED_IP], action: 'BLOCK' },
    ]);

    expect(await bed.pay(tenantId, { clientIp: BLOCKED_IP })).toMatchObject({
      success: false,
      error: { code: 'PAYMENT_BLOCKED_BY_RISK', details: { ruleSetVersion: 1 } },
    });
  });

  it('refuses no payment on a blocking rule another writer has removed since', async () => {
    const tenantId = await bed.tenantWithVnpay();
    await bed.setRiskRules(tenantId, [{ type: 'BLOCKLIST', key: 'clientIp', values: [BLOCKED_IP], action: 'BLOCK' }]);
    expect(await bed.pay(tenantId, { clientIp: BLOCKED_IP })).toMatchObject({ success: false });

    await replaceBehindItsBack(tenantId, []);

    expect(await bed.pay(tenantId, { clientIp: BLOCKED_IP })).toMatchObject({
      success: true,
      data: { status: 'PROCESSING' },
    });
    expect((await decisionsOf(tenantId)).map((decision) => decision.rule_set_version)).toEqual([1]);
  });

  it('decides the next payment on the rules this process just wrote', async () => {
    const tenantId = await bed.tenantWithVnpay();
    expect(await bed.pay(tenantId, { amount: REVIEW_ABOVE + 1 })).toMatchObject({ data: { status: 'PROCESSING' } });
    await bed.setRiskRules(tenantId, [{ type: 'AMOUNT_LIMIT', max: REVIEW_ABOVE, currency: 'VND', action: 'REVIEW' }]);

    statements.start();
    const held = await bed.pay(tenantId, { amount: REVIEW_ABOVE + 1 });

    expect(held).toMatchObject({ success: true, data: { status: 'PENDING_REVIEW' } });
    // Forgotten as the change committed: read once, not found stale by the insert.
    expect(statements.stop().filter((text) => READS_RULES.test(text))).toHaveLength(1);
  });

  it('makes no statement of its own for the rules once they are cached: a payment is its two writes', async () => {
    const tenantId = await bed.tenantWithVnpay();
    await bed.setRiskRules(tenantId, [{ type: 'AMOUNT_LIMIT', max: REVIEW_ABOVE, currency: 'VND', action: 'REVIEW' }]);
    expect(await bed.pay(tenantId)).toMatchObject({ success: true });

    statements.start();
    const opened = await bed.pay(tenantId);
    const made = statements.stop();

    expect(opened).toMatchObject({ success: true, data: { status: 'PROCESSING' } });
    expect(made).toHaveLength(2);
    expect(made.filter((text) => READS_RULES.test(text))).toEqual([]);
  });

  it('stores a payment held for review and the decision holding it in one statement', async () => {
    const tenantId = await bed.tenantWithVnpay();
    await bed.setRiskRules(tenantId, [{ type: 'AMOUNT_LIMIT', max: REVIEW_ABOVE, currency: 'VND', action: 'REVIEW' }]);
    expect(await bed.pay(tenantId)).toMatchObject({ success: true });

    statements.start();
    const held = await bed.pay(tenantId, { amount: REVIEW_ABOVE + 1 });
    const made = statements.stop();

    expect(held).toMatchObject({ success: true, data: { status: 'PENDING_REVIEW' } });
    // The payment with its decision, then the request's reply in its key.
    expect(made).toHaveLength(2);
    expect(made[0]).toContain('INSERT INTO risk_decisions');
    expect(await decisionsOf(tenantId)).toEqual([
      { action: 'REVIEW', rule_set_version: 1, payment_transaction_id: held.success ? held.data.transactionId : null },
    ]);
  });
});

/** The statements the command service sends on its own pool (not the spec's connection) while it is started. */
class StatementLog {
  private readonly spy = jest.spyOn(Client.prototype, 'query');
  private from: number | null = null;

  constructor(private readonly dataSource: DataSource) {}

  start(): void {
    this.from = this.spy.mock.calls.length;
  }

  restore(): void {
    this.spy.mockRestore();
  }

  stop(): string[] {
    const from = this.from ?? this.spy.mock.calls.length;
    this.from = null;
    const pool = (this.dataSource.driver as unknown as { master: { _clients: unknown[] } }).master;
    return this.spy.mock.calls
      .map((call, index) => ({ call, client: this.spy.mock.contexts[index] as unknown }))
      .slice(from)
      .filter(({ client }) => pool._clients.includes(client))
      .map(({ call }) => {
        const [query] = call as unknown[];
        return typeof query === 'string' ? query : String((query as { text?: unknown }).text);
      });
  }
}
