import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { MomoGateway } from '../momo/momo.gateway';
import { momoSign } from '../momo/momo-signer';
import { OutboundConnectionError } from '../outbound/outbound.errors';
import { openOutbound } from '../outbound/outbound-request';
import { GatewayCallError } from '../port/gateway-call.error';
import { localHttpClient } from '../testing/local-http-client';
import { refundRequestOf } from '../testing/refund-request.fixture';

/** A real HTTP server on 127.0.0.1 that counts the connections and requests it gets. */
interface LocalServer {
  url: string;
  port: number;
  connections: number;
  requests: number;
  close(): Promise<void>;
}

async function localServer(handler: RequestListener): Promise<LocalServer> {
  const server: Server = createServer((request, response) => {
    local.requests += 1;
    handler(request, response);
  });
  server.on('connection', () => {
    local.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const local: LocalServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: 0,
    requests: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return local;
}

const failureOf = async (call: Promise<unknown>): Promise<GatewayCallError> => {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GatewayCallError)) throw new Error(`expected a GatewayCallError, got ${String(error)}`);
  return error;
};

const request = (url: string, configurationId: string) => ({
  gateway: 'MOMO',
  configurationId,
  url,
  body: { orderId: 'a1b2c3d4e5f6' },
  idempotent: false,
});

describe('GatewayHttpClient against real HTTP servers', () => {
  const servers: LocalServer[] = [];
  const clients: ReturnType<typeof localHttpClient>[] = [];
  const start = async (handler: RequestListener): Promise<LocalServer> => {
    const server = await localServer(handler);
    servers.push(server);
    return server;
  };
  const clientFor = (sandboxUrl: string, options: { checkAddresses?: boolean; maxResponseBytes?: number } = {}) => {
    const client = localHttpClient({ sandboxUrl, ...options });
    clients.push(client);
    return client.http;
  };

  afterEach(async () => {
    for (const client of clients.splice(0)) client.breakers.shutdown();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('answers with the JSON body of a 2xx', async () => {
    const gateway = await start((_req, res) => res.end(JSON.stringify({ resultCode: 0 })));
    await expect(
      clientFor(gateway.url).postJson(request(`${gateway.url}/v2/gateway/api/query`, 'ok')),
    ).resolves.toEqual({
      resultCode: 0,
    });
  });

  it('never follows a redirect: a 3xx is a GATEWAY_ERROR with its status, and its target gets no request', async () => {
    const internal = await start((_req, res) => res.end(JSON.stringify({ secret: 'internal' })));
    const gateway = await start((_req, res) => {
      res.writeHead(307, { location: `${internal.url}/latest/meta-data` });
      res.end();
    });

    const error = await failureOf(
      clientFor(gateway.url).postJson(request(`${gateway.url}/v2/gateway/api/create`, 'redirect')),
    );

    expect(error).toMatchObject({ code: 'GATEWAY_ERROR', rawCode: '307' });
    expect(gateway.requests).toBe(1);
    expect(internal.connections).toBe(0);
  });

  it('cuts off an answer past the size cap with a GATEWAY_ERROR', async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    let finished = false;
    const gateway = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (written < total) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        finished = true;
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });

    const error = await failureOf(
      clientFor(gateway.url, { maxResponseBytes: 1024 * 1024 }).postJson(
        request(`${gateway.url}/v2/gateway/api/query`, 'oversized'),
      ),
    );

    expect(error).toMatchObject({ code: 'GATEWAY_ERROR', message: 'MOMO answered more than 1048576 bytes' });
    expect(error.rawCode).toBeUndefined();
    expect(finished).toBe(false);
    expect(written).toBeLessThan(total);
  });

  it('refuses an answer whose declared length is past the cap', async () => {
    const gateway = await start((_req, res) => {
      res.writeHead(200, { 'content-length': String(2 * 1024 * 1024) });
      res.write(Buffer.alloc(1024, 0x20));
    });
    const error = await failureOf(
      clientFor(gateway.url, { maxResponseBytes: 1024 * 1024 }).postJson(
        request(`${gateway.url}/v2/gateway/api/query`, 'declared'),
      ),
    );
    expect(error).toMatchObject({ code: 'GATEWAY_ERROR', message: 'MOMO answered more than 1048576 bytes' });
  });

  it('with address checks on, refuses a host resolving to 127.0.0.1 before any byte is sent', async () => {
    const gateway = await start((_req, res) => res.end(JSON.stringify({ resultCode: 0 })));
    const byName = `http://localhost:${gateway.port}`;

    const error = await failureOf(
      clientFor(byName, { checkAddresses: true }).postJson(request(`${byName}/v2/gateway/api/create`, 'loopback')),
    );

    expect(error).toMatchObject({ code: 'GATEWAY_ERROR' });
    expect(error.message).toMatch(/localhost resolves to an address that is not public/);
    expect(gateway.connections).toBe(0);
  });

  it('refuses a URL off the allowlist (a stored base URL the list no longer holds) without connecting', async () => {
    const allowed = await start((_req, res) => res.end('{}'));
    const other = await start((_req, res) => res.end('{}'));

    const error = await failureOf(
      clientFor(allowed.url).postJson(request(`http://localhost:${other.port}/v2/gateway/api/create`, 'off-list')),
    );

    expect(error).toMatchObject({ code: 'GATEWAY_ERROR' });
    expect(error.message).toMatch(/must be on one of the allowed MOMO base URLs/);
    expect(other.connections).toBe(0);
  });
});

