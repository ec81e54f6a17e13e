// The image's HEALTHCHECK script against a stand-in app on loopback: healthy only while /health/live answers 2xx.
// A unit test although it listens on 127.0.0.1: the tools project runs only unit tests, and this needs no server.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SCRIPT = join(__dirname, '..', '..', 'deploy', 'healthcheck.js');
const run = promisify(execFile);

describe('deploy/healthcheck.js', () => {
  let status = 200;
  let requested: string[] = [];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      response.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (requested = []));

  const check = (env: NodeJS.ProcessEnv): Promise<number> =>
    run(process.execPath, [SCRIPT], { env }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );

  it('passes while the app answers /health/live on PORT', async () => {
    status = 200;
    await expect(check({ PORT: String(port), APP: 'gateway' })).resolves.toBe(0);
    expect(requested).toEqual(['/health/live']);
  });

  it('fails when the app answers an error', async () => {
    status = 503;
    await expect(check({ PORT: String(port) })).resolves.toBe(1);
  });

  it('fails when nothing listens', async () => {
    await expect(check({ PORT: '1' })).resolves.toBe(1);
  });
});
