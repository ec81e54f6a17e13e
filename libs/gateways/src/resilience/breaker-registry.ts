import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Counter, Gauge, type Registry } from 'prom-client';

/** Breaker settings, chosen deliberately (opossum's defaults let one early failure open it). */
export interface BreakerSettings {
  /** Share of failed calls in the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** Calls needed in the window before the threshold applies. */
  volumeThreshold: number;
  /** How long an open breaker waits before letting one trial call through. */
  resetTimeoutMs: number;
  rollingCountTimeoutMs: number;
  /** Most breakers kept; the least recently used is dropped beyond it. */
  maxBreakers: number;
}

type Call = () => Promise<unknown>;

type Breaker = CircuitBreaker<[Call], unknown>;

function stateOf(breaker: Breaker): 'closed' | 'half_open' | 'open' {
  if (breaker.opened) return 'open';
  return breaker.halfOpen ? 'half_open' : 'closed';
}

/**
 * One opossum circuit breaker per (gateway, configuration), so one tenant's broken merchant account or one
 * gateway's outage never blocks the others. State changes are logged with the configuration; metrics are labelled
 * by gateway type only (a configuration label would add series with every merchant account): how many breakers are
 * in each state, and their events.
 */
export class BreakerRegistry {
  private readonly logger = new Logger('GatewayBreaker');
  private readonly breakers = new Map<string, { gateway: string; breaker: Breaker }>();
  private readonly events: Counter<'gateway' | 'event'>;

  constructor(
    private readonly settings: BreakerSettings,
    registry: Registry,
  ) {
    const breakers = this.breakers;
    new Gauge({
      name: 'ppm_gateway_breakers',
      help: "This instance's circuit breakers (one per gateway configuration) per gateway type and state (closed, half_open, open)",
      labelNames: ['gateway', 'state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const { gateway, breaker } of breakers.values()) this.inc({ gateway, state: stateOf(breaker) });
      },
    });
    this.events = new Counter({
      name: 'ppm_gateway_breaker_events_total',
      help: 'Circuit breaker events per gateway type (open, halfOpen, closed, reject, failure, success)',
      labelNames: ['gateway', 'event'],
      registers: [registry],
    });
  }

  /** The breaker of one gateway configuration. */
  breakerFor(gateway: string, configuration: string): Breaker {
    const key = `${gateway}:${configuration}`;
    const existing = this.breakers.get(key);
    if (existing) {
      this.breakers.delete(key);
      this.breakers.set(key, existing);
      return existing.breaker;
    }
    const breaker = this.create(gateway, configuration);
    this.breakers.set(key, { gateway, breaker });
    if (this.breakers.size > this.settings.maxBreakers) {
      const [oldestKey, oldest] = this.breakers.entries().next().value as [string, { breaker: Breaker }];
      oldest.breaker.shutdown();
      this.breakers.delete(oldestKey);
    }
    return breaker;
  }

  private create(gateway: string, configuration: string): Breaker {
    const breaker = new CircuitBreaker((call: Call) => call(), {
      timeout: false, // every call carries its own timeout; a breaker timeout would not cancel the request
      errorThresholdPercentage: this.settings.errorThresholdPercentage,
      volumeThreshold: this.settings.volumeThreshold,
      resetTimeout: this.settings.resetTimeoutMs,
      rollingCountTimeout: this.settings.rollingCountTimeoutMs,
      name: `${gateway}:${configuration}`,
    });
    const labels = { gateway };
    const transition = (to: 'open' | 'halfOpen' | 'closed', log: (message: object) => void) => () => {
      this.events.inc({ ...labels, event: to });
      log({ gateway, configuration, state: to });
    };
    breaker.on(
      'open',
      transition('open', (m) => this.logger.warn(m, 'gateway breaker opened: calls fail fast')),
    );
    breaker.on(
      'halfOpen',
      transition('halfOpen', (m) => this.logger.log(m, 'gateway breaker half-open: trying one call')),
    );
    breaker.on(
      'close',
      transition('closed', (m) => this.logger.log(m, 'gateway breaker closed: gateway healthy again')),
    );
    breaker.on('reject', () => this.events.inc({ ...labels, event: 'reject' }));
    breaker.on('failure', () => this.events.inc({ ...labels, event: 'failure' }));
    breaker.on('success', () => this.events.inc({ ...labels, event: 'success' }));
    return breaker;
  }

  /** Stops every breaker's timers (shutdown, tests). */
  shutdown(): void {
    for (const { breaker } of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}
