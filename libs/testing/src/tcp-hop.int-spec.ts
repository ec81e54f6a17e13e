import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { eventually } from './eventually';
import { TcpHop } from './tcp-hop';

/** An echo server that counts the connections it was given. */
async function echoServer(): Promise<{ server: Server; port: number; accepted: () => number }> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, accepted: () => accepted };
}

/** A client through `hop` that keeps everything it is sent. */
async function clientOf(hop: TcpHop): Promise<{ socket: Socket; received: () => string }> {
  let received = '';
  const socket = connect(hop.port, '127.0.0.1');
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received: () => received };
}

describe('TcpHop', () => {
  let echo: Awaited<ReturnType<typeof echoServer>>;
  let hop: TcpHop;

  beforeEach(async () => {
    echo = await echoServer();
    hop = await TcpHop.open('127.0.0.1', echo.port);
  });

  afterEach(async () => {
    await hop.close();
    await new Promise((resolve) => echo.server.close(resolve));
  });

  it('keeps the order of the bytes when its latency is lowered mid-stream', async () => {
    const client = await clientOf(hop);
    hop.delay(150);
    client.socket.write('slow,');
    hop.delay(0);
    client.socket.write('fast');

    await eventually(client.received, (text) => text.length >= 'slow,fast'.length, { what: 'both echoes' });
    expect(client.received()).toBe('slow,fast');
    client.socket.destroy();
  });

  it('as a blackhole accepts a connection but lets nothing through until it heals', async () => {
    hop.blackhole();
    const client = await clientOf(hop);
    client.socket.write('held');

    // The hop took the connection; the server behind it was never reached.
    expect(hop.connections).toBe(1);
    expect(echo.accepted()).toBe(0);
    expect(client.received()).toBe('');

    hop.heal();
    await eventually(client.received, (text) => text === 'held', { what: 'the held bytes echoed once healed' });
    expect(echo.accepted()).toBe(1);
    client.socket.destroy();
  });

  it('resets the connections through it', async () => {
    const client = await clientOf(hop);
    const closed = new Promise<boolean>((resolve) => client.socket.once('close', resolve));
    await eventually(echo.accepted, (n) => n === 1, { what: 'the server reached' });

    hop.reset();

    expect(await closed).toBe(true);
  });
});
