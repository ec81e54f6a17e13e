import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { UnprocessableMessageError, type ConsumedMessage } from '@ppm/messaging';
import { recordHandled, wasHandled } from '@ppm/persistence';
import type { NotificationSender } from './notification-sender';
import { readPaymentOutcomeEvent, UnreadableEventError } from './payment-outcome-event';

/** The consumer's name in `inbox_messages`, logs and metrics. */
export const PAYMENT_NOTIFICATIONS_CONSUMER = 'worker-payment-notifications';

/**
 * PPM's own payment and refund outcome events → one notification request each to the notification context.
 * Nothing here touches a payment: the event is already committed and published, so a notifier that is down only
 * delays the notification. A failed send throws, so the message goes round the retry ladder and, in the end, to
 * the dead-letter queue (`npm run ppm -- dlq:replay` sends it again); an event that is not readable goes to the DLQ
 * at once.
 *
 * Deduplication by event id, recorded after success (the send is a NATS request, not a write in this database):
 * an event already notified is skipped; a crash between the send and the record, or two copies at the same moment,
 * can send it twice, which is why the request carries `eventId` for the notifier to deduplicate too.
 */
export class PaymentNotificationConsumer {
  private readonly logger = new Logger('PaymentNotifications');

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: NotificationSender,
  ) {}

  async handle(message: ConsumedMessage): Promise<void> {
    let notification;
    try {
      notification = readPaymentOutcomeEvent(message.body, message);
    } catch (error) {
      if (error instanceof UnreadableEventError) throw new UnprocessableMessageError(error.message);
      throw error;
    }
    const { tenantId, data } = notification;
    const context = { tenantId, eventId: data.eventId, kind: data.kind, transactionId: data.transactionId };
    if (await wasHandled(this.dataSource, PAYMENT_NOTIFICATIONS_CONSUMER, data.eventId)) {
      this.logger.log(context, 'notification already sent for this event; skipped');
      return;
    }
    await this.sender.send(notification);
    await recordHandled(this.dataSource, PAYMENT_NOTIFICATIONS_CONSUMER, data.eventId);
    this.logger.log({ ...context, attempt: message.attempt }, 'notification requested');
  }
}
