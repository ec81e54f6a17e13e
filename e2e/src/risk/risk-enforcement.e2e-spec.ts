import { randomBytes, randomUUID } from 'node:crypto';
import type { TestStack } from '@ppm/testing';
import { TenantEdgeApi, type EdgeReply } from '../support/tenant-edge-api';
import { addDefaultVnpay, startCardPaymentStack } from '../support/vnpay-card-stack';

const DAILY_LIMIT = 100_000_000;
const RULES = [
  { type: 'VELOCITY', key: 'customerRef', limit: 5, windowSeconds: 60, action: 'BLOCK' },
  { type: 'BLOCKLIST', key: 'clientIp', values: ['203.0.113.7', '198.51.100.0/24'], action: 'BLOCK' },
  { type: 'AMOUNT_LIMIT', max: 80_000_000, currency: 'VND', action: 'BLOCK' },
  { type: 'DAILY_AMOUNT', key: 'customerRef', max: DAILY_LIMIT, currency: 'VND', action: 'REVIEW' },
];

describe('risk rules enforced on payment.process, on the running stack', () => {
  const tenant = randomUUID();
  const apiKey = `ppm_${randomBytes(24).toString('base64url')}`;
  let stack: TestStack;

  const edge = TenantEdgeApi.onStack(() => stack, tenant, true);
  // The reviews are asserted to name this operator.
  const bearer = (roles: string[]): string => edge.token(roles, { sub: 'operator-9' });
  const call = (method: string, path: string, auth: string | Record<string, string>, body?: unknown) =>
    edge.call<Record<string, unknown> | undefined, Record<string, unknown>>(method, path, auth, body);
  const pay = (fields: { amount?: number; customerRef?: string; clientIp?: string }) =>
    call(
      'POST',
      '/api/v1/internal/ppm/process-payment',
      { 'x-api-key': apiKey },
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: 150_000,
        currency: 'VND',
        paymentMethodType: 'ATM_CARD',
        description: 'Order',
        returnUrl: 'https://shop.example/return',
        clientIp: '192.0.2.10',
        ...fields,
      },
    );
  const transaction = async (id: string) =>
    (await call('GET', `/api/v1/ppm/transactions/${id}`, bearer(['ppm.viewer']))).body.data ?? {};
  const waitForStatus = async (id: string, status: string) => {
    for (let tries = 0; tries < 100; tries += 1) {
      const view = await transaction(id);
      if (view['status'] === status) return view;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`transaction ${id} never reached ${status}: ${JSON.stringify(await transaction(id))}`);
  };
  const refusedBy = (reply: EdgeReply<unknown, Record<string, unknown>>) => {
    expect(reply).toMatchObject({ status: 422, body: { success: false, error: { code: 'PAYMENT_BLOCKED_BY_RISK' } } });
    return (reply.body.error?.details?.['rulesHit'] as { type: string }[]).map((hit) => hit.type);
  };
  const heldForReview = async (customerRef: string) => {
    const reply = await pay({ amount: 60_000_000, customerRef, clientIp: '2001:db8::77' });
    expect(reply).toMatchObject({ status: 201, body: { data: { status: 'PENDING_REVIEW', paymentUrl: null } } });
    return String(reply.body.data?.['transactionId']);
  };

  beforeAll(async () => {
    stack = await startCardPaymentStack(
      'risk-enforcement-e2e',
      edge,
      { id: 'orders', key: apiKey },
      { JOBS_ENABLED: 'false' },
    );
    const added = await addDefaultVnpay(stack, edge);
    expect(added.status).toBe(201);
    const rules = await call('PUT', '/api/v1/ppm/risk/rules', bearer(['ppm.admin']), { rules: RULES });
    expect(rules.status).toBe(200);
  }, 180_000);

  afterAll(() => stack?.stop());

  it('refuses the sixth payment of a customer within a minute, and lets another customer pay', async () => {
    for (let n = 1; n <= 5; n += 1) {
      const allowed = await pay({ customerRef: 'velocity-1' });
      expect({ n, status: allowed.status, paid: allowed.body.data?.['status'] }).toEqual({
        n,
        status: 201,
        paid: 'PROCESSING',
      });
    }
    expect(refusedBy(await pay({ customerRef: 'velocity-1' }))).toEqual(['VELOCITY']);
    await expect(pay({ customerRef: 'velocity-2' })).resolves.toMatchObject({ status: 201 });
  });

  it('refuses a blocked address and any address of a blocked block, and an amount over the limit', async () => {
    expect(refusedBy(await pay({ customerRef: 'listed-1', clientIp: '203.0.113.7' }))).toEqual(['BLOCKLIST']);
    expect(refusedBy(await pay({ customerRef: 'listed-2', clientIp: '198.51.100.77' }))).toEqual(['BLOCKLIST']);
    expect(refusedBy(await pay({ customerRef: 'big-1', amount: 80_000_001 }))).toEqual(['AMOUNT_LIMIT']);
    const [blocked] = await stack.sql.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE tenant_id = $1 AND event_type = 'ppm.payment.risk-blocked.v1'`,
      [tenant],
    );
    expect(blocked.n).toBe(4);
  });

  it('holds a payment over the daily amount for review; approved over HTTP, it is paid at VNPay and SUCCEEDS', async () => {
    const customerRef = 'daily-1';
    await expect(pay({ amount: 60_000_000, customerRef })).resolves.toMatchObject({ status: 201 });
    const id = await heldForReview(customerRef);
    expect(await transaction(id)).toMatchObject({
      status: 'PENDING_REVIEW',
      riskDecision: { action: 'REVIEW', rulesHit: [{ index: 3, type: 'DAILY_AMOUNT', action: 'REVIEW' }] },
    });

    const approved = await call('POST', `/api/v1/ppm/transactions/${id}/review`, bearer(['ppm.operator']), {
      decision: 'APPROVE',
      note: 'known customer',
    });

    expect(approved).toMatchObject({ status: 200, body: { data: { transactionId: id, status: 'PROCESSING' } } });
    const paymentUrl = new URL(String(approved.body.data?.['paymentUrl']));
    expect(paymentUrl.searchParams.get('vnp_IpAddr')).toBe('2001:db8::77');
    // The customer opens VNPay's page (the sandbox then knows the order) and pays.
    expect((await fetch(paymentUrl, { redirect: 'manual' })).status).toBe(200);
    const processing = await waitForStatus(id, 'PROCESSING');
    await stack.sandbox.complete('VNPAY', String(processing['gatewayReference']), 'succeeded');
    const paid = await waitForStatus(id, 'SUCCEEDED');
    expect((paid['timeline'] as { status: string; cause: string }[]).map((t) => `${t.status}:${t.cause}`)).toEqual([
      'PENDING:CREATED',
      'PENDING_REVIEW:HELD_FOR_REVIEW',
      'PENDING:REVIEW_APPROVED',
      'PROCESSING:GATEWAY_ORDER_CREATED',
      'SUCCEEDED:CAPTURED',
    ]);
    expect(paid['riskDecision']).toMatchObject({
      review: { decision: 'APPROVE', reviewedBy: 'operator-9', note: 'known customer' },
    });
  });

  it('ends a rejected payment CANCELLED, and keeps reviews to operators', async () => {
    const customerRef = 'daily-2';
    await expect(pay({ amount: 60_000_000, customerRef })).resolves.toMatchObject({ status: 201 });
    const id = await heldForReview(customerRef);
    const path = `/api/v1/ppm/transactions/${id}/review`;
    const byViewer = await call('POST', path, bearer(['ppm.viewer']), { decision: 'APPROVE' });
    expect(byViewer.status).toBe(403);

    const rejected = await call('POST', path, bearer(['ppm.operator']), { decision: 'REJECT', note: 'stolen card' });

    expect(rejected).toMatchObject({ status: 200, body: { data: { status: 'CANCELLED', paymentUrl: null } } });
    const view = await waitForStatus(id, 'CANCELLED');
    expect((view['timeline'] as { cause: string }[]).map((t) => t.cause)).toEqual([
      'CREATED',
      'HELD_FOR_REVIEW',
      'REVIEW_REJECTED',
    ]);
    const again = await call('POST', path, bearer(['ppm.operator']), { decision: 'APPROVE' });
    expect(again).toMatchObject({ status: 422, body: { error: { code: 'INVALID_STATE_TRANSITION' } } });
  });
});
