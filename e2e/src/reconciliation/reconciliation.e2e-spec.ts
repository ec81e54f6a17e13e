import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  Subjects,
  type ApplyGatewayResultReply,
  type ExportReconciliationReply,
  type GetReconciliationReply,
  type ListReconciliationsReply,
  type ResolveReconciliationItemReply,
  type GatewayConfigReply,
  type ProcessPaymentReply,
  type ProcessRefundReply,
} from '@ppm/contracts';
import { GatewayUrlAllowlist, gmt7BusinessDay, OFFICIAL_GATEWAY_BASE_URLS } from '@ppm/gateways';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  NatsSettledPaymentApplier,
  ReconciliationRunner,
  settlementFileAt,
  settlementSourceAt,
} from '@ppm/reconciliation';
import { startApp, testInfra, TestStack, type TestRequester } from '@ppm/testing';
import { signTestToken } from '../support/test-token';

const ROOT = join(__dirname, '..', '..', '..');

interface ItemRow {
  outcome: string;
  line_type: string;
  gateway_reference: string | null;
  settlement_amount: string | null;
  ppm_amount: string | null;
  reason: string | null;
  action: { effect?: string; status?: string } | null;
}

/**
 * The "done when": payments paid, failed and refunded through the sandbox (as MoMo) and the command
 * service, the sandbox's settlement file for the day, a tampered copy with exactly four differences, and the
 * reconciliation finding exactly those; the untampered file then reconciles all matched through the CLI.
 */
