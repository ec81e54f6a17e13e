import { Histogram, type Registry } from 'prom-client';
import { GatewayCallError } from '../port/gateway-call.error';
import type { BreakerRegistry } from './breaker-registry';

/** Timeouts and retries of outbound gateway calls. */
export interface GatewayHttpSettings {
  timeoutMs: number;
  /** Extra attempts for calls that are safe to repeat (status queries). */
  retries: number;
  /** First backoff; doubled per attempt, with full jitter. */
  retryBaseDelayMs: number;
}

/** One outbound call. */
export interface GatewayRequest {
  gateway: string;
  configurationId: string;
  url: string;
  body: Record<string, unknown>;
  /** Safe to send again (a query): retried with backoff on timeouts and 5xx. Creates and refunds are not. */
  idempotent: boolean;
  /** Overrides the default timeout (MoMo asks clients to wait at least 30 s on create). */
  timeoutMs?: number;
}

const OPEN_BREAKER = 'EOPENBREAKER';

/**
 * Failures of `fetch` that happen before a byte of the request reaches the gateway (no address, no route, the
 * connection refused): the gateway cannot have acted on it. Any other failure may come after the request was
 * written (a reset, a socket closed mid-answer), so its outcome is unknown.
 */
const NOT_SENT_CAUSES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * POSTs JSON to a gateway behind its configuration's circuit breaker, with a timeout per call, and turns every
 * transport failure into a GatewayCallError: timeout → GATEWAY_TIMEOUT (outcome unknown), breaker open →
 * GATEWAY_UNAVAILABLE (refused: nothing was sent), anything else → GATEWAY_ERROR, whose outcome is unknown unless
 * the request certainly was not acted on (not sent, or an HTTP 4xx other than 408). An HTTP 5xx is unknown: the
 * gateway may have done the work before failing to answer.
 */
export class GatewayHttpClient {
  private readonly duration: Histogram<'gateway' | 'outcome'>;

  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly settings: GatewayHttpSettings,
    registry: Registry,
  ) {
    this.duration = new Histogram({
      name: 'ppm_gateway_call_duration_seconds',
      help: 'Calls to a gateway, per gateway and outcome (ok, GATEWAY_ERROR, GATEWAY_TIMEOUT, GATEWAY_UNAVAILABLE)',
      labelNames: ['gateway', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  async postJson(request: GatewayRequest): Promise<Record<string, unknown>> {
    const breaker = this.breakers.breakerFor(request.gateway, request.configurationId);
    const attempts = request.idempotent ? this.settings.retries + 1 : 1;
    for (let attempt = 1; ; attempt += 1) {
      const stop = this.duration.startTimer({ gateway: request.gateway });
      try {
        const reply = (await breaker.fire(() => this.send(request))) as Record<string, unknown>;
        stop({ outcome: 'ok' });
        return reply;
      } catch (error) {
        const failure = asGatewayError(error, request.gateway);
        stop({ outcome: failure.code });
        if (failure.code === 'GATEWAY_UNAVAILABLE' || attempt >= attempts) throw failure;
        await sleep(Math.random() * this.settings.retryBaseDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  private async send(request: GatewayRequest): Promise<Record<string, unknown>> {
    const timeoutMs = request.timeoutMs ?? this.settings.timeoutMs;
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new GatewayCallError(
          'GATEWAY_TIMEOUT',
          `${request.gateway} did not answer within ${timeoutMs} ms`,
          'unknown',
        );
      }
      throw notSent(error)
        ? GatewayCallError.refused(`${request.gateway} could not be reached`)
        : GatewayCallError.unknown(`${request.gateway} connection failed before it answered`);
    }
    const text = await response.text();
    if (!response.ok) {
      const message = `${request.gateway} answered HTTP ${response.status}`;
      const refused = response.status >= 400 && response.status < 500 && response.status !== 408;
      throw refused
        ? GatewayCallError.refused(message, String(response.status))
        : GatewayCallError.unknown(message, String(response.status));
    }
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw GatewayCallError.unknown(`${request.gateway} answered with a body that is not JSON`);
    }
  }
}

function asGatewayError(error: unknown, gateway: string): GatewayCallError {
  if (error instanceof GatewayCallError) return error;
  if ((error as { code?: string }).code === OPEN_BREAKER) {
    return new GatewayCallError(
      'GATEWAY_UNAVAILABLE',
      `${gateway} is failing: calls are suspended for a while`,
      'refused',
    );
  }
  return GatewayCallError.unknown(`${gateway} call failed`);
}

function notSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' && NOT_SENT_CAUSES.has(cause.code);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
