import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP hop on 127.0.0.1 to a server, which a test degrades to play a bad network or that server going down:
 * `delay(ms)` adds latency to every chunk, `blackhole()` keeps accepting connections but lets nothing through (a
 * partition: no reset, no answer) until `heal()`, `reset()` resets every connection through it (ECONNRESET),
 * `close()` also refuses new ones. Several hops to one server stand in for the nodes of a cluster.
 */
export class TcpHop {
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private server: Server | undefined;
  private localPort = 0;
  private latencyMs = 0;
  /** What the blackhole holds back, in arrival order (chunks, upstream connects, hang-ups); undefined when open. */
  private held: (() => void)[] | undefined;

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

  /** Delays every chunk by `ms` in each direction from now on (0: none); the order of the bytes is kept. */
  delay(ms: number): void {
    this.latencyMs = ms;
  }

  /** Lets nothing through, in either direction, on open and new connections alike, until `heal()`. */
  blackhole(): void {
    this.held ??= [];
  }

  /** Ends the blackhole: what it held goes through, in order, as a network does once a partition ends. */
  heal(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const release of held) release();
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
    let upstream: Socket | undefined;
    const toClient = this.lane();
    const toUpstream = this.lane();
    this.track(client);
    client.on('close', () => toUpstream(() => upstream?.destroy()));
    client.on('data', (chunk: Buffer) => toUpstream(() => upstream?.write(chunk)));
    toUpstream(() => {
      if (client.destroyed) return;
      upstream = createConnection(this.targetPort, this.host);
      this.track(upstream);
      upstream.on('close', () => toClient(() => client.destroy()));
      upstream.on('data', (chunk: Buffer) => toClient(() => client.write(chunk)));
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /**
   * One direction of one connection: each step runs after the hop's latency and never before the steps sent ahead
   * of it (so a latency lowered mid-stream does not reorder bytes); while the hop is a blackhole it is held, and
   * joins its lane again when the hop heals.
   */
  private lane(): (step: () => void) => void {
    const queue: { at: number; step: () => void }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = (): void => {
      timer = undefined;
      for (let next = queue[0]; next && next.at <= Date.now(); next = queue[0]) {
        queue.shift();
        next.step();
      }
      const next = queue[0];
      if (next) timer = setTimeout(pump, next.at - Date.now());
    };
    const enqueue = (step: () => void): void => {
      if (this.held) {
        this.held.push(() => enqueue(step));
        return;
      }
      queue.push({ at: Date.now() + this.latencyMs, step });
      if (!timer) pump();
    };
    return enqueue;
  }
}
