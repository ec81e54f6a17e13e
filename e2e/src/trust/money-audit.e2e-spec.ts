import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Subjects } from '@ppm/contracts';
import { PpmStack } from '../support/ppm-stack';

const ROOT = join(__dirname, '..', '..', '..');

interface AuditRow {
  action: string;
  actor_type: string;
  actor_id: string | null;
}

// Who moved money, and who laid a hand on what the gateways said: every change of a payment and every operator
// replay of a webhook leaves an audit_log row and a ppm.audit.recorded.v1 event, written with the change itself.
describe('money actions are audited with their actor', () => {
  let stack: PpmStack;

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'money audit' });
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  const audited = (resourceId: string): Promise<AuditRow[]> =>
    stack.rows<AuditRow>(
      `SELECT action, actor_type, actor_id FROM audit_log WHERE resource_id = $1 ORDER BY created_at, action`,
      [resourceId],
    );
  const auditEvents = async (resourceId: string): Promise<string[]> =>
    (
      await stack.rows<{ action: string }>(
        `SELECT payload->'data'->>'action' AS action FROM outbox_events
          WHERE event_type = 'ppm.audit.recorded.v1' AND payload->'data'->>'resourceId' = $1 ORDER BY position`,
        [resourceId],
      )
    ).map((row) => row.action);

  it('audits a payment, its capture reported by the gateway and a refund asked by a user', async () => {
    const payment = await stack.pay('MOMO');
    await stack.complete('MOMO', payment, 'succeeded');
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    await stack.ok(
      Subjects.command.refundProcess,
      { transactionId: payment.transactionId, amount: 50_000, reason: 'returned' },
      { userId: 'support-7' },
    );

    const rows = await audited(payment.transactionId);
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: 'ppm.payment.created.v1', actor_type: 'SERVICE', actor_id: null },
        { action: 'ppm.payment.succeeded.v1', actor_type: 'GATEWAY', actor_id: 'MOMO' },
        { action: 'ppm.refund.requested.v1', actor_type: 'USER', actor_id: 'support-7' },
      ]),
    );
    expect((await auditEvents(payment.transactionId)).sort()).toEqual(rows.map((row) => row.action).sort());
  });

  it('audits an operator replaying a webhook through the CLI, with the operator as its actor', async () => {
    const payment = await stack.pay('MOMO');
    await stack.complete('MOMO', payment, 'succeeded');
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    const [webhook] = await stack.webhooksOf(payment.gatewayReference ?? '');
    if (!webhook) throw new Error(`no webhook stored for ${payment.transactionId}`);
    // A webhook the command service refused (as after a fix of the refusal's cause): the one an operator replays.
    await stack.rows(`UPDATE webhook_events SET processing_status = 'REJECTED' WHERE id = $1`, [webhook.id]);

    const cli = spawnSync(
      process.execPath,
      [
        '-r',
        join(ROOT, 'tools', 'register-aliases.js'),
        join(ROOT, 'dist', 'tools', 'ppm.js'),
        'webhooks:replay',
        webhook.id,
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env['PATH'], DATABASE_URL: (stack.sql.options as { url: string }).url },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`webhook ${webhook.id} (MOMO) is due now`);
    expect(await audited(webhook.id)).toEqual([
      { action: 'ppm.webhook.replayed', actor_type: 'USER', actor_id: `cli:${userInfo().username}` },
    ]);
    expect(await auditEvents(webhook.id)).toEqual(['ppm.webhook.replayed']);
  });
});
