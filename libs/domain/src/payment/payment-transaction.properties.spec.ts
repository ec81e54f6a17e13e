import fc from 'fast-check';
import { Money } from '../money/money.value-object';
import type { Result } from '../shared/result';
import { PAYMENT_STATUS_TRANSITIONS, type PaymentStatus } from './payment-status';
import { PaymentTransaction } from './payment-transaction.aggregate';
import { createInput, minutesAfterT0, unwrap } from './payment.test-fixtures';

// Property-based tests: whatever a gateway, a caller and our jobs throw at a payment, in any order, the refund
// ledger balances to the unit and the payment only moves along the drawn state machine.

type Command =
  | { kind: 'startAttempt' | 'orderCreated' | 'orderFailed' | 'orderTimedOut' | 'cancel' | 'expire' }
  | {
      kind: 'gatewayResult';
      outcome: 'succeeded' | 'failed' | 'cancelled' | 'expired';
      gatewayTransactionId: 'gtx-1' | 'gtx-2' | null;
      wrongAmount: boolean;
    }
  | { kind: 'requestRefund'; amount: bigint | 'rest'; sourceRefundId: 'src-1' | 'src-2' | null }
  | { kind: 'refundProcessing'; pick: number }
  | { kind: 'refundResult'; pick: number; outcome: 'succeeded' | 'failed'; gatewayRefundId: 'gr-1' | null };

// Weighted towards what moves money (captures, refunds and their results) so runs reach the deep states; the
// closing commands (cancel, expire, refusals) are rarer, as they end most of the interesting paths.
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constantFrom('startAttempt', 'orderCreated', 'orderTimedOut') }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constantFrom('orderFailed', 'cancel', 'expire') }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('gatewayResult'),
      outcome: fc.constantFrom('succeeded', 'succeeded', 'failed', 'cancelled', 'expired'),
      gatewayTransactionId: fc.constantFrom('gtx-1', 'gtx-1', 'gtx-2', null),
      wrongAmount: fc.constantFrom(false, false, false, false, true),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('requestRefund'),
      amount: fc.oneof(fc.constant('rest' as const), fc.bigInt({ min: -2n, max: 10n ** 15n })),
      sourceRefundId: fc.constantFrom('src-1', 'src-2', null, null),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('refundProcessing'), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('refundResult'),
      pick: fc.nat(),
      outcome: fc.constantFrom('succeeded', 'succeeded', 'failed'),
      gatewayRefundId: fc.constantFrom('gr-1', null),
    }),
    weight: 3,
  },
);

/** Where a scenario starts: a fresh payment, or one whose order the gateway already created. */
const PROCESSING_PREFIX: readonly Command[] = [{ kind: 'startAttempt' }, { kind: 'orderCreated' }];

const scenarioArb = fc.record({
  amount: fc.bigInt({ min: 1n, max: 10n ** 15n }),
  currency: fc.constantFrom('VND', 'USD'),
  startsProcessing: fc.boolean(),
  steps: fc.array(fc.record({ command: commandArb, minutes: fc.integer({ min: 0, max: 10 }) }), {
    minLength: 1,
    maxLength: 40,
    size: 'max',
  }),
});

const RUNS = 500;

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

/** Runs a scenario, calling `check` after every command with the status before and after it. */
function run(scenario: Scenario, check: (payment: PaymentTransaction, from: PaymentStatus) => void): void {
  const amount = unwrap(Money.of(scenario.amount, scenario.currency));
  const payment = unwrap(PaymentTransaction.create(createInput({ amount })));
  let clock = 0;
  let counter = 0;
  const prefix = scenario.startsProcessing ? PROCESSING_PREFIX.map((command) => ({ command, minutes: 0 })) : [];
  for (const { command, minutes } of [...prefix, ...scenario.steps]) {
    clock += minutes;
    counter += 1;
    const from = payment.status;
    const before = fingerprint(payment);
    payment.pullEvents();
    const result = execute(payment, command, minutesAfterT0(clock), counter);
    if (result && (!result.ok || isDuplicate(result.value))) {
      holds(fingerprint(payment) === before, `${command.kind} was refused or a duplicate, yet changed the payment`);
      holds(payment.pullEvents().length === 0, `${command.kind} was refused or a duplicate, yet recorded events`);
    }
    check(payment, from);
  }
}

