import { Money, PaymentTransaction, success } from '@ppm/domain';
import { InMemoryPayments, must } from '../../test/in-memory-payments';
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
