import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  Subjects,
  type ListUnsettledTransfersReply,
  type ProcessPaymentReply,
  type ProcessRefundReply,
} from '@ppm/contracts';
import { GatewayUrlAllowlist, gmt7BusinessDay, OFFICIAL_GATEWAY_BASE_URLS } from '@ppm/gateways';
import { DEFAULT_SOURCE_TEMPLATE, dailySettlementSource, ReconciliationRunner } from '@ppm/reconciliation';
import { eventually } from '@ppm/testing';
import { credentialsFor } from '../support/gateway-fixture';
import { PpmStack } from '../support/ppm-stack';

interface VietqrAccount {
  configurationId: string;
  credentials: Record<string, string>;
}

// VietQR on the running processes: the payer's bank (the sandbox) books a transfer, SePay notifies the worker, the
// command service applies it; what settles nothing is listed for operators; the day's statement reconciles.
describe('VietQR: QR payment → bank transfer → SePay notification → SUCCEEDED', () => {
  let stack: PpmStack;
  let account: VietqrAccount;
  let expiring: ProcessPaymentReply;

  const addAccount = async (): Promise<VietqrAccount> => {
    const credentials = credentialsFor('VIETQR') as unknown as Record<string, string>;
    await stack.sandbox.registerMerchant('VIETQR', credentials);
    const { id } = await stack.ok<{ id: string }>(Subjects.command.gatewayConfigAdd, {
      gatewayType: 'VIETQR',
      name: `VietQR ${credentials['accountNumber']}`,
      credentials,
      baseUrl: stack.sandboxUrl,
      supportedPaymentMethods: ['QR_CODE'],
    });
    return { configurationId: id, credentials };
  };
  const pay = (on: VietqrAccount, amount = 150_000, expiresInMinutes?: number) =>
    stack.ok<ProcessPaymentReply>(
      Subjects.command.paymentProcess,
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: `ORD-${randomUUID()}`,
        amount,
        currency: 'VND',
        paymentMethodType: 'QR_CODE',
        description: 'Đơn hàng e2e',
        returnUrl: 'https://shop.example/return',
        gatewayConfigurationId: on.configurationId,
        expiresInMinutes,
      },
      { idempotencyKey: randomUUID() },
    );
  const unsettled = async () =>
    (await stack.ok<ListUnsettledTransfersReply>(Subjects.query.vietqrTransferListUnsettled, {})).items;
  const waitForUnsettled = (content: string) =>
    eventually(unsettled, (items) => items.some((item) => item.content === content), {
      what: `the transfer "${content}" listed for operators`,
      timeoutMs: 15_000,
      intervalMs: 200,
    });

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'VietQR' });
    account = await addAccount();
    // The shortest expiry a caller may ask is a minute: this payment ages while the other tests run.
    expiring = await pay(account, 150_000, 1);
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  it('answers the QR to show: its payload asks the amount with the payment code as content, and no gateway is called', async () => {
    const payment = await pay(account);

    expect(payment).toMatchObject({ status: 'PROCESSING', gatewayType: 'VIETQR' });
    expect(payment.gatewayReference).toMatch(/^PPM[0-9A-F]{16}$/);
    expect(payment.qrImage).toMatch(/^data:image\/png;base64,/);
    // The NAPAS fields of the account, the amount and the payment code as the transfer content (62/08).
    const accountNumber = account.credentials['accountNumber'] ?? '';
    const payload = payment.qrPayload ?? '';
    expect(payload).toContain(`0006${account.credentials['bankBin']}01${accountNumber.length}${accountNumber}`);
    expect(payload).toContain('5406150000');
    expect(payload).toContain(`0819${payment.gatewayReference}6304`);
    stack.checks.record('VIETQR: payment.process answers qrPayload (NAPAS fields, amount, code) and qrImage');
  });

  it('the payer transfers what the QR asks → SUCCEEDED with its events; the same transfer notified again is applied once', async () => {
    const payment = await pay(account);
    const transfer = (await stack.sandbox.bankTransfer(payment.gatewayReference ?? '', {
      qrPayload: payment.qrPayload,
    })) as { delivery: { acknowledged: boolean } };
    expect(transfer.delivery.acknowledged).toBe(true);

    const view = await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    expect(view).toMatchObject({ amount: 150_000, gatewayType: 'VIETQR', lateCapture: false });
    expect(view.gatewayTransactionId).toMatch(/^FT\d+$/);
    await stack.events.waitFor(payment.transactionId, EventTypes.paymentSucceeded);

    // SePay delivering the same transaction again (its id unchanged), as after a lost acknowledgement.
    const [stored] = await stack.rows<{ raw_body: string }>(
      `SELECT raw_body FROM webhook_events WHERE gateway_type = 'VIETQR' AND strpos(raw_body, $1) > 0`,
      [payment.gatewayReference],
    );
    const again = await fetch(`${stack.workerUrl}/api/v1/internal/ppm/gateway/webhook/vietqr`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Apikey ${account.credentials['notificationSecret']}`,
      },
      body: stored?.raw_body,
    });
    expect({ status: again.status, body: await again.json() }).toEqual({ status: 200, body: { success: true } });
    const webhooks = await stack.webhooksOf(payment.gatewayReference ?? '');
    expect(webhooks.map((w) => [w.verification, w.processingStatus])).toEqual([
      ['VERIFIED', 'APPLIED'],
      ['VERIFIED', 'DUPLICATE'],
    ]);
    expect(stack.events.events(payment.transactionId, EventTypes.paymentSucceeded)).toHaveLength(1);
    stack.checks.record('VIETQR: transfer → SePay notification APPLIED → SUCCEEDED; redelivered → DUPLICATE, 1 event');
  });

  it('refuses a notification sent with another API key: 401, so a forger learns nothing and settles nothing', async () => {
    const response = await fetch(`${stack.workerUrl}/api/v1/internal/ppm/gateway/webhook/vietqr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Apikey forged' },
      body: JSON.stringify({
        id: 1,
        accountNumber: account.credentials['accountNumber'],
        transferType: 'in',
        transferAmount: 1,
        content: 'PPM0000000000000000',
      }),
    });
    expect(response.status).toBe(401);
  });

  it('a transfer of another amount settles nothing and is flagged for an operator', async () => {
    const payment = await pay(account);
    await stack.sandbox.bankTransfer(payment.gatewayReference ?? '', { qrPayload: payment.qrPayload, amount: 100_000 });

    const items = await waitForUnsettled(payment.gatewayReference ?? '');
    expect(items.find((item) => item.content === payment.gatewayReference)).toMatchObject({
      reason: 'AMOUNT_MISMATCH',
      amount: 100_000,
      paymentCode: payment.gatewayReference,
      accountNumber: account.credentials['accountNumber'],
      gatewayConfigurationId: account.configurationId,
    });
    expect(
      (await stack.ok<{ status: string }>(Subjects.query.transactionGet, { transactionId: payment.transactionId }))
        .status,
    ).toBe('PROCESSING');
    stack.checks.record('VIETQR: wrong amount → payment untouched, listed AMOUNT_MISMATCH for operators');
  });

  it('a transfer that names no payment is kept and listed once as unmatched', async () => {
    const content = `tien an trua ${randomUUID().slice(0, 8)}`;
    await stack.sandbox.bankTransfer(content, { accountNumber: account.credentials['accountNumber'], amount: 42_000 });

    const items = await waitForUnsettled(content);
    expect(items.filter((item) => item.content === content)).toEqual([
      expect.objectContaining({ reason: 'UNMATCHED', amount: 42_000, paymentCode: null }),
    ]);
    const onlyMismatches = await stack.ok<ListUnsettledTransfersReply>(Subjects.query.vietqrTransferListUnsettled, {
      reason: 'AMOUNT_MISMATCH',
    });
    expect(onlyMismatches.items.some((item) => item.content === content)).toBe(false);
    stack.checks.record('VIETQR: transfer naming no payment → acknowledged, listed UNMATCHED');
  });

  it('refunds only as a manual bank transfer an operator records, audited, without a gateway call', async () => {
    const payment = await pay(account);
    await stack.sandbox.bankTransfer(payment.gatewayReference ?? '', { qrPayload: payment.qrPayload });
    await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    const refund = { transactionId: payment.transactionId, amount: 50_000, reason: 'returned' };

    expect(await stack.request(Subjects.command.refundProcess, refund, { idempotencyKey: randomUUID() })).toMatchObject(
      {
        success: false,
        error: { code: 'MANUAL_REFUND_REQUIRED' },
      },
    );
    // Someone has to answer for money that left outside PPM: a manual refund names its operator.
    expect(
      await stack.request(
        Subjects.command.refundProcess,
        { ...refund, manual: true },
        { idempotencyKey: randomUUID() },
      ),
    ).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    const recorded = await stack.ok<ProcessRefundReply>(
      Subjects.command.refundProcess,
      { ...refund, manual: true },
      { idempotencyKey: randomUUID(), userId: 'operator-1' },
    );
    expect(recorded).toMatchObject({ status: 'SUCCEEDED', amount: 50_000, remainingRefundable: 100_000 });
    await stack.events.waitFor(payment.transactionId, EventTypes.refundProcessed);
    const audits = await stack.rows<{ actor_id: string }>(
      `SELECT actor_id FROM audit_log WHERE resource_id = $1 AND action = $2`,
      [payment.transactionId, EventTypes.refundProcessed],
    );
    expect(audits).toEqual([{ actor_id: 'operator-1' }]);
    stack.checks.record('VIETQR: refund refused MANUAL_REFUND_REQUIRED; manual → SUCCEEDED, audited with the operator');
  });

  it('a transfer after the payment expired takes the late-capture path: SUCCEEDED, marked late, its event', async () => {
    await eventually(
      () => stack.ok<{ status: string }>(Subjects.command.paymentSyncStatus, { transactionId: expiring.transactionId }),
      (synced) => synced.status === 'EXPIRED',
      { what: 'the unpaid VietQR payment expired', timeoutMs: 90_000, intervalMs: 2_000 },
    );
    await stack.sandbox.bankTransfer(expiring.gatewayReference ?? '', { qrPayload: expiring.qrPayload });

    const view = await stack.waitForStatus(expiring.transactionId, 'SUCCEEDED');
    expect(view).toMatchObject({ lateCapture: true });
    await stack.events.waitFor(expiring.transactionId, EventTypes.paymentLateCaptured);
    stack.checks.record(
      'VIETQR: EXPIRED, then paid → late capture, SUCCEEDED with late_capture, 1 late-captured event',
    );
  }, 120_000);

  it('reconciles the account’s bank statement of the day: every transfer matches its payment', async () => {
    const statementAccount = await addAccount();
    for (const amount of [150_000, 75_000]) {
      const payment = await pay(statementAccount, amount);
      await stack.sandbox.bankTransfer(payment.gatewayReference ?? '', { qrPayload: payment.qrPayload });
      await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    }
    const businessDate = gmt7BusinessDay(new Date());
    const source = await dailySettlementSource(stack.sql, statementAccount.configurationId, businessDate, {
      template: DEFAULT_SOURCE_TEMPLATE,
      defaultBaseUrl: stack.sandboxUrl,
      urls: new GatewayUrlAllowlist({
        production: false,
        allowedBaseUrls: OFFICIAL_GATEWAY_BASE_URLS,
        localSandboxUrl: stack.sandboxUrl,
      }),
    });
    const result = await new ReconciliationRunner(stack.sql, null).run({
      configurationId: statementAccount.configurationId,
      businessDate,
      source,
    });

    expect(result).toMatchObject({
      status: 'COMPLETED',
      totalLines: 2,
      rejectedLines: 0,
      outcomes: { MATCHED: 2 },
      settlementTotal: 225_000,
      ppmTotal: 225_000,
      feeTotal: 0,
    });
    stack.checks.record('VIETQR: the sandbox bank statement of the day reconciles MATCHED 2 of 2');
  });
});
