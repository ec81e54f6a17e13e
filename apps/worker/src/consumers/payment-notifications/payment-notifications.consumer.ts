import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EVENTS_EXCHANGE } from '@ppm/contracts';
import {
  MessageConsumer,
  UnprocessableMessageError,
  type ConsumedMessage,
  type ConsumerDeclaration,
  type ConsumerInbox,
  type HostedConsumer,
} from '@ppm/messaging';
import { NotificationSender } from './notification-sender';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { NOTIFIED_EVENT_TYPES, readPaymentOutcomeEvent, UnreadableEventError } from './payment-outcome-event';

/** The consumer's name in `inbox_messages`, logs and metrics. */
export const PAYMENT_NOTIFICATIONS_CONSUMER = 'worker-payment-notifications';

/**
 * PPM's own payment and refund outcome events (its queue bound to `ppm.events` for the notified types) → one
 * notification request each to the notification context. Nothing here touches a payment: the event is already
 * committed and published, so a notifier that is down only delays the notification. A failed send throws, so the
 * message goes round the retry ladder and, in the end, to the dead-letter queue (`npm run ppm -- dlq:replay` sends
 * it again); an event that is not readable goes to the DLQ at once.
 *
 * Deduplication by event id, recorded after success (`after-success`: the send is a NATS request, not a write in
 * this database): an event already notified is skipped; a crash between the send and the record, or two copies at
 * the same moment, can send it twice, which is why the request carries `eventId` for the notifier to deduplicate too.
 */
@MessageConsumer()
@Injectable()
export class PaymentNotificationsConsumer implements HostedConsumer, OnApplicationShutdown {
  readonly declaration: ConsumerDeclaration;
  private readonly logger = new Logger('PaymentNotifications');

  constructor(
    @Inject(NOTIFICATION_SETTINGS) settings: NotificationSettings,
    private readonly sender: NotificationSender,
  ) {
    this.declaration = {
      name: PAYMENT_NOTIFICATIONS_CONSUMER,
      queue: settings.queue,
      bindings: NOTIFIED_EVENT_TYPES.map((routingKey) => ({ exchange: EVENTS_EXCHANGE, routingKey })),
      prefetch: settings.prefetch,
      retry: settings.retry,
      inbox: 'after-success',
      enabled: settings.enabled,
    };
  }

  async handle(message: ConsumedMessage, inbox: ConsumerInbox): Promise<void> {
    let notification;
    try {
      notification = readPaymentOutcomeEvent(message.body, message);
    } catch (error) {
      if (error instanceof UnreadableEventError) throw new UnprocessableMessageError(error.message);
      throw error;
    }
    const { tenantId, data } = notification;
    const context = { tenantId, eventId: data.eventId, kind: data.kind, transactionId: data.transactionId };
    const outcome = await inbox.once(data.eventId, () => this.sender.send(notification));
    if (!outcome.ran) {
      this.logger.log(context, 'notification already sent for this event; skipped');
      return;
    }
    this.logger.log({ ...context, attempt: message.attempt }, 'notification requested');
  }

  onApplicationShutdown(): void {
    this.sender.shutdown();
  }
}
