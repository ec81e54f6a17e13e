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

const STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * One opossum circuit breaker per (gateway, configuration), so one tenant's broken merchant account or one
 * gateway's outage never blocks the others. State changes are logged and exported as metrics.
 */
export class BreakerRegistry {
  private readonly logger = new Logger('GatewayBreaker');
  private readonly breakers = new Map<string, CircuitBreaker<[Call], unknown>>();
  private readonly state: Gauge<'gateway' | 'configuration'>;
  private readonly events: Counter<'gateway' | 'configuration' | 'event'>;

  constructor(
    private readonly settings: BreakerSettings,
    registry: Registry,
  ) {
    this.state = new Gauge({
      name: 'ppm_gateway_breaker_state',
      help: 'Circuit breaker state per gateway configuration: 0 closed, 1 half-open, 2 open',
      labelNames: ['gateway', 'configuration'],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'ppm_gateway_breaker_events_total',
      help: 'Circuit breaker events per gateway configuration (open, halfOpen, close, reject, failure, success)',
      labelNames: ['gateway', 'configuration', 'event'],
      registers: [registry],
    });
  }

  /** The breaker of one gateway configuration. */
  breakerFor(gateway: string, configuration: string): CircuitBreaker<[Call], unknown> {
    const key = `${gateway}:${configuration}`;
    const existing = this.breakers.get(key);
    if (existing) {
      this.breakers.delete(key);
      this.breakers.set(key, existing);
      return existing;
    }
    const breaker = this.create(gateway, configuration);
    this.breakers.set(key, breaker);
    if (this.breakers.size > this.settings.maxBreakers) {
      const [oldestKey, oldest] = this.breakers.entries().next().value as [string, CircuitBreaker<[Call], unknown>];
      oldest.shutdown();
      this.breakers.delete(oldestKey);
    }
    return breaker;
  }

  private create(gateway: string, configuration: string): CircuitBreaker<[Call], unknown> {
    const breaker = new CircuitBreaker((call: Call) => call(), {
      timeout: false, // every call carries its own timeout; a breaker timeout would not cancel the request
      errorThresholdPercentage: this.settings.errorThresholdPercentage,
      volumeThreshold: this.settings.volumeThreshold,
      resetTimeout: this.settings.resetTimeoutMs,
      rollingCountTimeout: this.settings.rollingCountTimeoutMs,
      name: `${gateway}:${configuration}`,
    });
    const labels = { gateway, configuration };
    this.state.set(labels, STATE_VALUE.closed);
    const transition = (to: keyof typeof STATE_VALUE, log: (message: object) => void) => () => {
      this.state.set(labels, STATE_VALUE[to]);
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
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}