// How a failed call reads decides whether a refund's amount is released: only a request the gateway certainly did
// not act on may read as refused.
describe('GatewayHttpClient: refused vs unknown', () => {
  const credentials = { partnerCode: 'PPMDEMO', accessKey: 'PPMACCESSKEY', secretKey: 'ppm-momo-secret' };
  let server: Server;
  let dropper: NetServer;
  let baseUrl: string;
  let port: number;
  let dropperUrl: string;
  const clients: ReturnType<typeof localHttpClient>[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const path = request.url ?? '';
        if (path === '/reset') return request.socket.destroy();
        if (path.endsWith('/v2/gateway/api/refund')) {
          // MoMo answers some of its own codes with an HTTP 4xx: 40, a resent refund's requestId already known.
          // Under /declined-500 a signed decline comes with an HTTP 500, which no body makes a decline.
          const declined500 = path.startsWith('/declined-500/');
          const answer = { ...momoRefundAnswer, resultCode: declined500 ? 1080 : 40 };
          const signature = momoSign(
            'refundResponse',
            { ...answer, accessKey: credentials.accessKey },
            'ppm-momo-secret',
          );
          response.writeHead(declined500 ? 500 : 400, { 'content-type': 'application/json' });
          return response.end(JSON.stringify({ ...answer, signature }));
        }
        const status = Number(path.slice(1));
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status === 200 ? 'not json' : 'internal gateway text');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    baseUrl = `http://127.0.0.1:${port}`;
    // Accepts every connection, then destroys it: the request was sent into an established connection.
    dropper = createNetServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    dropperUrl = `http://127.0.0.1:${(dropper.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.breakers.shutdown();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => dropper.close(() => resolve()));
  });

  const clientFor = (url: string) => {
    const client = localHttpClient({ sandboxUrl: new URL(url).origin });
    clients.push(client);
    return client.http;
  };
  const failureOf = async (url: string): Promise<GatewayCallError> => {
    const error = await clientFor(url)
      .postJson({ gateway: 'MOMO', configurationId: url, url, body: {}, idempotent: false })
      .then(
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

  it('reads a connection the gateway accepted and then destroyed as unknown, whatever its error code', async () => {
    expect(await failureOf(`${dropperUrl}/v2/gateway/api/refund`)).toMatchObject({ outcome: 'unknown' });
    const failure = await openOutbound({
      url: `${dropperUrl}/v2/gateway/api/refund`,
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(2_000),
      checkAddresses: false,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(OutboundConnectionError);
    expect(failure).toMatchObject({ connected: true });
  });

  it('reads an HTTP 4xx without a JSON answer, and a connection never established, as refused', async () => {
    expect(await failureOf(`${baseUrl}/400`)).toMatchObject({ outcome: 'refused', rawCode: '400' });
    // Nothing listens on 127.0.0.2 at the port this test's own server holds on 127.0.0.1: certainly refused.
    expect(await failureOf(`http://127.0.0.2:${port}/`)).toMatchObject({ outcome: 'refused' });
  });

  const momoRefund = (momoBaseUrl: string): Promise<unknown> =>
    new MomoGateway('cfg-momo', momoBaseUrl, credentials, clientFor(baseUrl)).refund(refundRequestOf()).then(
      () => null,
      (e: unknown) => e,
    );

  it("hands a 4xx's JSON answer to the adapter: MoMo's 40 on a resent refund is an unknown outcome", async () => {
    const error = await momoRefund(baseUrl);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error).toMatchObject({ outcome: 'unknown', rawCode: '40' });
  });

  it('reads an HTTP 500 as unknown even when its body is a signed decline', async () => {
    const error = await momoRefund(`${baseUrl}/declined-500`);
    expect(error).toBeInstanceOf(GatewayCallError);
    expect(error).toMatchObject({ outcome: 'unknown', rawCode: '500' });
  });
});

const momoRefundAnswer = {
  partnerCode: 'PPMDEMO',
  orderId: 'rq0001',
  requestId: 'rq0001',
  amount: 50000,
  transId: 0,
  message: 'Duplicated requestId.',
  responseTime: 1763796605000,
};
