import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { RawCallback } from '@ppm/gateways';

/** A callback as the merchant's endpoint received it. */
export interface RecordedCallback extends RawCallback {
  path: string;
}

/** How the recorder answers: the gateway's acknowledgement, or a refusal that should make it deliver again. */
export type RecorderReply = { status: number; body?: unknown };

/**
 * A stand-in for PPM's webhook endpoint: records every callback a gateway delivers, raw, and answers what the
 * test tells it to, so a test can check what a gateway really sends and how it reacts to the reply.
 */
export class CallbackRecorder {
  readonly received: RecordedCallback[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly reply: (callback: RecordedCallback, attempt: number) => RecorderReply) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((rawBody) => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        const callback: RecordedCallback = {
          path: url.pathname,
          method: request.method ?? 'GET',
          query: Object.fromEntries(url.searchParams),
          rawBody,
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
          ),
        };
        this.received.push(callback);
        const attempt = this.received.filter((c) => c.path === callback.path).length;
        const { status, body } = this.reply(callback, attempt);
        response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        response.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as { port: number }).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** Callbacks received on `path`, waiting until at least `count` have arrived (or failing after 10 s). */
  async waitFor(path: string, count = 1): Promise<RecordedCallback[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const matching = this.received.filter((c) => c.path === path);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) throw new Error(`expected ${count} callback(s) on ${path}, got ${matching.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
  });
}
