import type { Options } from 'amqplib';
import { commaSeparatedItems } from '@ppm/observability';

/** What of a connection's recovery the rotation listens to (amqplib's recovering channel model). */
interface RecoveringModel {
  on(event: 'reconnect-scheduled', listener: () => void): unknown;
}

/**
 * The nodes of a RabbitMQ cluster, from a comma-separated AMQP_URL (`amqp://u:p@rabbit-1,amqp://u:p@rabbit-2`), for
 * amqplib, which connects to one URL. `options` is the connection object amqplib reads again at every (re)connect
 * attempt; each retry it schedules moves it to the next node, so a node that failed is not tried again until the
 * others have been. With one URL nothing ever moves.
 */
export class AmqpHosts {
  /** Pass this to amqplib's `connect`; it always describes the node to try next. */
  readonly options: Options.Connect;
  private readonly urls: readonly string[];
  private index = 0;

  constructor(url: string) {
    this.urls = commaSeparatedItems(url);
    if (this.urls.length === 0) throw new Error('AMQP_URL names no RabbitMQ node');
    this.options = connectOptionsOf(this.urls[0]);
  }

  /** The node tried now, without its credentials (for logs). */
  get current(): string {
    return `${this.options.hostname ?? ''}:${this.options.port ?? ''}`;
  }

  /** Moves every retry of `model` to the next node, round the list. */
  follow(model: RecoveringModel): void {
    model.on('reconnect-scheduled', () => this.next());
  }

  private next(): void {
    this.index = (this.index + 1) % this.urls.length;
    Object.assign(this.options, connectOptionsOf(this.urls[this.index]));
  }
}

// amqplib's object form of a URL: the same fields it reads from a URL string, credentials decoded as it does them.
function connectOptionsOf(url: string): Options.Connect {
  const parsed = new URL(url);
  const query = parsed.searchParams;
  const number = (name: string): number | undefined => (query.has(name) ? Number(query.get(name)) : undefined);
  return {
    protocol: parsed.protocol.replace(/:$/, ''),
    hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : undefined,
    // No userinfo at all is amqplib's guest, as with a URL string.
    ...(parsed.username || parsed.password
      ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }
      : {}),
    vhost: parsed.pathname.length > 1 ? parsed.pathname.slice(1) : undefined,
    locale: query.get('locale') ?? undefined,
    frameMax: number('frameMax'),
    channelMax: number('channelMax'),
    heartbeat: number('heartbeat'),
  };
}
