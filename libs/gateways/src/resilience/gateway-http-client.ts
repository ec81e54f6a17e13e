import { Histogram, type Registry } from 'prom-client';
import type { GatewayUrlAllowlist } from '../outbound/gateway-url-allowlist';
import { OutboundConnectionError, OutboundRefusedError, ResponseTooLargeError } from '../outbound/outbound.errors';
import { openOutbound, readCappedBody } from '../outbound/outbound-request';
import { GatewayCallError } from '../port/gateway-call.error';
import type { BreakerRegistry } from './breaker-registry';

/** Timeouts and retries of outbound gateway calls. */
export interface GatewayHttpSettings {
  timeoutMs: number;
  /** Extra attempts for calls that are safe to repeat (status queries). */
  retries: number;
  /** First backoff; doubled per attempt, with full jitter. */
  retryBaseDelayMs: number;
  /** Longest answer read from a gateway (default 1 MiB): a longer one is cut off and fails the call. */
  maxResponseBytes?: number;
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
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * POSTs JSON to a gateway behind its configuration's circuit breaker, with a timeout per call, and turns every
 * transport failure into a GatewayCallError: timeout → GATEWAY_TIMEOUT (outcome unknown), breaker open →
 * GATEWAY_UNAVAILABLE (refused: nothing was sent), anything else → GATEWAY_ERROR, whose outcome is unknown unless
 * the request certainly was not acted on (the connection never established, or an HTTP 4xx other than 408 without a
 * JSON answer). An HTTP 4xx whose body is a JSON object is the gateway's answer (MoMo answers some of its own codes
 * with a 4xx, e.g. 40 to a resent refund): it is returned for the adapter to verify and classify. A 5xx or 408 is
 * unknown whatever its body says. Only URLs on the
 * platform's allowlist of the gateway are called; redirects are never followed and answers are read up to a size
 * cap.
 */
export class GatewayHttpClient {
  private readonly duration: Histogram<'gateway' | 'outcome'>;

  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly settings: GatewayHttpSettings,
    registry: Registry,
    private readonly urls: GatewayUrlAllowlist,
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
    // Checked at every call too: a configuration stored before the list changed must not reach its old host.
    const allowed = this.urls.forGateway(request.gateway).check(request.url);
    if (!allowed.ok) throw GatewayCallError.refused(`${request.gateway} call refused: the URL ${allowed.error}`);
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
    const maxBytes = this.settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await openOutbound({
        url: request.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(request.body),
        signal,
        checkAddresses: this.urls.checkAddresses,
      });
      status = response.statusCode ?? 0;
      if (!isSuccess(status) && !isRefusal(status)) {
        response.destroy();
        throw statusFailure(request.gateway, status);
      }
      text = (await readCappedBody(response, maxBytes)).toString('utf8');
    } catch (error) {
      throw callFailure(error, request.gateway, signal, timeoutMs);
    }
    const answer = jsonObject(text);
    if (answer) return answer;
    if (!isSuccess(status)) throw statusFailure(request.gateway, status);
    throw GatewayCallError.unknown(`${request.gateway} answered with a body that is not a JSON object`);
  }
}

const isSuccess = (status: number | undefined): boolean => status !== undefined && status >= 200 && status < 300;

// A 4xx (but 408) refused the request, unless its body is the gateway's own answer; a 5xx, a 408 or a redirect
// (never followed) leaves what happened unknown, whatever its body says.
const isRefusal = (status: number): boolean => status >= 400 && status < 500 && status !== 408;

function statusFailure(gateway: string, status: number): GatewayCallError {
  const message = `${gateway} answered HTTP ${status}`;
  return isRefusal(status)
    ? GatewayCallError.refused(message, String(status))
    : GatewayCallError.unknown(message, String(status));
}

function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function callFailure(error: unknown, gateway: string, signal: AbortSignal, timeoutMs: number): GatewayCallError {
  if (error instanceof GatewayCallError) return error;
  if (signal.aborted) {
    return new GatewayCallError('GATEWAY_TIMEOUT', `${gateway} did not answer within ${timeoutMs} ms`, 'unknown');
  }
  if (error instanceof ResponseTooLargeError) {
    return GatewayCallError.unknown(`${gateway} answered more than ${error.maxBytes} bytes`);
  }
  if (error instanceof OutboundRefusedError)
    return GatewayCallError.refused(`${gateway} call refused: ${error.message}`);
  // Refused only when the connection was never established: once it was, the request may have been written.
  return error instanceof OutboundConnectionError && !error.connected
    ? GatewayCallError.refused(`${gateway} could not be reached`)
    : GatewayCallError.unknown(`${gateway} connection failed before it answered`);
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
