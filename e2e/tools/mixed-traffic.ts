import { Subjects, type ProcessPaymentReply, type Reply } from '@ppm/contracts';
import type { GatewayType } from '@ppm/gateways';
import { CallerAnswers } from '../src/support/caller-answers';
import { gatewayAt } from '../src/support/fault-outcome';
import type { PpmStack } from '../src/support/ppm-stack';

const TICK_MS = 100;
// Past the requester's timeout: a request still unanswered by then hung.
const DEADLINE_MS = 30_000;

/**
 * Traffic of the payment service's callers at a steady rate: each operation is, in turn, a payment made and paid at
 * the gateway (the sandbox calls the worker back), a payment read, and a list read. Operations start on a clock, not
 * after each other, so a slow service does not slow the traffic down; past `maxInFlight` a tick's operations are
 * skipped (and counted), so a stalled service does not pile up unbounded work in the driver.
 */
export class MixedTraffic {
  readonly answers = new CallerAnswers();
  /** Every payment whose caller was answered success, for the delivery count at the end. */
  readonly paid: string[] = [];
  skipped = 0;
  private inFlight = 0;
  private started = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly stack: PpmStack,
    private readonly ratePerSecond: number,
    private readonly maxInFlight = 64,
  ) {}

  /** Operations started so far. */
  get operations(): number {
    return this.started;
  }

  start(): void {
    let owed = 0;
    this.timer = setInterval(() => {
      owed += (this.ratePerSecond * TICK_MS) / 1_000;
      for (; owed >= 1; owed -= 1) {
        if (this.inFlight >= this.maxInFlight) this.skipped += 1;
        else this.launch();
      }
    }, TICK_MS);
  }

  /** Stops starting operations and waits for those in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.running);
  }

  private launch(): void {
    const n = this.started;
    this.started += 1;
    this.inFlight += 1;
    const operation = this.operation(n)
      .catch(() => undefined)
      .finally(() => {
        this.inFlight -= 1;
        this.running.delete(operation);
      });
    this.running.add(operation);
  }

  private async operation(n: number): Promise<void> {
    const kind = n % 3;
    if (kind === 0) return this.pay(gatewayAt(Math.floor(n / 3)));
    const recent = this.paid[this.paid.length - 1 - (n % 50)] ?? this.paid[0];
    if (kind === 1 && recent) {
      await this.answers.record(this.stack.transaction(recent), DEADLINE_MS);
      return;
    }
    await this.answers.record(this.stack.request(Subjects.query.transactionList, { limit: 20 }), DEADLINE_MS);
  }

  private async pay(gatewayType: GatewayType): Promise<void> {
    const made: Reply<ProcessPaymentReply> | undefined = await this.answers.record(
      this.stack.attemptPayment(gatewayType),
      DEADLINE_MS,
    );
    if (!made?.success) return;
    this.paid.push(made.data.transactionId);
    await this.stack.complete(gatewayType, made.data, 'succeeded');
  }
}
