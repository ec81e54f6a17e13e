import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { addAbortSignal, Readable } from 'node:stream';
import {
  cappedBody,
  OutboundRefusedError,
  openOutbound,
  ResponseTooLargeError,
  type OutboundUrlGuard,
} from '@ppm/gateways';
import { SettlementSourceError } from './settlement-source.error';

/** Where a settlement file comes from: opened as a byte stream, never read whole into memory. */
export interface SettlementSource {
  /** What the run records as its `source` (a path or a URL). */
  readonly location: string;
  open(): Promise<AsyncIterable<Buffer>>;
}

/** What a source template is expanded with. */
export interface SettlementSourceTarget {
  gateway: string;
  merchantId: string;
  businessDate: string;
  configurationId: string;
  baseUrl: string;
}

/** How long a whole download may take (the signal also bounds reading the body). */
const DOWNLOAD_TIMEOUT_MS = 600_000;
/** The largest settlement file downloaded: far above a busy merchant's day, far below what would fill a disk. */
const MAX_DOWNLOAD_BYTES = 2 * 1024 ** 3;
/** How much of a refusing answer is logged for operators, and how long it is waited for. */
const LOGGED_ANSWER_CHARS = 200;
const LOGGED_ANSWER_TIMEOUT_MS = 5_000;

/**
 * A settlement file at a local path or an http(s) URL. A URL is fetched only if `guard` allows it (the same rules
 * as gateway calls: allowlisted hosts, https in production, no IP literal, user info, query or fragment; in
 * production only public addresses), without following redirects, within a timeout and a size cap.
 */
export function settlementSourceAt(location: string, guard: OutboundUrlGuard): SettlementSource {
  return /^https?:\/\//i.test(location) ? urlSource(location, guard) : settlementFileAt(location);
}

/**
 * Expands a source template for one configuration and day, e.g. `{baseUrl}/sandbox/settlements/{gateway}/
 * {merchantId}/{date}` (the sandbox's daily export) or `/var/ppm/settlements/{gateway}/{merchantId}/{date}.csv`
 * (a drop directory the gateway's files are delivered to). `{gateway}` is lowercase.
 */
export function expandSourceTemplate(template: string, target: SettlementSourceTarget): string {
  return template
    .replaceAll('{baseUrl}', target.baseUrl.replace(/\/+$/, ''))
    .replaceAll('{gateway}', target.gateway.toLowerCase())
    .replaceAll('{merchantId}', encodeURIComponent(target.merchantId))
    .replaceAll('{date}', target.businessDate)
    .replaceAll('{configId}', target.configurationId);
}

/** A settlement file at a local path (a drop directory the gateway's files are delivered to). */
export function settlementFileAt(path: string): SettlementSource {
  return {
    location: path,
    async open() {
      const info = await stat(path).catch(() => null);
      if (!info) throw new SettlementSourceError(`no settlement file at ${path}`);
      if (!info.isFile()) throw new SettlementSourceError(`${path} is not a file`);
      return createReadStream(path, { highWaterMark: 256 * 1024 });
    },
  };
}

/** A settlement file an operator uploaded (the admin API), held as its text: `upload` is what the run records. */
export function uploadedSettlement(text: string): SettlementSource {
  return { location: 'upload', open: () => Promise.resolve(Readable.from([Buffer.from(text, 'utf8')])) };
}

function urlSource(url: string, guard: OutboundUrlGuard): SettlementSource {
  return {
    location: url,
    async open() {
      const allowed = guard.check(url);
      if (!allowed.ok) throw new SettlementSourceError(`the settlement source URL is refused: it ${allowed.error}`);
      const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
      let response: IncomingMessage;
      try {
        response = await openOutbound({ url, method: 'GET', signal, checkAddresses: guard.checkAddresses });
      } catch (error) {
        if (error instanceof OutboundRefusedError) {
          throw new SettlementSourceError('the settlement source was refused: its host is not on a public address');
        }
        throw new SettlementSourceError('the settlement file could not be downloaded', (error as Error).message);
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        throw new SettlementSourceError(
          `the settlement source answered HTTP ${status}`,
          await answerExcerpt(response).catch(() => undefined),
        );
      }
      const body = cappedBody(response, MAX_DOWNLOAD_BYTES);
      const chunks = Readable.from(downloaded(body));
      // The runner destroys what it opened when a run fails before reading it all: that must end the download.
      chunks.once('close', () => body.destroy());
      return chunks;
    },
  };
}

// A download breaking off while the file is read fails the run in PPM's words; what happened goes to the log.
async function* downloaded(body: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body) yield chunk as Buffer;
  } catch (error) {
    throw error instanceof ResponseTooLargeError
      ? new SettlementSourceError(`the settlement file is larger than ${error.maxBytes} bytes`)
      : new SettlementSourceError('the settlement download broke off', (error as Error).message);
  }
}

// The start of a refusing answer, for the operators' log (it never reaches the run).
async function answerExcerpt(response: IncomingMessage): Promise<string> {
  let text = '';
  const body = addAbortSignal(AbortSignal.timeout(LOGGED_ANSWER_TIMEOUT_MS), cappedBody(response, 64 * 1024));
  for await (const chunk of body) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length >= LOGGED_ANSWER_CHARS) break;
  }
  return text.slice(0, LOGGED_ANSWER_CHARS);
}
