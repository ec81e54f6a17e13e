import {
  failure,
  Money,
  PaymentTransaction,
  success,
  type CompletedRequestKey,
  type CreatingRequestKey,
  type EventContext,
} from '@ppm/domain';
import { InMemoryPayments, must } from '../../test/in-memory-payments';
import { ClaimedKey } from './claimed-key';
import { PaymentSaver } from './payment-saver';

const TENANT = '11111111-1111-4111-8111-111111111111';
const T0 = new Date('2025-03-01T08:00:00.000Z');
const context = { traceId: 'trace-saver', correlationId: 'trace-saver', causationId: null };

/** A stored PENDING payment with its first attempt, as `payment.process` leaves it before calling the gateway. */
function storedPayment(payments: InMemoryPayments): PaymentTransaction {
  const payment = must(
    PaymentTransaction.create({
      id: '22222222-2222-4222-8222-222222222222',
      tenantId: TENANT,
      amount: must(Money.of(150_000, 'VND')),
      paymentMethod: 'E_WALLET',
      source: { boundedContext: 'orders', transactionId: 'order-1' },
      gatewayConfigurationId: '33333333-3333-4333-8333-333333333333',
      gatewayType: 'MOMO',
      description: 'Order 1',
      returnUrl: 'https://shop.example/return',
      expiresAt: new Date(T0.getTime() + 15 * 60_000),
      now: T0,
    }),
  );
  must(payment.startAttempt({ attemptId: 'attempt-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }));
  payments.put(payment);
  return payments.stored(payment.id);
}

const openOrder = (payment: PaymentTransaction) =>
  payment.markGatewayOrderCreated({
    attemptId: 'attempt-1',
    paymentUrl: 'https://gateway.example/pay',
    gatewayReference: 'ref-1',
    gatewayResponse: null,
    now: T0,
  });

describe('PaymentSaver with the payment as the caller last stored it', () => {
  it('decides on it and saves without loading the payment again', async () => {
    const payments = new InMemoryPayments();
    const latest = storedPayment(payments);
    const load = jest.fn(() => payments.findById(TENANT, latest.id));

    const changed = await new PaymentSaver(payments).change(load, openOrder, context, 5, latest);

    expect(load).not.toHaveBeenCalled();
    expect(changed.ok && changed.payment.status).toBe('PROCESSING');
    expect(changed.ok && changed.payment.version).toBe(latest.version + 1);
    expect(payments.stored(latest.id).paymentUrl).toBe('https://gateway.example/pay');
  });

  it('loads and decides again when another writer saved since', async () => {
    const payments = new InMemoryPayments();
    const latest = storedPayment(payments);
    payments.contended = 1;
    const load = jest.fn(() => payments.findById(TENANT, latest.id));

    const changed = await new PaymentSaver(payments).change(load, openOrder, context, 5, latest);

    expect(load).toHaveBeenCalledTimes(1);
    expect(changed.ok).toBe(true);
    expect(payments.stored(latest.id).status).toBe('PROCESSING');
  });

  it('confirms a decision that writes nothing on the stored payment, not on what the caller last saw', async () => {
    const payments = new InMemoryPayments();
    const latest = storedPayment(payments);
    const load = jest.fn(() => payments.findById(TENANT, latest.id));

    const changed = await new PaymentSaver(payments).change(
      load,
      () => success({ effect: 'DUPLICATE' as const }),
      context,
      5,
      latest,
    );

    expect(load).toHaveBeenCalledTimes(1);
    expect(changed.ok).toBe(true);
    expect(payments.saves).toBe(0);
  });
});

describe("PaymentSaver writing the request's idempotency key with the change", () => {
  const keyOf = (held: boolean) =>
    new ClaimedKey({ tenantId: TENANT, scope: 'subject', key: 'k-1' }, 'fingerprint', null, held);

  /** Payments whose saves record the key they were asked to write; `taken`: a key another request holds. */
  class KeyedPayments extends InMemoryPayments {
    readonly written: unknown[] = [];
    taken = false;
    override saveClaiming(payment: PaymentTransaction, context: EventContext, claim: CreatingRequestKey) {
      if (this.taken) return Promise.resolve(failure({ code: 'KEY_TAKEN' as const }));
      this.written.push({ claimed: claim.key });
      return super.save(payment, context);
    }
    override save(payment: PaymentTransaction, context?: EventContext, completes?: CompletedRequestKey) {
      if (completes) this.written.push({ completed: completes.reply });
      return super.save(payment, context);
    }
  }

  it('claims a key the request does not hold with the first save, and stores the reply with a later one', async () => {
    const payments = new KeyedPayments();
    const latest = storedPayment(payments);
    const key = keyOf(false);
    const saver = new PaymentSaver(payments);
    const load = () => payments.findById(TENANT, latest.id);

    const claimed = await saver.change(load, openOrder, context, 5, latest, { key });
    const heldAfterClaim = key.held;
    const cancel = (p: PaymentTransaction) => p.cancel({ reason: 'customer', now: T0 });
    await saver.change(load, cancel, context, 5, undefined, { key, replyOf: (p) => p.status });

    expect(claimed.ok).toBe(true);
    expect(heldAfterClaim).toBe(true);
    expect(key.completed).toBe(true);
    expect(payments.written).toEqual([{ claimed: 'k-1' }, { completed: 'CANCELLED' }]);
  });

  it('writes nothing when another request holds the key, and says so', async () => {
    const payments = new KeyedPayments();
    const latest = storedPayment(payments);
    payments.taken = true;
    const key = keyOf(false);

    const changed = await new PaymentSaver(payments).change(
      () => payments.findById(TENANT, latest.id),
      openOrder,
      context,
      5,
      latest,
      { key },
    );

    expect(changed).toEqual({ ok: false, error: 'KEY_TAKEN' });
    expect(key.held).toBe(false);
    expect(payments.saves).toBe(0);
  });
});
