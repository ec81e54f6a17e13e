import { ServerNats, type NatsContext } from '@nestjs/microservices';
import type { Msg, Subscription } from 'nats';
import { commaSeparatedItems } from '@ppm/observability';
import { ContractReplySerializer } from './contract-reply.serializer';
import type { FirstAnswer } from './first-answer';
import { ContractRequestDeserializer } from './contract-request.deserializer';
import { natsAuthOptions, type NatsCredentials } from './nats-credentials';

/** Settings of a PPM NATS server. */
export interface NatsServerSettings {
  /** One or more comma-separated server URLs of the cluster: the client reconnects to another when one fails. */
  url: string;
  /** Queue group: replicas share requests instead of each handling every one. */
  queue: string;
  /** Instance name shown by the NATS server's monitoring. */
  name: string;
  /** The longest shutdown waits for in-flight handlers before closing the connection. */
  gracePeriodMs: number;
  /** Who the process is on NATS: its user may subscribe only to its own subjects, in its queue group. */
  credentials?: NatsCredentials;
}

const TRACEPARENT = 'traceparent';

interface OutgoingPacket {
  isDisposed?: boolean;
  status?: string;
}

/**
 * Nest's NATS server in PPM's shape: joins its queue group, reads and writes the contract's envelopes, lets a
 * subject's first answer (`answerFirst`) reply before the pipeline, and on shutdown stops taking requests, waits
 * only until the requests it holds have been answered (at most the grace period), then closes. Nest's own graceful
 * mode always sleeps the whole grace period, idle or not.
 */
export class DrainingNatsServer extends ServerNats {
  private readonly inFlight = new Set<string>();
  private onIdle: (() => void) | undefined;
  private readonly firstAnswers = new Map<string, FirstAnswer>();

  constructor(private readonly settings: NatsServerSettings) {
    super({
      servers: commaSeparatedItems(settings.url),
      name: settings.name,
      queue: settings.queue,
      ...natsAuthOptions(settings.credentials),
      gracefulShutdown: false,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      serializer: new ContractReplySerializer(),
      deserializer: new ContractRequestDeserializer(),
    });
  }

  /** Lets `first` answer requests on `subject` before the pipeline; what it declines goes to the handler. */
  answerFirst(subject: string, first: FirstAnswer): void {
    this.firstAnswers.set(subject, first);
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    const first = this.firstAnswers.get(channel);
    // A request carrying its caller's trace takes the pipeline, whose interceptor gives it its span.
    if (first && natsMsg.reply && !natsMsg.headers?.has(TRACEPARENT)) {
      this.inFlight.add(natsMsg.reply);
      const reply = await first.answer(natsMsg.data).catch((error: unknown) => {
        this.logger.warn({ err: error, subject: channel }, 'first answer failed: the handler answers instead');
        return undefined;
      });
      if (reply) {
        natsMsg.respond(reply);
        this.settle(natsMsg.reply);
        return;
      }
      // Still in flight: the handler's publisher settles it.
    }
    await super.handleMessage(channel, natsMsg);
  }

  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext): (packet: OutgoingPacket) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    if (!natsMsg.reply) return publish;
    this.inFlight.add(id);
    return (packet) => {
      const sent: unknown = publish(packet);
      // The last packet of a reply is marked disposed; "no handler" is a single error packet.
      if (packet.isDisposed || packet.status === 'error') this.settle(id);
      return sent;
    };
  }

  override async close(): Promise<void> {
    // `subscriptions` is private in Nest's typings; unsubscribing first is what stops new work reaching us.
    (this as unknown as { subscriptions: Subscription[] }).subscriptions.forEach((sub) => sub.unsubscribe());
    await this.whenIdle();
    await super.close();
  }

  private settle(id: string): void {
    this.inFlight.delete(id);
    if (this.inFlight.size === 0) this.onIdle?.();
  }

  private whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.settings.gracePeriodMs);
      this.onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
