import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Counter, Gauge, type Registry } from 'prom-client';
import { ErrorCode, type Reply } from '@ppm/contracts';
import type { NatsRequester } from '@ppm/messaging';
import { currentTraceId } from '@ppm/observability';
import type { NotificationSettings } from './notification-settings';
import type { PaymentNotification } from './payment-outcome-event';

/** Why a notification was not delivered. */
export type NotificationFailure = 'rejected' | 'timeout' | 'unavailable' | 'breaker_open';

/** The notification context did not take the request: the caller retries it later. */
export class NotificationNotSentError extends Error {
  constructor(
    readonly reason: NotificationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationNotSentError';
  }
}

const STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Sends notification requests to the notification context over NATS (`{ meta: { tenantId, traceId }, data }`),
 * with a timeout and behind one circuit breaker: while the notifier is down or slow, requests fail fast instead of
 * each holding a consumer slot for the whole timeout. Every failure (a `{ success: false }` reply, a timeout, no
 * responder, the breaker open) throws `NotificationNotSentError`; sends and failures are counted.
 */
export class NotificationSender {
  private readonly logger = new Logger('NotificationSender');
  private readonly breaker: CircuitBreaker<[() => Promise<void>], void>;
  private readonly sent: Counter<'kind'>;
  private readonly failed: Counter<'kind' | 'reason'>;

  constructor(
    private readonly nats: Pick<NatsRequester, 'request'>,
    private readonly settings: Pick<NotificationSettings, 'subject' | 'timeoutMs' | 'breaker'>,
    registry: Registry,
  ) {
    const registers = [registry];
    this.sent = new Counter({
      name: 'ppm_notifications_sent_total',
      help: 'Notification requests the notification context accepted, per event type',
      labelNames: ['kind'],
      registers,
    });
    this.failed = new Counter({
      name: 'ppm_notifications_failed_total',
      help: 'Notification requests not accepted (reason: rejected, timeout, unavailable, breaker_open); each is retried',
      labelNames: ['kind', 'reason'],
      registers,
    });
    const state = new Gauge({
      name: 'ppm_notification_breaker_state',
      help: "State of the notification context's circuit breaker: 0 closed, 1 half-open, 2 open",
      registers,
    });
    state.set(STATE_VALUE.closed);
    this.breaker = new CircuitBreaker((send: () => Promise<void>) => send(), {
      timeout: false, // each request has its own NATS timeout; a breaker timeout would not cancel it
      volumeThreshold: settings.breaker.volumeThreshold,
      errorThresholdPercentage: settings.breaker.errorThresholdPercentage,
      resetTimeout: settings.breaker.resetTimeoutMs,
      rollingCountTimeout: settings.breaker.rollingCountTimeoutMs,
      name: 'notification',
    });
    this.breaker.on('open', () => {
      state.set(STATE_VALUE.open);
      this.logger.warn(
        { subject: settings.subject, retryInMs: settings.breaker.resetTimeoutMs },
        'notification breaker opened: notifications fail fast and are retried later',
      );
    });
    this.breaker.on('halfOpen', () => state.set(STATE_VALUE.halfOpen));
    this.breaker.on('close', () => {
      state.set(STATE_VALUE.closed);
      this.logger.log({ subject: settings.subject }, 'notification breaker closed: the notifier answers again');
    });
  }

  /** Sends one notification; resolves once the notifier accepted it, else throws `NotificationNotSentError`. */
  async send(notification: PaymentNotification): Promise<void> {
    const { kind } = notification.data;
    try {
      await this.breaker.fire(() => this.request(notification));
    } catch (error) {
      const failure =
        error instanceof NotificationNotSentError
          ? error
          : isOpenBreaker(error)
            ? new NotificationNotSentError('breaker_open', 'the notification breaker is open; not sent')
            : new NotificationNotSentError('unavailable', `notification request failed: ${String(error)}`);
      this.failed.inc({ kind, reason: failure.reason });
      throw failure;
    }
    this.sent.inc({ kind });
  }

  /** Stops the breaker's timers. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private async request({ tenantId, data }: PaymentNotification): Promise<void> {
    const reply: Reply<unknown> = await this.nats.request(
      this.settings.subject,
      data,
      { tenantId, traceId: currentTraceId() },
      this.settings.timeoutMs,
    );
    if (reply.success) return;
    const reason: NotificationFailure =
      reply.error.code === ErrorCode.SERVICE_TIMEOUT
        ? 'timeout'
        : reply.error.code === ErrorCode.SERVICE_UNAVAILABLE
          ? 'unavailable'
          : 'rejected';
    throw new NotificationNotSentError(reason, `notification not sent: ${reply.error.code}: ${reply.error.message}`);
  }
}

function isOpenBreaker(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'EOPENBREAKER';
}
