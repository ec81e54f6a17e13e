import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP hop on 127.0.0.1 to a server, which a test cuts to play that server going down: `reset()` resets every
 * connection through it (ECONNRESET), `close()` also refuses new ones. Several hops to one server stand in for the
 * nodes of a cluster.
 */
export class TcpHop {
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private server: Server | undefined;
  private localPort = 0;

  private constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  /** Opens a hop to `host:port` on a free local port. */
  static async open(host: string, port: number): Promise<TcpHop> {
    const hop = new TcpHop(host, port);
    hop.server = createServer((client) => hop.relay(client));
    await new Promise<void>((resolve) => hop.server?.listen(0, '127.0.0.1', resolve));
    hop.localPort = (hop.server.address() as AddressInfo).port;
    return hop;
  }

  /** The local port clients connect to (still named after `close()`, which refuses them). */
  get port(): number {
    return this.localPort;
  }

  /** Connections accepted so far. */
  get connections(): number {
    return this.accepted;
  }

  /** `url` (e.g. an AMQP URL with its credentials) pointed at this hop. */
  urlFor(url: string): string {
    const via = new URL(url);
    via.hostname = '127.0.0.1';
    via.port = String(this.port);
    return via.toString();
  }

  /** Resets every connection through the hop. */
  reset(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  /** Refuses new connections and resets the open ones. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.reset();
    await closed;
  }

  private relay(client: Socket): void {
    this.accepted += 1;
    const upstream = createConnection(this.targetPort, this.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  }
}
