import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a merchant's receiver got: the Standard Webhooks headers and the raw body they sign. */
export interface Received {
  headers: Record<string, string>;
  body: string;
  /** When it arrived (the receiver's clock), for event → delivery latencies. */
  receivedAt: number;
  /** Its place among everything every receiver of this process saw: arrivals and abandoned requests. */
  order: number;
  /** Set when PPM gave up on the request (its timeout) before the receiver answered: the place of that moment. */
  abandonedOrder?: number;
}

/** The body a receiver answers a failure with. */
export const RECEIVER_DOWN = 'down for maintenance';

let sequence = 0;

/** The headers a Standard Webhooks receiver reads, as plain strings. */
function webhookHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const names = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type'];
  return Object.fromEntries(names.map((name) => [name, String(headers[name] ?? '')]));
}

/**
 * A merchant's receiver on 127.0.0.1 that records what it gets and answers as `status()` says at that moment (a
 * promise: a receiver that takes its time). Its connections are cut when it is closed.
 */
export async function receiverAnswering(
  status: () => number | Promise<number>,
  received: Received[],
): Promise<{ server: Server; url: string }> {
  const server = createServer((incoming, answer) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const delivery: Received = {
        headers: webhookHeaders(incoming.headers),
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        order: (sequence += 1),
      };
      received.push(delivery);
      answer.on('close', () => {
        if (!answer.writableFinished) delivery.abandonedOrder = sequence += 1;
      });
      void Promise.resolve(status()).then((code) => {
        if (!answer.destroyed) answer.writeHead(code).end(code >= 300 ? RECEIVER_DOWN : '');
      });
    });
  });
  server.on('close', () => server.closeAllConnections());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ppm/hooks` };
}
