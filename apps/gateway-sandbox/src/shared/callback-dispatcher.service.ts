import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { SandboxConfig } from '../sandbox.config';
import type { Callback, CallbackDelivery } from './callback-delivery';

/** A merchant gets this long to answer one delivery (MoMo's documented 15 s). */
const ATTEMPT_TIMEOUT_MS = 15_000;
const MAX_KEPT_BODY = 2_000;

/**
 * Delivers gateway callbacks (VNPay IPN, MoMo IPN, ZaloPay callback, SePay transfer notification): the first attempt is awaited, redeliveries run
 * in the background every SANDBOX_REDELIVERY_INTERVAL_MS until the merchant acknowledges or the gateway's attempts
 * are spent.
 */
@Injectable()
export class CallbackDispatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(CallbackDispatcher.name);
  private readonly scheduled = new Set<NodeJS.Timeout>();
  private readonly stopping = new AbortController();

  constructor(private readonly config: SandboxConfig) {}

  /** Delivers once and returns the (live) delivery record; redeliveries update it. */
  async deliver(callback: Callback): Promise<CallbackDelivery> {
    const delivery: CallbackDelivery = {
      url: callback.url,
      attempts: 0,
      acknowledged: false,
      lastStatus: null,
      lastBody: null,
    };
    await this.attempt(callback, delivery);
    return delivery;
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort();
    for (const timer of this.scheduled) clearTimeout(timer);
    this.scheduled.clear();
  }

  private async attempt(callback: Callback, delivery: CallbackDelivery): Promise<void> {
    delivery.attempts += 1;
    try {
      const response = await fetch(callback.url, {
        method: callback.method,
        body: callback.body,
        headers: {
          ...(callback.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...callback.headers,
        },
        signal: AbortSignal.any([AbortSignal.timeout(ATTEMPT_TIMEOUT_MS), this.stopping.signal]),
      });
      delivery.lastStatus = response.status;
      delivery.lastBody = (await response.text()).slice(0, MAX_KEPT_BODY);
      delivery.acknowledged = callback.isAcknowledged(response.status, delivery.lastBody);
    } catch (error) {
      delivery.lastStatus = null;
      delivery.lastBody = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const target = `${callback.gatewayType} callback to ${endpointOf(callback.url)}`;
    this.logger.debug(`${target}: attempt ${delivery.attempts}, HTTP ${delivery.lastStatus ?? 'none'}`);
    if (delivery.acknowledged || this.stopping.signal.aborted) return;
    if (delivery.attempts >= callback.maxAttempts) {
      this.logger.warn(`${target} not acknowledged after ${delivery.attempts} attempts; giving up`);
      return;
    }
    const timer = setTimeout(() => {
      this.scheduled.delete(timer);
      void this.attempt(callback, delivery);
    }, this.config.SANDBOX_REDELIVERY_INTERVAL_MS);
    this.scheduled.add(timer);
  }
}

/** The URL without its query (a VNPay IPN carries the whole signed payload there). */
function endpointOf(url: string): string {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
}