// Plain checks rather than `expect` in the hot loop: thousands of steps per property must stay fast. A failed
// check throws, and fast-check shrinks the scenario to the shortest one that breaks it.
function holds(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

// Money and Date serialise exactly (decimal strings, ISO times), so equal fingerprints mean equal payments.
function fingerprint(payment: PaymentTransaction): string {
  return JSON.stringify(payment.toSnapshot());
}

function isDuplicate(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'effect' in value && value.effect === 'DUPLICATE';
}

function execute(payment: PaymentTransaction, command: Command, now: Date, n: number): Result<unknown> | null {
  const attemptId = payment.attempts.at(-1)?.id;
  const refundId = (pick: number) => payment.refunds[pick % Math.max(payment.refunds.length, 1)]?.id ?? 'none';
  switch (command.kind) {
    case 'startAttempt':
      return payment.startAttempt({ attemptId: `att-${n}`, gatewayRequestId: 'req-1', gatewayReference: 'ref-1', now });
    case 'orderCreated':
      return attemptId
        ? payment.markGatewayOrderCreated({ attemptId, paymentUrl: 'u', gatewayResponse: {}, now })
        : null;
    case 'orderFailed':
      return attemptId
        ? payment.markGatewayOrderFailed({ attemptId, code: 'E', reason: 'refused', gatewayResponse: null, now })
        : null;
    case 'orderTimedOut':
      return attemptId ? payment.markGatewayOrderTimedOut({ attemptId, now }) : null;
    case 'cancel':
      return payment.cancel({ reason: 'caller', now });
    case 'expire':
      return payment.expire({ now });
    case 'gatewayResult': {
      const amount = command.wrongAmount
        ? payment.amount.add(unwrap(Money.of(1n, payment.amount.currency)))
        : payment.amount;
      return payment.applyGatewayResult({ ...command, amount, rawCodes: { code: '00' }, now });
    }
    case 'requestRefund': {
      const units = command.amount === 'rest' ? payment.refundableAmount().minorUnits : command.amount;
      const amount = unwrap(Money.of(units, payment.amount.currency));
      const request = { refundId: `rf-${n}`, amount, reason: 'r', gatewayRequestId: `rq-${n}`, now };
      return payment.requestRefund({ ...request, sourceRefundId: command.sourceRefundId });
    }
    case 'refundProcessing':
      return payment.markRefundProcessing({ refundId: refundId(command.pick), now });
    case 'refundResult':
      return payment.applyRefundResult({ ...command, refundId: refundId(command.pick), now });
  }
}

const sumOf = (payment: PaymentTransaction, statuses: readonly string[]): bigint =>
  payment.refunds.filter((r) => statuses.includes(r.status)).reduce((s, r) => s + r.amount.minorUnits, 0n);

const captured = (payment: PaymentTransaction): bigint =>
  ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(payment.status) ? payment.amount.minorUnits : 0n;

describe('PaymentTransaction properties', () => {
  it('never lets requested, processing and succeeded refunds exceed the captured amount, nor refunded exceed the amount', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        run(scenario, (payment) => {
          const reserved = sumOf(payment, ['REQUESTED', 'PROCESSING', 'SUCCEEDED']);
          holds(reserved <= captured(payment), `refunds hold ${reserved} of ${captured(payment)} captured`);
          holds(payment.refundedAmount().compare(payment.amount) <= 0, 'refunded more than the amount');
          holds(!payment.refundableAmount().isNegative(), 'negative refundable amount');
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('only ever changes status along the transition table', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        run(scenario, (payment, from) => {
          if (payment.status === from) return;
          seen.add(`${from}->${payment.status}`);
          holds(PAYMENT_STATUS_TRANSITIONS[from].includes(payment.status), `${from} -> ${payment.status}`);
        });
      }),
      { numRuns: RUNS },
    );
    // The generator must reach the deep edges, or the property proves little.
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'PENDING->PROCESSING',
        'PROCESSING->SUCCEEDED',
        'FAILED->SUCCEEDED',
        'SUCCEEDED->PARTIALLY_REFUNDED',
        'PARTIALLY_REFUNDED->REFUNDED',
        'SUCCEEDED->REFUNDED',
      ]),
    );
  });

  it('never loses a unit: captured = refundable + requested/processing + succeeded refunds, and REFUNDED means all of it', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        run(scenario, (payment) => {
          const pending = sumOf(payment, ['REQUESTED', 'PROCESSING']);
          const succeeded = sumOf(payment, ['SUCCEEDED']);
          const refundable = payment.refundableAmount().minorUnits;
          holds(refundable + pending + succeeded === captured(payment), 'the refund ledger does not balance');
          holds(payment.refundedAmount().minorUnits === succeeded, 'refundedAmount is not the succeeded refunds');
          holds(
            (payment.status === 'REFUNDED') === (succeeded > 0n && succeeded === payment.amount.minorUnits),
            `status ${payment.status} with ${succeeded} of ${payment.amount.minorUnits} refunded`,
          );
        });
      }),
      { numRuns: RUNS },
    );
  });
});