describe('reconciliation against the sandbox settlement file', () => {
  const tenantId = randomUUID();
  const merchant = { partnerCode: `MOMO${randomUUID().slice(0, 8)}`, accessKey: randomUUID(), secretKey: randomUUID() };
  const today = gmt7BusinessDay(new Date());
  let stack: TestStack;
  let tamperedRunId = '';
  let nats: TestRequester;
  let settler: NatsRequester;
  let db: DataSource;
  let runner: ReconciliationRunner;
  let configurationId: string;
  let workDir: string;
  const references: Record<'paidA' | 'paidB' | 'paidC' | 'paidD' | 'failedE' | 'failedF' | 'expiredG', string> = {
    paidA: '',
    paidB: '',
    paidC: '',
    paidD: '',
    failedE: '',
    failedF: '',
    expiredG: '',
  };
  const transactions: Record<string, string> = {};

  const send = <T>(subject: string, data: unknown, tenant = tenantId) =>
    nats.request<T>(subject, data, { tenantId: tenant, userId: 'operator-1', idempotencyKey: randomUUID() });

  const open = async (amount: number): Promise<ProcessPaymentReply> => {
    const reply = await send<ProcessPaymentReply>(Subjects.command.paymentProcess, {
      sourceBoundedContext: 'orders',
      sourceTransactionId: randomUUID(),
      amount,
      currency: 'VND',
      paymentMethodType: 'E_WALLET',
      description: 'Reconciliation order',
      returnUrl: 'https://shop.example/return',
    });
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    return reply.data;
  };
  const sandboxTransId = async (reference: string): Promise<string> => {
    const order = (await (await fetch(`${stack.sandboxUrl}/sandbox/orders/momo/${reference}`)).json()) as Record<
      string,
      unknown
    >;
    return String(order['transactionId']);
  };
  /** The customer finishes at the sandbox; PPM hears `reported` (no worker runs, so no callback reaches PPM). */
  const finish = async (
    payment: ProcessPaymentReply,
    atGateway: 'succeeded' | 'failed',
    reported: 'succeeded' | 'failed' | 'expired',
    amount: number,
  ): Promise<void> => {
    const reference = payment.gatewayReference ?? '';
    await stack.sandbox.complete('MOMO', reference, atGateway);
    const applied = await send<ApplyGatewayResultReply>(Subjects.command.paymentApplyGatewayResult, {
      gatewayType: 'MOMO',
      gatewayReference: reference,
      outcome: reported,
      ...(reported === 'succeeded' ? { gatewayTransactionId: await sandboxTransId(reference) } : {}),
      amount,
      rawCodes: { resultCode: reported === 'succeeded' ? '0' : '1006' },
    });
    expect(applied).toMatchObject({ success: true });
  };
  const items = async (runId: string): Promise<ItemRow[]> =>
    db.query<ItemRow[]>(
      `SELECT outcome, line_type, gateway_reference, settlement_amount::text, ppm_amount::text,
              details->>'reason' AS reason, details->'action' AS action
         FROM reconciliation_items WHERE run_id = $1 ORDER BY outcome, gateway_reference`,
      [runId],
    );
  const settlementCsv = async (): Promise<string> => {
    const response = await fetch(`${stack.sandboxUrl}/sandbox/settlements/momo/${merchant.partnerCode}/${today}`);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      name: 'reconciliation-e2e',
      migrate: migrateDatabase,
      sandbox: {},
      apps: { command: {}, query: {} },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 15_000 },
    });
    await stack.sandbox.registerMerchant('MOMO', merchant);
    nats = stack.requester;
    // Settling what the gateway's file says is the worker's to do (its reconciliation job): the runner is the worker.
    settler = await NatsRequester.connect({
      url: testInfra.natsUrl,
      name: 'reconciliation-e2e-settler',
      requestTimeoutMs: 15_000,
      credentials: testInfra.natsAs('worker'),
    });
    db = stack.sql;
    runner = new ReconciliationRunner(db, new NatsSettledPaymentApplier(settler));
    workDir = await mkdtemp(join(tmpdir(), 'ppm-reconciliation-'));

    const added = await send<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'MOMO',
      name: 'MoMo main',
      credentials: merchant,
      supportedPaymentMethods: ['E_WALLET'],
      isDefault: true,
    });
    if (!added.success) throw new Error(JSON.stringify(added.error));
    configurationId = added.data.id;

    const amounts = { paidA: 150_000, paidB: 200_000, paidC: 90_000, paidD: 61_000, failedE: 70_000 };
    for (const [name, amount] of Object.entries(amounts)) {
      const payment = await open(amount);
      references[name as keyof typeof references] = payment.gatewayReference ?? '';
      transactions[name] = payment.transactionId;
      if (name === 'failedE') await finish(payment, 'failed', 'failed', amount);
      else await finish(payment, 'succeeded', 'succeeded', amount);
    }
    const failedF = await open(80_000);
    references.failedF = failedF.gatewayReference ?? '';
    await finish(failedF, 'failed', 'failed', 80_000);
    // Paid at the gateway, but PPM expired it (the customer paid after PPM gave up): a late capture to find.
    const expiredG = await open(120_000);
    references.expiredG = expiredG.gatewayReference ?? '';
    transactions['expiredG'] = expiredG.transactionId;
    await finish(expiredG, 'succeeded', 'expired', 120_000);

    const refund = await send<ProcessRefundReply>(Subjects.command.refundProcess, {
      transactionId: transactions['paidA'],
      amount: 50_000,
      reason: 'returned',
    });
    expect(refund).toMatchObject({ success: true, data: { status: 'SUCCEEDED' } });
  }, 120_000);

  afterAll(async () => {
    await settler?.onApplicationShutdown();
    await stack?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('finds exactly the four tampered differences, and moves the late capture through the state machine', async () => {
    const original = await settlementCsv();
    const lines = original.trimEnd().split('\n');
    // Payments A, B, C, D and G, and A's refund; E and F failed at the gateway too, so they are not settled.
    expect(lines).toHaveLength(1 + 6);
    const tampered = lines
      .filter((line) => !line.includes(`,${references.paidC},`))
      .map((line) => (line.includes(`,${references.paidB},`) ? line.replace(',200000,', ',210000,') : line));
    tampered.push(`${merchant.partnerCode},=ghost-order-1,9999999999,30000,330,29670,${Date.now()},payment,0`);
    const file = join(workDir, 'tampered.csv');
    await writeFile(file, `${tampered.join('\n')}\n`);

    const result = await runner.run({ configurationId, businessDate: today, source: settlementFileAt(file) });
    tamperedRunId = result.runId;

    expect(result).toMatchObject({
      status: 'COMPLETED',
      totalLines: 6,
      rejectedLines: 0,
      matched: 3,
      mismatched: 4,
      outcomes: { MATCHED: 3, AMOUNT_MISMATCH: 1, MISSING_IN_SETTLEMENT: 1, MISSING_IN_PPM: 1, LATE_CAPTURE: 1 },
      settledPaymentsApplied: 1,
      settledPaymentsFailed: 0,
    });
    const mismatches = (await items(result.runId)).filter((item) => item.outcome !== 'MATCHED');
    expect(mismatches).toEqual([
      expect.objectContaining({
        outcome: 'AMOUNT_MISMATCH',
        gateway_reference: references.paidB,
        settlement_amount: '210000',
        ppm_amount: '200000',
      }),
      expect.objectContaining({
        outcome: 'LATE_CAPTURE',
        gateway_reference: references.expiredG,
        reason: 'settled_after_ppm_closed',
        action: expect.objectContaining({ effect: 'APPLIED', status: 'SUCCEEDED' }) as unknown,
      }),
      expect.objectContaining({ outcome: 'MISSING_IN_PPM', gateway_reference: '=ghost-order-1', reason: 'not_in_ppm' }),
      expect.objectContaining({
        outcome: 'MISSING_IN_SETTLEMENT',
        gateway_reference: references.paidC,
        ppm_amount: '90000',
      }),
    ]);

    // The late capture went through the command service: SUCCEEDED, flagged, with its own event.
    const [payment] = await db.query<{ status: string; late_capture: boolean }[]>(
      `SELECT status, late_capture FROM payment_transactions WHERE id = $1`,
      [transactions['expiredG']],
    );
    expect(payment).toEqual({ status: 'SUCCEEDED', late_capture: true });
    const events = await db.query<{ event_type: string; aggregate_id: string }[]>(
      `SELECT event_type, aggregate_id::text FROM outbox_events
        WHERE event_type IN ('ppm.payment.late-captured.v1', 'ppm.reconciliation.completed.v1',
                             'ppm.reconciliation.mismatch-detected.v1')
        ORDER BY event_type`,
    );
    expect(events).toEqual([
      { event_type: 'ppm.payment.late-captured.v1', aggregate_id: transactions['expiredG'] },
      { event_type: 'ppm.reconciliation.completed.v1', aggregate_id: result.runId },
      { event_type: 'ppm.reconciliation.mismatch-detected.v1', aggregate_id: result.runId },
    ]);
  });

  it('re-running the tampered day applies nothing twice: the late capture now matches', async () => {
    const file = join(workDir, 'tampered.csv');
    const result = await runner.run({ configurationId, businessDate: today, source: settlementFileAt(file) });

    expect(result.outcomes).toEqual({ MATCHED: 4, AMOUNT_MISMATCH: 1, MISSING_IN_SETTLEMENT: 1, MISSING_IN_PPM: 1 });
    expect(result.settledPaymentsApplied).toBe(0);
    const [late] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE event_type = 'ppm.payment.late-captured.v1'`,
    );
    expect(late?.n).toBe(1);
  });

  it("does not report a late capture completed after midnight as missing from the next day's file", async () => {
    // Today's run applied G's late capture; had it run after midnight, PPM would have completed G tomorrow.
    const tomorrow = gmt7BusinessDay(new Date(Date.now() + 86_400_000));
    const moveCompletion = (interval: string) =>
      db.query(`UPDATE payment_transactions SET completed_at = completed_at + $2::interval WHERE id = $1`, [
        transactions['expiredG'],
        interval,
      ]);
    const file = join(workDir, 'next-day.csv');
    await writeFile(file, `${(await settlementCsv()).split('\n')[0]}\n`);
    await moveCompletion('1 day');
    let runId: string | undefined;
    try {
      const result = await runner.run({ configurationId, businessDate: tomorrow, source: settlementFileAt(file) });
      runId = result.runId;

      expect(result).toMatchObject({ status: 'COMPLETED', totalLines: 0, mismatched: 0, outcomes: {} });
    } finally {
      await moveCompletion('-1 day');
      // The later tests count today's runs only.
      if (runId) await db.query(`DELETE FROM reconciliation_runs WHERE id = $1`, [runId]);
    }
  });

  const ppmCli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(
      process.execPath,
      ['-r', join(ROOT, 'tools', 'register-aliases.js'), join(ROOT, 'dist', 'tools', 'ppm.js'), ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'],
          DATABASE_URL: stack.databaseUrl,
          NATS_URL: testInfra.natsUrl,
          AMQP_URL: testInfra.amqpUrl,
          LOG_LEVEL: 'warn',
          ...env,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('reconciles the untampered file all matched through the CLI, superseding the earlier runs', async () => {
    const file = join(workDir, 'original.csv');
    await writeFile(file, await settlementCsv());

    const cli = ppmCli(['reconcile', '--config', configurationId, '--date', today, '--file', file]);

    expect(cli.stderr).not.toMatch(/ppm:/);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^MATCHED\s+6$/m);
    expect(cli.stdout).not.toMatch(/^(AMOUNT_MISMATCH|STATUS_MISMATCH|REFUND_MISMATCH|MISSING_IN_\w+|LATE_CAPTURE)\s/m);
    expect(cli.stdout).toMatch(/COMPLETED/);
    const runs = await db.query<{ status: string; superseded_by: string | null; mismatched: number }[]>(
      `SELECT status, superseded_by::text, mismatched FROM reconciliation_runs
        WHERE payment_gateway_id = $1 AND business_date = $2 ORDER BY started_at`,
      [configurationId, today],
    );
    expect(runs.map((run) => run.status)).toEqual(['SUPERSEDED', 'SUPERSEDED', 'COMPLETED']);
    expect(runs[2]?.mismatched).toBe(0);
    // Each run was superseded by the one after it; history is kept.
    expect(runs[0]?.superseded_by).not.toBeNull();
  });

  it('records a run whose file cannot be fetched as FAILED, leaving the current run in place', async () => {
    const result = await runner.run({
      configurationId,
      businessDate: today,
      source: settlementFileAt(join(workDir, 'absent.csv')),
    });
    expect(result).toMatchObject({ status: 'FAILED', error: expect.stringContaining('no settlement file') as unknown });
    const [current] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reconciliation_runs
        WHERE payment_gateway_id = $1 AND business_date = $2 AND status = 'COMPLETED'`,
      [configurationId, today],
    );
    expect(current?.n).toBe(1);
  });

  it("never copies what a settlement source answered into the run's error, and follows no redirect", async () => {
    // An internal service as the "source": its answer must reach the operators' log at most, never the tenant.
    const internalText = 'ami-id,instance-id,SECRET-ROLE-CREDENTIALS';
    let redirectTargetHits = 0;
    const target = createServer((_req, res) => {
      redirectTargetHits += 1;
      res.end(`${internalText}\n`);
    });
    const internal = createServer((req, res) => {
      if (req.url === '/text') res.end(`${internalText}\nline two\n`);
      else if (req.url === '/error') res.writeHead(500).end(internalText);
      else res.writeHead(302, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/` }).end();
    });
    const listen = (server: Server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await Promise.all([listen(internal), listen(target)]);
    const internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
    // Development rules with this server as the trusted local sandbox: only what the source answers is tested here.
    const guard = new GatewayUrlAllowlist({
      production: false,
      allowedBaseUrls: OFFICIAL_GATEWAY_BASE_URLS,
      localSandboxUrl: internalUrl,
    }).forOperatorUrls();
    const runFrom = (path: string) =>
      runner.run({
        configurationId,
        businessDate: '2020-01-02',
        source: settlementSourceAt(`${internalUrl}${path}`, guard),
      });
    try {
      const [text, failing, redirecting] = [await runFrom('/text'), await runFrom('/error'), await runFrom('/moved')];

      expect(text).toMatchObject({
        status: 'FAILED',
        error: expect.stringMatching(/^line 1: the momo settlement header lacks/) as unknown,
      });
      expect(failing).toMatchObject({ status: 'FAILED', error: 'the settlement source answered HTTP 500' });
      expect(redirecting).toMatchObject({ status: 'FAILED', error: 'the settlement source answered HTTP 302' });
      expect(redirectTargetHits).toBe(0);
      const stored = await db.query<{ error: string }[]>(
        `SELECT error FROM reconciliation_runs WHERE id = ANY($1::uuid[])`,
        [[text.runId, failing.runId, redirecting.runId]],
      );
      expect(stored).toHaveLength(3);
      for (const run of stored) {
        expect(run.error).not.toContain('SECRET');
        expect(run.error).not.toContain('ami-id');
      }
      await forgetRuns([text.runId, failing.runId, redirecting.runId]);
    } finally {
      await Promise.all([internal, target].map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('refuses a settlement URL breaking the outbound rules before fetching it', async () => {
    const guard = new GatewayUrlAllowlist({
      production: false,
      allowedBaseUrls: OFFICIAL_GATEWAY_BASE_URLS,
      localSandboxUrl: stack.sandboxUrl,
    }).forOperatorUrls();
    const refused = await Promise.all(
      ['http://169.254.169.254/latest/meta-data#', 'http://10.1.2.3:8080/settlements', `${stack.sandboxUrl}/x?y=1`].map(
        (url) => runner.run({ configurationId, businessDate: '2020-01-03', source: settlementSourceAt(url, guard) }),
      ),
    );
    expect(refused.map((run) => run.error)).toEqual([
      'the settlement source URL is refused: it must not carry a fragment',
      'the settlement source URL is refused: it must name a host, not an IP address',
      'the settlement source URL is refused: it must not carry a query',
    ]);
    await forgetRuns(refused.map((run) => run.runId));

    const cli = ppmCli([
      'reconcile',
      '--config',
      configurationId,
      '--date',
      '2020-01-04',
      '--url',
      'http://169.254.169.254/latest/meta-data#',
      '--no-apply',
    ]);
    expect(cli.status).not.toBe(0);
    expect(`${cli.stdout}${cli.stderr}`).toContain(
      'the settlement source URL is refused: it must not carry a fragment',
    );
    const cliRuns = await db.query<{ id: string }[]>(
      `SELECT id FROM reconciliation_runs WHERE payment_gateway_id = $1 AND business_date = '2020-01-04'`,
      [configurationId],
    );
    expect(cliRuns).toHaveLength(1);
    await forgetRuns(cliRuns.map((run) => run.id));
  });

  // The runs of the two tests above are not the business days the tests below count.
  const forgetRuns = (runIds: string[]) =>
    db.query(`DELETE FROM reconciliation_runs WHERE id = ANY($1::uuid[])`, [runIds]);

  it('the daily job reconciles each active configuration for the due days it owes, once, from the daily export', () => {
    const job = ppmCli(['jobs:run', 'reconciliation'], {
      GATEWAY_DEFAULT_BASE_URL: stack.sandboxUrl,
      RECONCILIATION_LOOKBACK_DAYS: '2',
    });
    expect(job.stderr).toBe('');
    expect(job.status).toBe(0);
    expect(job.stdout).toMatch(/^reconciliation\s+SUCCEEDED\s/m);
    expect(job.stdout).toMatch(/\bruns=2\b.*\bfailed=0\b.*\bcompleted=2\b/);
    // Nothing is owed any more: a second pass runs nothing.
    const again = ppmCli(['jobs:run', 'reconciliation'], {
      GATEWAY_DEFAULT_BASE_URL: stack.sandboxUrl,
      RECONCILIATION_LOOKBACK_DAYS: '2',
    });
    expect(again.stdout).toMatch(/^reconciliation\s+SUCCEEDED\s.*\bruns=0\b/m);
  });

  it('the job ran the due days against the sandbox URL of the template', async () => {
    const runs = await db.query<{ status: string; source: string; business_date: string }[]>(
      `SELECT status, source, business_date::text FROM reconciliation_runs
        WHERE payment_gateway_id = $1 AND business_date < $2 ORDER BY business_date DESC`,
      [configurationId, today],
    );
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.status).toBe('COMPLETED');
      expect(run.source).toBe(
        `${stack.sandboxUrl}/sandbox/settlements/momo/${merchant.partnerCode}/${run.business_date}`,
      );
    }
  });

  it('the CLI refuses a day the calendar lacks and an unknown configuration as usage mistakes, recording nothing', async () => {
    const badDay = ppmCli(['reconcile', '--config', configurationId, '--date', '2026-02-30', '--no-apply']);
    expect(badDay.status).toBe(2);
    expect(badDay.stderr).toContain('businessDate 2026-02-30 is not a date');
    const unknown = ppmCli(['reconcile', '--config', randomUUID(), '--date', today, '--no-apply']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no gateway configuration');
    const [runs] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reconciliation_runs WHERE business_date = '2026-03-02'`,
    );
    expect(runs?.n).toBe(0);
  });

  describe('queries and resolution over NATS and HTTP', () => {
    const otherTenant = randomUUID();

    it("lists the tenant's runs newest first, superseded ones only on request, a page at a time", async () => {
      const current = await send<ListReconciliationsReply>(Subjects.query.reconciliationList, {
        businessDateFrom: today,
      });
      expect(current.success && current.data.items.map((run) => run.status)).toEqual(['FAILED', 'COMPLETED']);
      const earlier = await send<ListReconciliationsReply>(Subjects.query.reconciliationList, {
        businessDateTo: today,
      });
      expect(earlier.success && earlier.data.items.map((run) => run.businessDate)).toEqual([
        today,
        today,
        expect.any(String),
        expect.any(String),
      ]);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await send<ListReconciliationsReply>(Subjects.query.reconciliationList, {
          includeSuperseded: true,
          businessDateFrom: today,
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        if (!page.success) throw new Error(JSON.stringify(page.error));
        seen.push(...page.data.items.map((run) => run.id));
        cursor = page.data.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size).toBe(4);
      expect(seen).toContain(tamperedRunId);

      const tampered = await send<ListReconciliationsReply>(Subjects.query.reconciliationList, {
        status: 'SUPERSEDED',
        gatewayConfigurationId: configurationId,
      });
      expect(tampered.success && tampered.data.items.find((run) => run.id === tamperedRunId)).toMatchObject({
        businessDate: today,
        gatewayType: 'MOMO',
        totalLines: 6,
        matched: 3,
        mismatched: 4,
        outcomes: { MATCHED: 3, AMOUNT_MISMATCH: 1, MISSING_IN_SETTLEMENT: 1, MISSING_IN_PPM: 1, LATE_CAPTURE: 1 },
      });

      expect(await send(Subjects.query.reconciliationList, {}, otherTenant)).toEqual({
        success: true,
        data: { items: [], nextCursor: null },
      });
    });

    it('gets a run with its mismatches first, all items on request, paged without repeats', async () => {
      const mismatches = await send<GetReconciliationReply>(Subjects.query.reconciliationGet, { runId: tamperedRunId });
      if (!mismatches.success) throw new Error(JSON.stringify(mismatches.error));
      expect(mismatches.data.run).toMatchObject({ id: tamperedRunId, status: 'SUPERSEDED' });
      expect(mismatches.data.items.map((item) => item.outcome).sort()).toEqual([
        'AMOUNT_MISMATCH',
        'LATE_CAPTURE',
        'MISSING_IN_PPM',
        'MISSING_IN_SETTLEMENT',
      ]);
      // PPM-only items (no line) come last.
      expect(mismatches.data.items[3]).toMatchObject({ outcome: 'MISSING_IN_SETTLEMENT', lineNumber: null });

      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await send<GetReconciliationReply>(Subjects.query.reconciliationGet, {
          runId: tamperedRunId,
          includeMatched: true,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        if (!page.success) throw new Error(JSON.stringify(page.error));
        all.push(...page.data.items.map((item) => item.outcome));
        cursor = page.data.nextCursor ?? undefined;
      } while (cursor);
      expect(all).toHaveLength(7);
      expect(all.slice(4)).toEqual(['MATCHED', 'MATCHED', 'MATCHED']);

      const late = await send<GetReconciliationReply>(Subjects.query.reconciliationGet, {
        runId: tamperedRunId,
        outcome: 'LATE_CAPTURE',
      });
      expect(late.success && late.data.items).toEqual([
        expect.objectContaining({ gatewayReference: references.expiredG, settlementAmount: 120_000 }),
      ]);

      expect(await send(Subjects.query.reconciliationGet, { runId: tamperedRunId }, otherTenant)).toMatchObject({
        success: false,
        error: { code: 'RECONCILIATION_NOT_FOUND' },
      });
      expect(await send(Subjects.query.reconciliationGet, { runId: 'nope' })).toMatchObject({
        success: false,
        error: { code: 'VALIDATION_ERROR' },
      });
    });

    it("exports a run's mismatches as CSV, for its tenant only", async () => {
      const exported = await send<ExportReconciliationReply>(Subjects.query.reconciliationExport, {
        runId: tamperedRunId,
      });
      if (!exported.success) throw new Error(JSON.stringify(exported.error));
      expect(exported.data).toMatchObject({ rows: 4, truncated: false });
      expect(exported.data.filename).toBe(`reconciliation-momo-${today}-${tamperedRunId}-mismatches.csv`);
      const rows = exported.data.csv.trimEnd().split('\r\n');
      expect(rows[0]).toMatch(/^line_number,outcome,reason,line_type,gateway_reference,/);
      expect(rows).toHaveLength(5);
      expect(rows.find((row) => row.includes('AMOUNT_MISMATCH'))).toContain(`,${references.paidB},`);
      // A reference from the gateway's file that reads like a spreadsheet formula is exported as text.
      expect(rows.find((row) => row.includes('MISSING_IN_PPM'))).toContain(`,'=ghost-order-1,`);
      expect(await send(Subjects.query.reconciliationExport, { runId: tamperedRunId }, otherTenant)).toMatchObject({
        success: false,
        error: { code: 'RECONCILIATION_NOT_FOUND' },
      });
    });

    it('resolves a mismatch once, audited in the same transaction, and refuses what it cannot resolve', async () => {
      const got = await send<GetReconciliationReply>(Subjects.query.reconciliationGet, {
        runId: tamperedRunId,
        includeMatched: true,
      });
      if (!got.success) throw new Error(JSON.stringify(got.error));
      const amount = got.data.items.find((item) => item.outcome === 'AMOUNT_MISMATCH');
      const matched = got.data.items.find((item) => item.outcome === 'MATCHED');
      const resolve = (itemId: string, tenant = tenantId) =>
        send<ResolveReconciliationItemReply>(
          Subjects.command.reconciliationResolveItem,
          { runId: tamperedRunId, itemId, note: 'MoMo confirmed 200,000; their file had a typo' },
          tenant,
        );

      const first = await resolve(amount?.id ?? '');
      expect(first).toMatchObject({
        success: true,
        data: { outcome: 'AMOUNT_MISMATCH', resolutionStatus: 'RESOLVED', resolvedBy: 'operator-1' },
      });
      const again = await resolve(amount?.id ?? '');
      expect(again.success && again.data.resolvedAt).toBe(first.success && first.data.resolvedAt);

      const audit = await db.query<{ action: string; actor_id: string; resource_id: string }[]>(
        `SELECT action, actor_id, resource_id::text FROM audit_log WHERE resource_type = 'reconciliation_item'`,
      );
      expect(audit).toEqual([
        { action: 'ppm.reconciliation.item-resolved', actor_id: 'operator-1', resource_id: amount?.id },
      ]);
      const [published] = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_events
          WHERE event_type = 'ppm.audit.recorded.v1' AND payload->'data'->>'resourceType' = 'reconciliation_item'`,
      );
      expect(published?.n).toBe(1);

      expect(await resolve(matched?.id ?? '')).toMatchObject({
        success: false,
        error: { code: 'INVALID_STATE_TRANSITION' },
      });
      expect(await resolve(amount?.id ?? '', otherTenant)).toMatchObject({
        success: false,
        error: { code: 'RECONCILIATION_ITEM_NOT_FOUND' },
      });
      const after = await send<GetReconciliationReply>(Subjects.query.reconciliationGet, {
        runId: tamperedRunId,
        outcome: 'AMOUNT_MISMATCH',
      });
      expect(after.success && after.data.items[0]).toMatchObject({
        resolutionStatus: 'RESOLVED',
        resolutionNote: 'MoMo confirmed 200,000; their file had a typo',
      });
    });

    it("serves the same runs over HTTP to the tenant's viewers and operators, as JSON and as CSV", async () => {
      const secret = randomUUID();
      const gateway = await startApp('gateway', { JWT_SECRET: secret });
      const exp = Math.floor(Date.now() / 1000) + 300;
      const bearer = (roles: string[], tenant = tenantId): Record<string, string> => ({
        authorization: `Bearer ${signTestToken({ sub: 'ops-1', tenantId: tenant, roles, exp }, secret)}`,
      });
      const runs = `${gateway.url}/api/v1/ppm/reconciliations`;
      try {
        const listed = await fetch(`${runs}?includeSuperseded=true&limit=50`, { headers: bearer(['ppm.viewer']) });
        expect(listed.status).toBe(200);
        const list = (await listed.json()) as { data: ListReconciliationsReply };
        expect(list.data.items.map((run) => run.id)).toContain(tamperedRunId);

        const got = await fetch(`${runs}/${tamperedRunId}?outcome=MISSING_IN_PPM`, { headers: bearer(['ppm.viewer']) });
        const run = (await got.json()) as { data: GetReconciliationReply };
        expect(run.data.items).toEqual([expect.objectContaining({ outcome: 'MISSING_IN_PPM' })]);
        const csv = await fetch(`${runs}/${tamperedRunId}/mismatches.csv`, { headers: bearer(['ppm.viewer']) });
        expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
        expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(5);

        const itemId = run.data.items[0]?.id ?? '';
        const resolve = (headers: Record<string, string>) =>
          fetch(`${runs}/${tamperedRunId}/items/${itemId}/resolve`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ note: 'Not ours: another merchant account of the same partner' }),
          });
        expect((await resolve(bearer(['ppm.viewer']))).status).toBe(403);
        const resolved = await resolve(bearer(['ppm.operator']));
        expect(resolved.status).toBe(200);
        expect(await resolved.json()).toMatchObject({
          success: true,
          data: { itemId, resolutionStatus: 'RESOLVED', resolvedBy: 'ops-1' },
        });
        const foreign = await fetch(`${runs}/${tamperedRunId}`, { headers: bearer(['ppm.viewer'], otherTenant) });
        expect(foreign.status).toBe(404);
        expect(await foreign.json()).toMatchObject({ success: false, error: { code: 'RECONCILIATION_NOT_FOUND' } });
      } finally {
        await gateway.stop();
      }
    });
  });
});
