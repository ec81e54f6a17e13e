import { randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import {
  Subjects,
  type GatewayConfigReply,
  type ListUnsettledTransfersReply,
  type ProcessPaymentReply,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import { eventually, TestStack } from '@ppm/testing';
import { ConsoleBrowser } from '../support/console-browser';
import { credentialsFor } from '../support/gateway-fixture';

const UI_TIMEOUT = 30_000;
const UNMATCHED_AMOUNT = 42_000;

/** The text a QR code drawn as a PNG data: URL encodes. */
function decodeQr(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/**
 * The console's VietQR views in Debian's chromium on a running stack: a VIETQR payment shows the QR its payer scans
 * (drawn in the browser, decoding to the payment's payload) with what the payload asks; a damaged payload shows an
 * error, not an image; a transfer the sandbox bank books with content naming no payment is listed for operators, and
 * a viewer is shown neither the page's link nor its data.
 */
describe('the admin console’s VietQR code and unmatched transfers in a real browser', () => {
  const tenantId = randomUUID();
  const account = credentialsFor('VIETQR') as unknown as Record<string, string>;
  const unmatchedContent = `tien an trua ${randomUUID().slice(0, 8)}`;
  let stack: TestStack;
  let browser: ConsoleBrowser;
  let consoleUrl: string;
  let payment: ProcessPaymentReply;
  let operatorPage: Page;

  const send = async <T>(subject: string, data: unknown): Promise<T> => {
    const reply = await stack.requester.request<T>(subject, data, {
      tenantId,
      userId: 'console-vietqr-e2e',
      idempotencyKey: randomUUID(),
    });
    if (!reply.success) throw new Error(`${subject}: ${JSON.stringify(reply.error)}`);
    return reply.data;
  };
  const paymentPage = async (page: Page): Promise<void> => {
    await page.goto(`${consoleUrl}/transactions/${payment.transactionId}`);
    await page.getByRole('heading', { name: 'VietQR code' }).waitFor({ timeout: UI_TIMEOUT });
  };

  beforeAll(async () => {
    browser = await ConsoleBrowser.launch();
    stack = await TestStack.start({
      name: 'admin-console-vietqr-e2e',
      migrate: migrateDatabase,
      sandbox: {},
      apps: { command: {}, query: {}, worker: {}, gateway: { CONSOLE_DEV_SIGN_IN: 'true' } },
      requester: { connect: (settings) => NatsRequester.connect(settings), requestTimeoutMs: 15_000 },
    });
    consoleUrl = `${stack.app('gateway').url}/admin`;
    await stack.sandbox.registerMerchant('VIETQR', account);
    const { id: gatewayConfigurationId } = await send<GatewayConfigReply>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'VIETQR',
      name: 'VietQR main',
      credentials: account,
      baseUrl: stack.sandboxUrl,
      supportedPaymentMethods: ['QR_CODE'],
    });
    payment = await send<ProcessPaymentReply>(Subjects.command.paymentProcess, {
      sourceBoundedContext: 'orders',
      sourceTransactionId: `ORD-${randomUUID()}`,
      amount: 150_000,
      currency: 'VND',
      paymentMethodType: 'QR_CODE',
      description: 'Đơn hàng console',
      returnUrl: 'https://shop.example/return',
      gatewayConfigurationId,
    });
    await stack.sandbox.bankTransfer(unmatchedContent, {
      accountNumber: account['accountNumber'],
      amount: UNMATCHED_AMOUNT,
    });
    await eventually(
      () => send<ListUnsettledTransfersReply>(Subjects.query.vietqrTransferListUnsettled, {}),
      (list) => list.items.some((item) => item.content === unmatchedContent),
      { what: 'the unmatched transfer listed', timeoutMs: 15_000, intervalMs: 200 },
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows an operator the QR of a VIETQR payment: it loads, decodes to the payment’s payload and says what it asks', async () => {
    const page = await browser.signIn(consoleUrl, 'ppm.operator', tenantId);
    operatorPage = page;
    await page.locator('header select').selectOption('en');
    await paymentPage(page);

    const image = page.locator('img.vietqr-image');
    await image.waitFor({ timeout: UI_TIMEOUT });
    // Loaded and drawn: a broken or blocked image has no natural width.
    const loaded = await image.evaluate(async (element) => {
      const img = element as unknown as { decode: () => Promise<void>; naturalWidth: number };
      await img.decode();
      return img.naturalWidth;
    });
    expect(loaded).toBeGreaterThan(0);
    expect(decodeQr((await image.getAttribute('src')) ?? '')).toBe(payment.qrPayload);
    expect(await page.locator('.vietqr-payload').textContent()).toBe(payment.qrPayload);
    const facts = (await page.locator('.vietqr .facts').textContent()) ?? '';
    for (const shown of [
      `Payment code to transfer with${payment.gatewayReference}`,
      'Bank (NAPAS BIN)970415',
      `Account number${account['accountNumber']}`,
      'Amount asked₫150,000',
      `Transfer content${payment.gatewayReference}`,
    ]) {
      expect(facts).toContain(shown);
    }
    expect(await browser.check(page, '17-transaction-vietqr')).toEqual([]);
  });

  it('shows a payload whose CRC fails as an error, with no image', async () => {
    const page = await browser.signIn(consoleUrl, 'ppm.operator', tenantId);
    // The payment's detail is altered on its way to the page: one digit of the amount, the CRC left as it was.
    await page.route(`**/api/v1/ppm/transactions/${payment.transactionId}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { data: { qrPayload: string } };
      body.data.qrPayload = body.data.qrPayload.replace('5406150000', '5406950000');
      await route.fulfill({ response, json: body });
    });
    await paymentPage(page);

    const alert = page.locator('.vietqr [role=alert]');
    await alert.waitFor({ timeout: UI_TIMEOUT });
    expect(await alert.textContent()).toContain('the CRC does not match');
    expect(await page.locator('.vietqr img').count()).toBe(0);
    await page.close();
  });

  it('lists the transfer that named no payment for an operator, in dong as Vietnamese write it, then in English', async () => {
    const page = operatorPage;
    await page.locator('header select').selectOption('vi');
    await page.getByRole('link', { name: 'Chuyển khoản chưa khớp' }).click();
    const row = page.getByRole('row').filter({ hasText: unmatchedContent });
    await row.waitFor({ timeout: UI_TIMEOUT });
    expect(await row.textContent()).toMatch(/42\.000\s₫/);

    await page.locator('header select').selectOption('en');
    await page.getByRole('heading', { name: 'Unmatched transfers', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    const [, amount, content, bankReference, reason] = await row.getByRole('cell').allTextContents();
    expect({ amount, content, reason }).toEqual({ amount: '₫42,000', content: unmatchedContent, reason: 'UNMATCHED' });
    expect(bankReference).toMatch(/^FT\d+$/);
    expect(await browser.check(page, '18-unmatched-transfers')).toEqual([]);

    await page.locator('.filters select').selectOption('AMOUNT_MISMATCH');
    await page.getByText('Nothing here yet.').waitFor({ timeout: UI_TIMEOUT });
    expect(browser.cspViolations).toEqual([]);
  });

  it('shows a viewer no link to the transfers, and the gateway’s refusal when the page is opened by its address', async () => {
    const page = await browser.signIn(consoleUrl, 'ppm.viewer', tenantId);
    expect(await page.getByRole('link', { name: 'Unmatched transfers' }).count()).toBe(0);
    await page.goto(`${consoleUrl}/transfers`);
    const refusal = page.locator('main [role=alert]');
    await refusal.waitFor({ timeout: UI_TIMEOUT });
    expect(await refusal.locator('.error-code').textContent()).toBe('FORBIDDEN');
    expect(await page.getByText(unmatchedContent).count()).toBe(0);
    await page.close();
  });
});
