import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

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

/** A settlement file at a local path or an http(s) URL. */
export function settlementSourceAt(location: string): SettlementSource {
  return /^https?:\/\//i.test(location) ? urlSource(location) : fileSource(location);
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

function fileSource(path: string): SettlementSource {
  return {
    location: path,
    async open() {
      const info = await stat(path).catch(() => null);
      if (!info) throw new Error(`no settlement file at ${path}`);
      if (!info.isFile()) throw new Error(`${path} is not a file`);
      return createReadStream(path, { highWaterMark: 256 * 1024 });
    },
  };
}

function urlSource(url: string): SettlementSource {
  return {
    location: url,
    async open() {
      const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch(
        (error: unknown) => {
          throw new Error(`settlement download from ${url} failed: ${(error as Error).message}`);
        },
      );
      if (!response.ok || !response.body) {
        throw new Error(`settlement download from ${url} answered HTTP ${response.status}`);
      }
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },
  };
}
