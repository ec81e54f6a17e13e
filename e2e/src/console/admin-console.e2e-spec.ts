import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Subjects, type GatewayConfigReply, type ProcessPaymentReply, type TransactionView } from '@ppm/contracts';
import { gmt7BusinessDay } from '@ppm/gateways';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { NatsSettledPaymentApplier, ReconciliationRunner, settlementFileAt } from '@ppm/reconciliation';
import { eventually, testInfra, TestStack } from '@ppm/testing';
import { ConsoleBrowser } from '../support/console-browser';

const UI_TIMEOUT = 30_000;

/**
 * The browser tests: the admin console served by the gateway of a running stack, driven in Debian's chromium.
 * Support finds a payment by its order id and refunds part of it, a viewer sees no button that moves money, an admin
 * adds a MoMo configuration whose secret no page and no response ever shows, finance resolves a reconciliation
 * mismatch and downloads the CSV; every page passes axe-core and is screenshotted under tmp/screenshots/.
 */
describe('the admin console in a real browser', () => {
  const tenantId = randomUUID();
  const merchant = {
    partnerCode: `MOMO${randomBytes(4).toString('hex')}`,
    accessKey: randomUUID(),
    secretKey: randomUUID(),
  };
  const orderId = `ORD-${randomBytes(4).toString('hex')}`;
  const settledOrderId = `ORD-${randomBytes(4).toString('hex')}`;
  const today = gmt7BusinessDay(new Date());
  let stack: TestStack;
  let settler: NatsRequester;
  let browser: ConsoleBrowser;
  let consoleUrl: string;
  let workDir: string;
  let paymentId: string;
  let unsettledReference: string;
  let operatorPage: Page;

  const send = async <T>(subject: string, data: unknown): Promise<T> => {
    const reply = await stack.requester.request<T>(subject, data, {
      tenantId,
      userId: 'console-e2e',
      idempotencyKey: randomUUID(),
    });
    if (!reply.success) throw new Error(`${subject}: ${JSON.stringify(reply.error)}`);
    return reply.data;
  };

  /** A payment of 150,000 VND for `order`, paid by the customer at the sandbox and reported by its IPN. */
  const paidPayment = async (order: string): Promise<ProcessPaymentReply> => {
    const payment = await send<ProcessPaymentReply>(Subjects.command.paymentProcess, {
      sourceBoundedContext: 'orders',
      sourceTransactionId: order,
      amount: 150_000,
      currency: 'VND',
      paymentMethodType: 'E_WALLET',
      description: 'console e2e order',
      returnUrl: 'https://shop.example/return',
    });
    await stack.sandbox.complete('MOMO', payment.gatewayReference ?? '', 'succeeded');
    await eventually(
      () => send<TransactionView>(Subjects.query.transactionGet, { transactionId: payment.transactionId }),
      (view) => view.status === 'SUCCEEDED',
      { what: `payment ${order} succeeded`, intervalMs: 200 },
    );
    return payment;
  };

  /** Signs in on the development page as `role` of the test's tenant; the tab keeps the session. */
  const signIn = (role: string, screenshot?: string): Promise<Page> =>
    browser.signIn(consoleUrl, role, tenantId, async (page) => {
      if (screenshot !== undefined) expect(await browser.check(page, screenshot)).toEqual([]);
    });

  beforeAll(async () => {
    // First, so a machine without chromium fails at once, saying how to install it.
    browser = await ConsoleBrowser.launch();
    stack = await TestStack.start({
      name: 'admin-console-e2e',
      migrate: migrateDatabase,
      sandbox: {},
      apps: {
        command: {},
        query: { CACHE_TTL_IN_FLIGHT_MS: '1000' },
        worker: {},
        gateway: { CONSOLE_DEV_SIGN_IN: 'true' },
      },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 15_000 },
    });
    consoleUrl = `${stack.app('gateway').url}/admin`;
    await stack.sandbox.registerMerchant('MOMO', merchant);
    await send<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'MOMO',
      name: 'MoMo main',
      credentials: merchant,
      supportedPaymentMethods: ['E_WALLET'],
      isDefault: true,
    }).then(async ({ id: configurationId }) => {
      paymentId = (await paidPayment(orderId)).transactionId;
      unsettledReference = (await paidPayment(settledOrderId)).gatewayReference ?? '';
      // The day's settlement file without the second payment: one mismatch (MISSING_IN_SETTLEMENT) to resolve.
      const settlement = await (
        await fetch(`${stack.sandboxUrl}/sandbox/settlements/momo/${merchant.partnerCode}/${today}`)
      ).text();
      workDir = await mkdtemp(join(tmpdir(), 'ppm-console-e2e-'));
      const file = join(workDir, 'settlement.csv');
      const lines = settlement
        .trimEnd()
        .split('\n')
        .filter((line) => !line.includes(`,${unsettledReference},`));
      await writeFile(file, `${lines.join('\n')}\n`);
      // Settling what a file says is the worker's duty: the runner acts as the worker on the bus.
      settler = await NatsRequester.connect({
        url: stack.natsUrl,
        name: 'admin-console-e2e-settler',
        requestTimeoutMs: 15_000,
        credentials: testInfra.natsAs('worker'),
      });
      const runner = new ReconciliationRunner(stack.sql, new NatsSettledPaymentApplier(settler));
      const run = await runner.run({ configurationId, businessDate: today, source: settlementFileAt(file) });
      expect(run).toMatchObject({ status: 'COMPLETED', outcomes: { MISSING_IN_SETTLEMENT: 1 } });
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await settler?.onApplicationShutdown();
    await stack?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('lets an operator find a payment by its order id and refund 50,000 of 150,000', async () => {
    const page = await signIn('ppm.operator', '01-sign-in');
    operatorPage = page;
    await page.locator('input[name=q]').fill(orderId);
    await page.locator('form[role=search] button[type=submit]').click();
    const row = page.getByRole('row').filter({ hasText: orderId });
    await row.waitFor({ timeout: UI_TIMEOUT });
    // Vietnamese first: the amount as Vietnamese write dong.
    expect(await row.textContent()).toMatch(/150\.000\s₫/);
    expect(await browser.check(page, '02-transactions')).toEqual([]);

    await page.locator('header select').selectOption('en');
    await page.getByRole('link', { name: orderId }).click();
    await page.getByRole('heading', { name: `Payment ${orderId}` }).waitFor({ timeout: UI_TIMEOUT });
    expect(await browser.check(page, '03-transaction')).toEqual([]);

    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const amount = dialog.locator('input[name=amount]');
    expect(await amount.inputValue()).toBe('150000');
    await amount.fill('50000');
    await dialog.locator('input[name=reason]').fill('The customer returned one item');
    await dialog.getByRole('button', { name: 'Review refund' }).click();
    await dialog.getByText('Refund ₫50,000 of ₫150,000?').waitFor({ timeout: UI_TIMEOUT });
    expect(await browser.check(page, '04-refund-dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Confirm refund' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    await page.locator('.facts').getByText('PARTIALLY_REFUNDED').waitFor({ timeout: UI_TIMEOUT });
    const refundInTimeline = page.locator('.timeline li').filter({ hasText: 'REFUND_SUCCEEDED' });
    await refundInTimeline.waitFor({ timeout: UI_TIMEOUT });
    expect(await refundInTimeline.textContent()).toContain('PARTIALLY_REFUNDED');
    expect(await refundInTimeline.textContent()).toContain('₫50,000');
    expect(await page.locator('.facts').textContent()).toMatch(/Refunded₫50,000Refundable₫100,000/);
    expect(await browser.check(page, '05-transaction-refunded')).toEqual([]);
  });

  it('shows a viewer the same payment without a button that moves money', async () => {
    const page = await signIn('ppm.viewer');
    await page.goto(`${consoleUrl}/transactions/${paymentId}`);
    await page.getByRole('heading', { name: `Payment ${orderId}` }).waitFor({ timeout: UI_TIMEOUT });
    await page.locator('.facts').getByText('PARTIALLY_REFUNDED').waitFor({ timeout: UI_TIMEOUT });
    for (const name of ['Refund', 'Cancel payment', 'Sync with gateway']) {
      expect({ name, count: await page.getByRole('button', { name, exact: true }).count() }).toEqual({
        name,
        count: 0,
      });
    }
    expect(await browser.check(page, '06-transaction-as-viewer')).toEqual([]);
    await page.close();
  });

  it('lets an admin add a MoMo configuration whose secret appears in no page and no response', async () => {
    const backup = {
      partnerCode: `MOMO${randomBytes(4).toString('hex')}`,
      accessKey: randomUUID(),
      secretKey: randomUUID(),
    };
    const page = await signIn('ppm.admin');
    const sent: string[] = [];
    page.on('request', (request) => sent.push(request.postData() ?? ''));
    await page.getByRole('link', { name: 'Gateway configurations' }).click();
    await page.getByRole('button', { name: 'Add configuration' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name=name]').fill('MoMo backup');
    for (const [field, value] of Object.entries(backup)) await dialog.locator(`input[name=${field}]`).fill(value);
    expect(await browser.check(page, '07-gateway-config-form')).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const added = page.getByRole('row').filter({ hasText: 'MoMo backup' });
    await added.waitFor({ timeout: UI_TIMEOUT });
    await added.getByRole('button', { name: 'Deactivate' }).click();
    await added.getByText('Inactive').waitFor({ timeout: UI_TIMEOUT });
    await added.getByRole('button', { name: 'Activate' }).click();
    await added.getByRole('button', { name: 'Make default' }).click();
    await added.getByText('Active · Default').waitFor({ timeout: UI_TIMEOUT });
    expect(await browser.check(page, '08-gateway-configs')).toEqual([]);
    const pages = [await page.content()];
    for (const [link, screenshot] of [
      ['Audit log', '09-audit-log'],
      ['Merchant webhooks', '10-merchant-webhooks'],
      ['Transactions', '11-transactions-as-admin'],
    ]) {
      await page.getByRole('link', { name: link }).click();
      await page.locator('main h1').waitFor({ timeout: UI_TIMEOUT });
      await page.locator('main [role=status]').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      expect(await browser.check(page, screenshot)).toEqual([]);
      pages.push(await page.content());
    }

    // The browser did send the secret, once, to add the configuration; nothing ever sent it back.
    expect(sent.filter((body) => body.includes(backup.secretKey))).toHaveLength(1);
    const responses = await Promise.all(browser.responses);
    expect(responses.length).toBeGreaterThan(10);
    for (const secret of [backup.secretKey, backup.accessKey, merchant.secretKey, merchant.accessKey]) {
      expect(responses.filter((response) => response.body.includes(secret)).map((r) => r.url)).toEqual([]);
      expect(pages.filter((html) => html.includes(secret))).toEqual([]);
    }
    await page.close();
  });

  it('lets a finance operator resolve a reconciliation mismatch and download the CSV', async () => {
    const page = operatorPage;
    await page.getByRole('link', { name: 'Reconciliation' }).click();
    await page.getByRole('link', { name: today }).waitFor({ timeout: UI_TIMEOUT });
    expect(await browser.check(page, '12-reconciliation-runs')).toEqual([]);
    await page.getByRole('link', { name: today }).click();
    await page.getByRole('button', { name: 'MISSING_IN_SETTLEMENT (1)' }).waitFor({ timeout: UI_TIMEOUT });
    const mismatch = page.getByRole('row').filter({ hasText: unsettledReference });
    expect(await mismatch.textContent()).toContain('MISSING_IN_SETTLEMENT');
    expect(await browser.check(page, '13-reconciliation-run')).toEqual([]);

    await mismatch.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea[name=note]').fill('Paid the next day: settled with MoMo support');
    expect(await browser.check(page, '14-resolve-mismatch')).toEqual([]);
    await dialog.getByRole('button', { name: 'Mark resolved' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await mismatch.getByText('Paid the next day: settled with MoMo support').waitFor({ timeout: UI_TIMEOUT });
    expect(await mismatch.textContent()).toContain('RESOLVED');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: UI_TIMEOUT }),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain(unsettledReference);
    expect(csv).toContain('MISSING_IN_SETTLEMENT');
  });

  it('keeps every page within its content security policy and accessible; an operator changes no configuration', async () => {
    const page = operatorPage;
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.locator('main [role=status]').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await browser.check(page, '15-operations')).toEqual([]);

    // An operator moves money but changes no configuration.
    await page.getByRole('link', { name: 'Gateway configurations' }).click();
    await page.getByRole('cell', { name: 'MoMo backup' }).waitFor({ timeout: UI_TIMEOUT });
    for (const name of ['Add configuration', 'Replace secret', 'Deactivate', 'Make default']) {
      expect({ name, count: await page.getByRole('button', { name }).count() }).toEqual({ name, count: 0 });
    }
    expect(await browser.check(page, '16-gateway-configs-as-operator')).toEqual([]);
    expect(browser.cspViolations).toEqual([]);
  });
});
