import { Logger } from '@nestjs/common';
import type { RequestMeta } from '@ppm/contracts';
import {
  Money,
  PaymentTransaction,
  type GatewayConfiguration,
  type GatewayConfigurationRepository,
  type GatewayType,
  type PaymentTransactionSnapshot,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import {
  GatewayCallError,
  gmt7DatePrefix,
  type PaymentGateway,
  type PaymentGateways,
  type PaymentStatus,
  type QueryPaymentRequest,
  type QueryRefundRequest,
  type RefundStatus,
} from '@ppm/gateways';
import { Clock } from '../../shared/clock';
import { IdGenerator } from '../../shared/id-generator';
import { PaymentSaver } from '../../shared/payment-saver';
import { InFlightRefundSettler } from './in-flight-refund-settler';
import { SyncPaymentStatusCommand } from './sync-payment-status.command';
import { SyncPaymentStatusHandler } from './sync-payment-status.handler';
import { InMemoryPayments, must } from '../../../test/in-memory-payments';

const TENANT = '11111111-1111-4111-8111-111111111111';
const PAYMENT = '22222222-2222-4222-8222-222222222222';
const CONFIGURATION = '33333333-3333-4333-8333-333333333333';
const APP_ID = '2553';
const T0 = new Date('2025-03-01T08:00:00.000Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);
const meta: RequestMeta = { tenantId: TENANT, traceId: 'trace-sync-1' };

class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  override now(): Date {
    return this.at;
  }
}

/** A gateway whose answers each test scripts; it records what it was asked. */
class ScriptedGateway implements PaymentGateway {
  readonly paymentQueries: QueryPaymentRequest[] = [];
  readonly refundQueries: QueryRefundRequest[] = [];
  answerPayment: (request: QueryPaymentRequest) => Promise<PaymentStatus> = () => Promise.reject(new Error('unset'));
  answerRefund: (request: QueryRefundRequest) => Promise<RefundStatus> = () => Promise.reject(new Error('unset'));

  constructor(readonly gatewayType: GatewayType) {}

  createPayment(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  verifyCallback(): never {
    throw new Error('not used');
  }
  refund(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
  queryPayment(request: QueryPaymentRequest): Promise<PaymentStatus> {
    this.paymentQueries.push(request);
    return this.answerPayment(request);
  }
  queryRefund(request: QueryRefundRequest): Promise<RefundStatus> {
    this.refundQueries.push(request);
    return this.answerRefund(request);
  }
}

const paymentStatus = (overrides: Partial<PaymentStatus>): PaymentStatus => ({
  outcome: 'pending',
  gatewayTransactionId: null,
  amount: null,
  rawCode: '3/3',
  raw: {},
  ...overrides,
});

const refundStatus = (overrides: Partial<RefundStatus>): RefundStatus => ({
  outcome: 'pending',
  gatewayRefundId: null,
  refundRequestId: 'unused',
  rawCode: '3/3',
  raw: {},
  ...overrides,
});

function setUp(gatewayType: GatewayType = 'ZALOPAY') {
  const payments = new InMemoryPayments();
  const clock = new FixedClock(minutes(5));
  const gateway = new ScriptedGateway(gatewayType);
  const account = {
    configuration: { id: CONFIGURATION, gatewayType, baseUrl: null } as unknown as GatewayConfiguration,
    credentials: { appId: APP_ID, key1: 'k1', key2: 'k2', partnerCode: 'MOMO1', accessKey: 'a', secretKey: 's' },
  } satisfies StoredGatewayConfiguration;
  const configurations = {
    findById: () => Promise.resolve(account),
  } as unknown as GatewayConfigurationRepository;
  const gateways = { forAccount: () => gateway } as unknown as PaymentGateways;
  const saver = new PaymentSaver(payments);
  const handler = new SyncPaymentStatusHandler(
    payments,
    configurations,
    { defaultBaseUrl: 'http://sandbox.local', workerPublicUrl: 'http://worker.local' },
    gateways,
    saver,
    new InFlightRefundSettler(payments, gateways, saver, clock, new IdGenerator()),
    clock,
    new IdGenerator(),
  );
  const sync = () => handler.execute(new SyncPaymentStatusCommand(meta, { transactionId: PAYMENT }));

  /** A PROCESSING payment of 100,000 VND whose order was opened at T0 and expires at T0 + 15 min. */
  const processing = (): PaymentTransaction => {
    const payment = must(
      PaymentTransaction.create({
        id: PAYMENT,
        tenantId: TENANT,
        amount: must(Money.of(100_000, 'VND')),
        paymentMethod: 'E_WALLET',
        source: { boundedContext: 'orders', transactionId: 'order-1' },
        gatewayConfigurationId: CONFIGURATION,
        gatewayType,
        description: 'Order 1',
        returnUrl: 'https://shop.example/return',
        expiresAt: minutes(15),
        now: T0,
      }),
    );
    must(
      payment.startAttempt({ attemptId: 'attempt-1', gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now: T0 }),
    );
    must(
      payment.markGatewayOrderCreated({
        attemptId: 'attempt-1',
        paymentUrl: 'https://gateway.example/pay',
        gatewayReference: '250301_ref-1',
        gatewayResponse: null,
        now: minutes(1),
      }),
    );
    payments.put(payment);
    return payment;
  };

  /** A captured payment with one refund of 40,000 VND sent to the gateway and not yet settled. */
  const withRefundInFlight = (): { refundId: string; requestId: string } => {
    const payment = processing();
    must(
      payment.applyGatewayResult({
        outcome: 'succeeded',
        gatewayTransactionId: 'zp-1',
        amount: payment.amount,
        rawCodes: {},
        now: minutes(2),
      }),
    );
    must(
      payment.requestRefund({
        refundId: 'refund-1',
        amount: must(Money.of(40_000, 'VND')),
        reason: 'returned',
        gatewayRequestId: 'rq0001',
        now: minutes(3),
      }),
    );
    must(payment.markRefundProcessing({ refundId: 'refund-1', gatewayRefundId: '9001', now: minutes(3) }));
    payments.put(payment);
    return { refundId: 'refund-1', requestId: 'rq0001' };
  };

  const stored = () => payments.stored(PAYMENT);
  return { payments, clock, gateway, sync, processing, withRefundInFlight, stored };
}

describe('SyncPaymentStatusHandler', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  describe('a payment in flight', () => {
    it('asks the gateway with the payment’s reference, a new request id and the first attempt’s time', async () => {
      const { gateway, sync, processing } = setUp();
      processing();
      gateway.answerPayment = () => Promise.resolve(paymentStatus({ outcome: 'pending' }));
      await sync();
      await sync();
      expect(gateway.paymentQueries).toHaveLength(2);
      expect(gateway.paymentQueries[0]).toMatchObject({ gatewayReference: '250301_ref-1', createdAt: T0 });
      expect(gateway.paymentQueries[0]?.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(gateway.paymentQueries[1]?.requestId).not.toBe(gateway.paymentQueries[0]?.requestId);
    });

    it('leaves a payment the gateway still waits for as it is, without saving, before its expiry', async () => {
      const { payments, gateway, sync, processing } = setUp();
      processing();
      gateway.answerPayment = () => Promise.resolve(paymentStatus({ outcome: 'pending' }));
      expect(await sync()).toEqual({
        success: true,
        data: { transactionId: PAYMENT, status: 'PROCESSING', changed: false, refunds: [] },
      });
      expect(payments.saves).toBe(0);
    });

    it.each(['pending', 'not_found'] as const)(
      'expires a payment past its expiry when the gateway says %s',
      async (outcome) => {
        const { clock, gateway, sync, processing, stored } = setUp();
        processing();
        clock.at = minutes(15);
        gateway.answerPayment = () => Promise.resolve(paymentStatus({ outcome }));
        expect(await sync()).toMatchObject({ success: true, data: { status: 'EXPIRED', changed: true } });
        expect(stored().status).toBe('EXPIRED');
      },
    );

    it('captures with the gateway’s transaction id', async () => {
      const { gateway, sync, processing, stored } = setUp();
      processing();
      gateway.answerPayment = () =>
        Promise.resolve(paymentStatus({ outcome: 'succeeded', gatewayTransactionId: 'zp-77', amount: 100_000n }));
      expect(await sync()).toMatchObject({ success: true, data: { status: 'SUCCEEDED', changed: true } });
      expect(stored().gatewayTransactionId).toBe('zp-77');
    });

    it.each(['succeeded', 'failed'] as const)(
      'takes a "%s" answer without an amount for unknown: nothing changes, not even past the expiry',
      async (outcome) => {
        const { payments, clock, gateway, sync, processing } = setUp();
        processing();
        clock.at = minutes(60);
        gateway.answerPayment = () =>
          Promise.resolve(paymentStatus({ outcome, gatewayTransactionId: 'zp-77', amount: null }));
        expect(await sync()).toMatchObject({ success: true, data: { status: 'PROCESSING', changed: false } });
        expect(payments.saves).toBe(0);
      },
    );

    it('fails the payment with the gateway’s own code', async () => {
      const { gateway, sync, processing, stored } = setUp();
      processing();
      gateway.answerPayment = () =>
        Promise.resolve(paymentStatus({ outcome: 'failed', amount: 100_000n, rawCode: '2/-2' }));
      expect(await sync()).toMatchObject({ success: true, data: { status: 'FAILED', changed: true } });
      expect(stored().failureCode).toBe('return_code/sub_return_code=2/-2');
    });

    it('cancels the payment the customer called off at the gateway (not a failure)', async () => {
      const { gateway, sync, processing, stored } = setUp();
      processing();
      gateway.answerPayment = () =>
        Promise.resolve(paymentStatus({ outcome: 'cancelled', amount: 100_000n, rawCode: '1003' }));
      expect(await sync()).toMatchObject({ success: true, data: { status: 'CANCELLED', changed: true } });
      expect(stored()).toMatchObject({ status: 'CANCELLED', failureCode: null });
    });

    it('refuses an answer of another amount (AMOUNT_MISMATCH) and changes nothing', async () => {
      const { payments, gateway, sync, processing } = setUp();
      processing();
      gateway.answerPayment = () =>
        Promise.resolve(paymentStatus({ outcome: 'succeeded', gatewayTransactionId: 'zp-77', amount: 1_000n }));
      expect(await sync()).toMatchObject({ success: false, error: { code: 'AMOUNT_MISMATCH' } });
      expect(payments.saves).toBe(0);
    });

    it.each(['GATEWAY_TIMEOUT', 'GATEWAY_ERROR', 'GATEWAY_UNAVAILABLE'] as const)(
      'answers %s and changes nothing when the gateway gives no answer',
      async (code) => {
        const { payments, clock, gateway, sync, processing } = setUp();
        processing();
        clock.at = minutes(60); // even past its expiry: no answer is not an outcome
        gateway.answerPayment = () => Promise.reject(new GatewayCallError(code, 'no answer', 'unknown'));
        expect(await sync()).toMatchObject({
          success: false,
          error: { code, details: { transactionId: PAYMENT, status: 'PROCESSING', changed: false } },
        });
        expect(payments.saves).toBe(0);
      },
    );

    it('keeps a capture that landed while the gateway was being asked, though the answer said failed', async () => {
      const { payments, gateway, sync, processing, stored } = setUp();
      processing();
      gateway.answerPayment = () => {
        const payment = stored();
        must(
          payment.applyGatewayResult({
            outcome: 'succeeded',
            gatewayTransactionId: 'zp-callback',
            amount: payment.amount,
            rawCodes: {},
            now: minutes(4),
          }),
        );
        payments.put(payment);
        return Promise.resolve(paymentStatus({ outcome: 'failed', amount: 100_000n, rawCode: '2/-2' }));
      };
      expect(await sync()).toMatchObject({ success: true, data: { status: 'SUCCEEDED', changed: false } });
      expect(stored().gatewayTransactionId).toBe('zp-callback');
    });
  });

  it('answers a final payment without refunds in flight from what is stored, without calling the gateway', async () => {
    const { gateway, sync, processing, payments } = setUp();
    const payment = processing();
    must(payment.cancel({ reason: 'changed my mind', now: minutes(2) }));
    payments.put(payment);
    expect(await sync()).toEqual({
      success: true,
      data: { transactionId: PAYMENT, status: 'CANCELLED', changed: false, refunds: [] },
    });
    expect(gateway.paymentQueries).toHaveLength(0);
  });

  it('says TRANSACTION_NOT_FOUND for a payment that is not the tenant’s', async () => {
    const { sync } = setUp();
    expect(await sync()).toMatchObject({ success: false, error: { code: 'TRANSACTION_NOT_FOUND' } });
  });

  describe('refunds in flight', () => {
    it('settles a ZaloPay refund by its m_refund_id (yymmdd_appid_requestid)', async () => {
      const { gateway, sync, withRefundInFlight, stored } = setUp('ZALOPAY');
      const { refundId, requestId } = withRefundInFlight();
      gateway.answerRefund = () => Promise.resolve(refundStatus({ outcome: 'succeeded', gatewayRefundId: '9001' }));
      expect(await sync()).toEqual({
        success: true,
        data: {
          transactionId: PAYMENT,
          status: 'PARTIALLY_REFUNDED',
          changed: true,
          refunds: [{ refundId, status: 'SUCCEEDED' }],
        },
      });
      expect(gateway.refundQueries.map((q) => q.refundRequestId)).toEqual([
        `${gmt7DatePrefix(minutes(3))}_${APP_ID}_${requestId}`,
      ]);
      expect(gateway.paymentQueries).toHaveLength(0);
      expect(stored().refundableAmount().minorUnits).toBe(60_000n);
    });

    it('frees the amount of a refund ZaloPay declined', async () => {
      const { gateway, sync, withRefundInFlight, stored } = setUp('ZALOPAY');
      const { refundId } = withRefundInFlight();
      gateway.answerRefund = () => Promise.resolve(refundStatus({ outcome: 'failed', rawCode: '2/-13' }));
      expect(await sync()).toMatchObject({
        success: true,
        data: { status: 'SUCCEEDED', changed: true, refunds: [{ refundId, status: 'FAILED' }] },
      });
      expect(stored().refundableAmount().minorUnits).toBe(100_000n);
    });

    it('never takes ZaloPay’s "not found" for a decline: the refund stays in flight', async () => {
      const { payments, gateway, sync, withRefundInFlight } = setUp('ZALOPAY');
      const { refundId } = withRefundInFlight();
      gateway.answerRefund = () => Promise.resolve(refundStatus({ outcome: 'failed', rawCode: '2/-101' }));
      expect(await sync()).toMatchObject({
        success: true,
        data: { changed: false, refunds: [{ refundId, status: 'PROCESSING' }] },
      });
      expect(payments.saves).toBe(0);
    });

    it('asks both days when the refund was sent across midnight (GMT+7)', async () => {
      const { payments, gateway, sync, withRefundInFlight, stored } = setUp('ZALOPAY');
      withRefundInFlight();
      const row = payments.rows.get(PAYMENT) as PaymentTransactionSnapshot;
      const [refund] = row.refunds;
      if (!refund) throw new Error('no refund');
      const beforeMidnight = new Date('2025-03-01T16:59:59.900Z'); // 23:59:59.9 in Vietnam
      const afterMidnight = new Date('2025-03-01T17:00:00.100Z');
      payments.rows.set(PAYMENT, {
        ...row,
        refunds: [{ ...refund, createdAt: beforeMidnight, updatedAt: afterMidnight }],
      });
      gateway.answerRefund = ({ refundRequestId }) =>
        Promise.resolve(
          refundRequestId.startsWith('250302_')
            ? refundStatus({ outcome: 'succeeded', gatewayRefundId: '9001' })
            : refundStatus({ outcome: 'failed', rawCode: '2/-101' }),
        );
      expect(await sync()).toMatchObject({ success: true, data: { changed: true } });
      expect(gateway.refundQueries.map((q) => q.refundRequestId.slice(0, 7))).toEqual(['250301_', '250302_']);
      expect(stored().refunds[0]?.status).toBe('SUCCEEDED');
    });

    it('answers the gateway’s failure and leaves the refund in flight when the query gets no answer', async () => {
      const { payments, gateway, sync, withRefundInFlight } = setUp('ZALOPAY');
      const { refundId } = withRefundInFlight();
      gateway.answerRefund = () => Promise.reject(new GatewayCallError('GATEWAY_TIMEOUT', 'no answer', 'unknown'));
      expect(await sync()).toMatchObject({
        success: false,
        error: {
          code: 'GATEWAY_TIMEOUT',
          details: { status: 'SUCCEEDED', changed: false, refunds: [{ refundId, status: 'PROCESSING' }] },
        },
      });
      expect(payments.saves).toBe(0);
    });

    it.each([
      [
        'VNPAY',
        "through its payment's querydr, by its amount, when it is the payment's only refund",
        { rawCode: '00' },
      ],
      ['MOMO', 'by querying its payment, which lists the refunds', { gatewayRefundId: '9001' }],
    ] as const)('settles a %s refund whose answer was lost %s', async (gatewayType, _how, answer) => {
      const { gateway, sync, withRefundInFlight, stored } = setUp(gatewayType);
      const { refundId, requestId } = withRefundInFlight();
      gateway.answerRefund = () => Promise.resolve(refundStatus({ outcome: 'succeeded', ...answer }));
      expect(await sync()).toMatchObject({
        success: true,
        data: { changed: true, refunds: [{ refundId, status: 'SUCCEEDED' }] },
      });
      expect(gateway.refundQueries).toEqual([
        {
          refundRequestId: requestId,
          now: expect.any(Date) as Date,
          amount: 40_000n,
          payment: {
            gatewayReference: '250301_ref-1',
            requestId: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
            createdAt: T0,
          },
        },
      ]);
      expect(stored().refundableAmount().minorUnits).toBe(60_000n);
    });

    it('leaves VNPay refunds in flight, unasked, when querydr could be reporting another refund of the same amount', async () => {
      const { gateway, sync, withRefundInFlight, stored, payments } = setUp('VNPAY');
      const { refundId } = withRefundInFlight();
      const payment = stored();
      must(
        payment.requestRefund({
          refundId: 'refund-2',
          amount: must(Money.of(40_000, 'VND')),
          reason: 'returned',
          gatewayRequestId: 'rq0002',
          now: minutes(4),
        }),
      );
      must(payment.markRefundProcessing({ refundId: 'refund-2', gatewayRefundId: null, now: minutes(4) }));
      payments.put(payment);
      gateway.answerRefund = () => Promise.resolve(refundStatus({ outcome: 'succeeded', rawCode: '00' }));
      expect(await sync()).toMatchObject({
        success: true,
        data: {
          changed: false,
          refunds: [
            { refundId, status: 'PROCESSING' },
            { refundId: 'refund-2', status: 'PROCESSING' },
          ],
        },
      });
      expect(gateway.refundQueries).toHaveLength(0);
    });
  });
});
