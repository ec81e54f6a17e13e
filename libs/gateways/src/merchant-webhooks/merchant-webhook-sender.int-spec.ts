import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MerchantWebhookSender, RESPONSE_EXCERPT_BYTES } from './merchant-webhook-sender';

const development = new MerchantWebhookSender({ production: false, connectTimeoutMs: 500, timeoutMs: 500 });
const production = new MerchantWebhookSender({ production: true, connectTimeoutMs: 500, timeoutMs: 500 });
const post = (url: string) => ({ url, headers: { 'webhook-id': 'evt-1' }, body: '{"type":"ping"}' });

describe('MerchantWebhookSender, against receivers on 127.0.0.1', () => {
  let server: Server;
  let url = '';
  let handler: RequestListener = (_request, response) => response.end();
  let requests = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests += 1;
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });

  beforeEach(() => {
    requests = 0;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers on a 2xx and keeps only the first KB of a long answer', async () => {
    handler = (_request, response) => response.end('é'.repeat(50_000));

    const result = await development.post(post(url));

    expect(result).toMatchObject({ delivered: true, statusCode: 200, error: null });
    expect(Buffer.byteLength(result.responseExcerpt ?? '', 'utf8')).toBeLessThanOrEqual(RESPONSE_EXCERPT_BYTES);
    expect(result.responseExcerpt?.length).toBe(RESPONSE_EXCERPT_BYTES / 2);
  });

  it('does not follow a redirect: the 3xx is a failed attempt', async () => {
    handler = (_request, response) => response.writeHead(302, { location: 'http://169.254.169.254/' }).end();

    expect(await development.post(post(url))).toMatchObject({ delivered: false, statusCode: 302 });
    expect(requests).toBe(1);
  });

  it('gives up on an answer slower than the timeout', async () => {
    handler = (_request, response) => setTimeout(() => response.end(), 1_500);

    expect(await development.post(post(url))).toMatchObject({
      delivered: false,
      statusCode: null,
      error: 'no answer within 500 ms',
    });
  });

  it('refuses user info everywhere, and loopback or plain http in production, without sending', async () => {
    const withUser = url.replace('http://', 'http://user:secret@');

    expect(await development.post(post(withUser))).toMatchObject({
      delivered: false,
      error: 'the URL must not carry a user name or password',
    });
    expect((await production.post(post(url))).error).toBe('the URL must be an https URL in production');
    expect((await production.post(post(url.replace('http:', 'https:')))).error).toBe(
      'the URL must name a public host in production',
    );
    expect(requests).toBe(0);
  });

  it('refuses a private address that is not loopback outside production too', async () => {
    const result = await development.post(post('http://10.255.255.1/hooks'));

    expect(result).toMatchObject({ delivered: false, statusCode: null });
    expect(result.error).toMatch(/^refused: .* not public$/);
  });
});
