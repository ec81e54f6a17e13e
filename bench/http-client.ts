// A keep-alive HTTP client for the load generators: one pooled connection per request in flight, as many callers
// reusing their connections would, so a figure measures the server and not TCP handshakes.
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { REQUEST_TIMEOUT_MS } from './workload';

/** An answer: its status and body text. */
export interface HttpAnswer {
  status: number;
  text: string;
}

/** Requests to one origin on a pool of at most `maxSockets` kept-alive connections. */
export interface KeepAliveClient {
  send(method: 'GET' | 'POST', path: string, body?: string, headers?: OutgoingHttpHeaders): Promise<HttpAnswer>;
  close(): void;
}

export function keepAliveClient(origin: string, maxSockets: number): KeepAliveClient {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(origin);
  return {
    send: (method, path, body, headers = {}) =>
      new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            agent,
            method,
            host: hostname,
            port,
            path,
            headers:
              body === undefined
                ? headers
                : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            timeout: REQUEST_TIMEOUT_MS,
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          },
        );
        req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
