import { performance } from 'node:perf_hooks';
import { checkMerchantUrl } from '../outbound/merchant-url-policy';
import { openOutbound, readBodyPrefix } from '../outbound/outbound-request';
import { OutboundConnectionError, OutboundRefusedError } from '../outbound/outbound.errors';

/** How merchant webhooks are sent in this process. */
export interface MerchantWebhookSenderSettings {
  /** Production: https and public addresses only; otherwise loopback receivers are allowed too. */
  production: boolean;
  /** How long the connection may take to establish (5 s). */
  connectTimeoutMs: number;
  /** How long the whole attempt may take: connecting, the answer's headers and its excerpt (15 s). */
  timeoutMs: number;
}

/** One signed POST to a merchant. */
export interface MerchantWebhookPost {
  url: string;
  /** The Standard Webhooks headers of this attempt. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** What one attempt came to, as stored with the delivery. */
export interface MerchantWebhookAttemptResult {
  /** A 2xx answer: the delivery is done. */
  delivered: boolean;
  /** The HTTP status, when an answer arrived. */
  statusCode: number | null;
  latencyMs: number;
  /** Why no answer arrived, in PPM's words. */
  error: string | null;
  /** The first 1 KB of the answer's body (UTF-8), for the merchant to see what its receiver said. */
  responseExcerpt: string | null;
}

/** Bytes of an answer kept with its attempt. */
export const RESPONSE_EXCERPT_BYTES = 1024;

/**
 * POSTs signed webhooks to merchants' URLs. Every URL is checked again at send time (rules may have tightened since
 * it was stored); redirects are not followed (a 3xx is a failed attempt); only the first KB of an answer is read.
 * Never throws: every outcome is an attempt result for the dispatcher to record.
 */
export class MerchantWebhookSender {
  constructor(private readonly settings: MerchantWebhookSenderSettings) {}

  async post(post: MerchantWebhookPost): Promise<MerchantWebhookAttemptResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const allowed = checkMerchantUrl(post.url, this.settings.production);
    if (!allowed.ok) return failed(elapsed(), null, `the URL ${allowed.error}`);
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    let statusCode: number | null = null;
    try {
      const response = await openOutbound({
        url: post.url,
        method: 'POST',
        headers: { ...post.headers, 'content-type': 'application/json', 'user-agent': 'PPM-Webhooks/1' },
        body: post.body,
        signal,
        checkAddresses: true,
        allowLoopback: !this.settings.production,
        connectTimeoutMs: this.settings.connectTimeoutMs,
      });
      statusCode = response.statusCode ?? 0;
      const excerpt = excerptOf(await readBodyPrefix(response, RESPONSE_EXCERPT_BYTES));
      const delivered = statusCode >= 200 && statusCode < 300;
      return { delivered, statusCode, latencyMs: elapsed(), error: null, responseExcerpt: excerpt };
    } catch (error) {
      return failed(elapsed(), statusCode, describe(error, signal, this.settings));
    }
  }
}

function failed(latencyMs: number, statusCode: number | null, error: string): MerchantWebhookAttemptResult {
  return { delivered: false, statusCode, latencyMs, error, responseExcerpt: null };
}

function describe(error: unknown, signal: AbortSignal, settings: MerchantWebhookSenderSettings): string {
  if (signal.aborted) return `no answer within ${settings.timeoutMs} ms`;
  if (error instanceof OutboundRefusedError) return `refused: ${error.message}`;
  if (error instanceof OutboundConnectionError) {
    if (!error.connected && error.code === 'ETIMEDOUT') return `not connected within ${settings.connectTimeoutMs} ms`;
    return `the connection failed ${error.connected ? 'after' : 'before'} it was established (${error.code ?? 'no code'})`;
  }
  return 'the answer could not be read';
}

// Text columns hold neither NUL nor a character cut in half: the excerpt is trimmed to whole characters.
function excerptOf(bytes: Buffer): string {
  let text = bytes.toString('utf8').replace(/\u0000/g, '');
  while (Buffer.byteLength(text, 'utf8') > RESPONSE_EXCERPT_BYTES) text = text.slice(0, -1);
  return text;
}
