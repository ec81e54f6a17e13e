import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the merchant endpoint received. */
export interface CapturedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the endpoint answers: a status and a JSON body (or none). */
export interface MerchantReply {
  status: number;
  json?: unknown;
}

/**
 * A merchant's webhook endpoint for tests (node:http on a free port): records every request and answers with the
 * queued replies, then with the default one.
 */
export class MerchantEndpoint {
  readonly requests: CapturedRequest[] = [];
  private readonly queued: MerchantReply[] = [];

  private constructor(
    private readonly server: Server,
    private readonly defaultReply: MerchantReply,
  ) {}

  static async start(defaultReply: MerchantReply): Promise<MerchantEndpoint> {
    const server = createServer();
    const endpoint = new MerchantEndpoint(server, defaultReply);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://merchant.invalid');
        endpoint.requests.push({
          method: request.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const reply = endpoint.queued.shift() ?? endpoint.defaultReply;
        response.writeHead(reply.status, reply.json === undefined ? {} : { 'content-type': 'application/json' });
        response.end(reply.json === undefined ? undefined : JSON.stringify(reply.json));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  /** The endpoint's URL with a path. */
  url(path = '/'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Answers the next requests with these replies, in order. */
  replyNext(...replies: MerchantReply[]): void {
    this.queued.push(...replies);
  }

  /** Waits until `count` requests have arrived (fails after `timeoutMs`). */
  async waitForRequests(count: number, timeoutMs = 5_000): Promise<CapturedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${this.requests.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.requests.slice(0, count);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
