import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';

/** One endpoint's (or callback URL's) share of the dispatcher: its attempts in flight and its breaker. */
interface Bulkhead {
  inFlight: number;
  /** Attempts claimed beyond the limit, each waiting for a slot (at most one claim's worth). */
  waiting: (() => void)[];
  breaker: CircuitBreaker<[() => Promise<boolean>], boolean>;
}

/** Breaker settings of every endpoint. */
export interface BulkheadSettings {
  /** Attempts in flight at once per endpoint. */
  concurrency: number;
  resetTimeoutMs: number;
}

// Beyond this many endpoints, idle ones with a closed breaker are forgotten (a fresh breaker is created on need).
const MAX_BULKHEADS = 10_000;

/**
 * Keeps each merchant endpoint in a bulkhead of its own: at most `concurrency` attempts in flight, and a circuit
 * breaker that opens when most of its recent attempts failed. The dispatcher claims no delivery for a full or open
 * bulkhead, so a slow or dead merchant's backlog waits in the database and never takes another's turn.
 */
export class EndpointBulkheads {
  private readonly logger = new Logger('MerchantWebhookBreaker');
  private readonly bulkheads = new Map<string, Bulkhead>();

  constructor(private readonly settings: BulkheadSettings) {}

  /** The endpoints to leave out of the next claim: full, open, or half-open with its trial attempt in flight. */
  unavailable(): string[] {
    const keys: string[] = [];
    for (const [key, { inFlight, waiting, breaker }] of this.bulkheads) {
      const full = inFlight + waiting.length >= this.settings.concurrency;
      if (full || breaker.opened || (breaker.halfOpen && inFlight > 0)) keys.push(key);
    }
    return keys;
  }

  /**
   * Runs one attempt in the endpoint's bulkhead, `send` resolving whether it delivered: a failure counts toward the
   * breaker. When the breaker refuses it (it opened after the claim), `send` is not called at all.
   */
  async attempt(key: string, send: () => Promise<boolean>): Promise<void> {
    const bulkhead = this.bulkheadOf(key);
    await this.acquire(bulkhead);
    try {
      await bulkhead.breaker.fire(async () => {
        if (!(await send())) throw new Error('not delivered');
        return true;
      });
    } catch {
      // A failed attempt is its caller's result to record, and a refused one is no attempt: nothing to do here.
    } finally {
      this.release(bulkhead);
    }
  }

  /** Stops every breaker's timers (at shutdown). */
  shutdown(): void {
    for (const { breaker } of this.bulkheads.values()) breaker.shutdown();
    this.bulkheads.clear();
  }

  private async acquire(bulkhead: Bulkhead): Promise<void> {
    if (bulkhead.inFlight < this.settings.concurrency) bulkhead.inFlight += 1;
    else await new Promise<void>((resolve) => bulkhead.waiting.push(resolve));
  }

  // A waiting attempt takes the freed slot over, so the count never drops below what is in flight.
  private release(bulkhead: Bulkhead): void {
    const next = bulkhead.waiting.shift();
    if (next) next();
    else bulkhead.inFlight -= 1;
  }

  private bulkheadOf(key: string): Bulkhead {
    const existing = this.bulkheads.get(key);
    if (existing) return existing;
    if (this.bulkheads.size >= MAX_BULKHEADS) this.forgetIdle();
    const breaker = new CircuitBreaker(async (send: () => Promise<boolean>) => send(), {
      // The sender bounds each attempt itself; opossum's own timeout would cut it short.
      timeout: false,
      errorThresholdPercentage: 50,
      volumeThreshold: 5,
      resetTimeout: this.settings.resetTimeoutMs,
      rollingCountTimeout: 60_000,
    });
    breaker.on('open', () => this.logger.warn({ endpoint: key }, 'endpoint failing: its deliveries are held back'));
    breaker.on('close', () => this.logger.log({ endpoint: key }, 'endpoint answering again'));
    const bulkhead: Bulkhead = { inFlight: 0, waiting: [], breaker };
    this.bulkheads.set(key, bulkhead);
    return bulkhead;
  }

  private forgetIdle(): void {
    for (const [key, { inFlight, breaker }] of this.bulkheads) {
      if (inFlight === 0 && breaker.closed) {
        breaker.shutdown();
        this.bulkheads.delete(key);
      }
    }
  }
}
