import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { connect, ErrorCode as NatsErrorCode, JSONCodec, NatsError, type NatsConnection } from 'nats';
import { ErrorCode, fail, type Reply, type RequestMeta } from '@ppm/contracts';
import { commaSeparatedItems, currentTraceId, type ReadinessCheck } from '@ppm/observability';
import { natsAuthOptions, type NatsCredentials } from './nats-credentials';
import { traceHeaders } from './nats-trace-headers';

const codec = JSONCodec();
const tracer = trace.getTracer('ppm-nats');

/** Settings of the NATS connection a process uses to send requests. */
export interface NatsRequesterSettings {
  /** One or more comma-separated server URLs of the cluster: the client reconnects to another when one fails. */
  url: string;
  name: string;
  /** Applied to every request: NATS itself never times a request out on our behalf. */
  requestTimeoutMs: number;
  /** Who the process is on NATS; the server's permissions decide which subjects it may request. */
  credentials?: NatsCredentials;
}

/**
 * Sends PPM requests over NATS and always comes back with the contract's reply: no responder becomes
 * SERVICE_UNAVAILABLE and a request with no reply in time SERVICE_TIMEOUT (its outcome is unknown: retry only with
 * the same idempotency key). The traceId of the current work travels in `meta` unless the caller sets one.
 */
export class NatsRequester implements OnApplicationShutdown {
  private readonly logger = new Logger(NatsRequester.name);

  private constructor(
    private readonly connection: NatsConnection,
    private readonly settings: NatsRequesterSettings,
  ) {}

  /** Connects, retrying in the background after the first success. */
  static async connect(settings: NatsRequesterSettings): Promise<NatsRequester> {
    const connection = await connect({
      servers: commaSeparatedItems(settings.url),
      name: settings.name,
      ...natsAuthOptions(settings.credentials),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: 5_000,
    });
    return new NatsRequester(connection, settings);
  }

  async request<T>(
    subject: string,
    data: unknown,
    meta: Omit<RequestMeta, 'traceId'> & { traceId?: string },
    timeoutMs = this.settings.requestTimeoutMs,
  ): Promise<Reply<T>> {
    return tracer.startActiveSpan(
      `${subject} request`,
      { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } },
      async (span) => {
        const reply = await this.send<T>(
          subject,
          { meta: { ...meta, traceId: meta.traceId ?? currentTraceId() }, data },
          timeoutMs,
        );
        if (!reply.success) span.setStatus({ code: SpanStatusCode.ERROR, message: reply.error.code });
        span.end();
        return reply;
      },
    );
  }

  private async send<T>(subject: string, envelope: unknown, timeoutMs: number): Promise<Reply<T>> {
    try {
      const message = await this.connection.request(subject, codec.encode(envelope), {
        timeout: timeoutMs,
        headers: traceHeaders(),
      });
      return codec.decode(message.data) as Reply<T>;
    } catch (error) {
      if (error instanceof NatsError && error.code === (NatsErrorCode.NoResponders as string)) {
        return fail(ErrorCode.SERVICE_UNAVAILABLE, `No service answers ${subject}; is it running?`);
      }
      if (error instanceof NatsError && error.code === (NatsErrorCode.Timeout as string)) {
        return fail(ErrorCode.SERVICE_TIMEOUT, `No reply to ${subject} within ${timeoutMs} ms; the outcome is unknown`);
      }
      // The server refused the publish: this process's NATS user may not send that subject, and nothing was sent.
      if (error instanceof NatsError && error.isPermissionError()) {
        this.logger.error({ subject, err: error }, 'NATS refused the request: not permitted for this user');
        return fail(ErrorCode.FORBIDDEN, `This service's NATS user may not publish ${subject}`);
      }
      this.logger.error({ subject, err: error }, 'NATS request failed');
      return fail(ErrorCode.SERVICE_UNAVAILABLE, `NATS request to ${subject} failed`);
    }
  }

  /** Readiness: the server answers a round trip. */
  readinessCheck(): ReadinessCheck {
    return { name: 'nats', check: () => this.connection.flush() };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.drain().catch(() => this.connection.close());
  }
}
