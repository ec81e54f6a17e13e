import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayCallError } from '../port/gateway-call.error';
import { localHttpClient } from '../testing/local-http-client';

// How a failed call reads decides whether a refund's amount is released: only a request the gateway certainly did
// not act on may read as refused.
describe('GatewayHttpClient: refused vs unknown', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const path = request.url ?? '';
        if (path === '/reset') return request.socket.destroy();
        const status = Number(path.slice(1));
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status === 200 ? 'not json' : 'internal gateway text');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const failureOf = async (url: string): Promise<GatewayCallError> => {
    const { http } = localHttpClient();
    const error = await http.postJson({ gateway: 'MOMO', configurationId: url, url, body: {}, idempotent: false }).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof GatewayCallError)) throw new Error(`expected a GatewayCallError, got ${String(error)}`);
    return error;
  };

  it.each(['500', '502', '503', '504', '408'])('reads HTTP %s as an unknown outcome', async (status) => {
    const error = await failureOf(`${baseUrl}/${status}`);
    expect(error).toMatchObject({ code: 'GATEWAY_ERROR', outcome: 'unknown', rawCode: status });
    expect(error.message).not.toContain('internal gateway text');
  });

  it('reads a connection reset after the request was written, and a body that is not JSON, as unknown', async () => {
    expect(await failureOf(`${baseUrl}/reset`)).toMatchObject({ outcome: 'unknown' });
    expect(await failureOf(`${baseUrl}/200`)).toMatchObject({ outcome: 'unknown' });
  });

  it('reads an HTTP 4xx and a refused connection as refused: the gateway did not act', async () => {
    expect(await failureOf(`${baseUrl}/400`)).toMatchObject({ outcome: 'refused', rawCode: '400' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await failureOf(`http://127.0.0.1:${port}/`)).toMatchObject({ outcome: 'refused' });
  });
});
