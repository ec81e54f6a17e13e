import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVENTS_EXCHANGE, type MerchantWebhookEvent } from '@ppm/contracts';
import {
  MessageConsumer,
  UnprocessableMessageError,
  type ConsumedMessage,
  type ConsumerDeclaration,
  type ConsumerInbox,
  type HostedConsumer,
} from '@ppm/messaging';
import { WebhookFanOut } from '@ppm/persistence';
import { CONSUMER_SETTINGS, type ConsumerSettings } from '../consumer-settings';
import { PUBLIC_TYPE_OF, readFannedOutEvent, type FannedOutEventSource } from './fanned-out-event';
import { WebhookEventDataReader } from './webhook-event-data-reader';

/** The consumer's name in `inbox_messages`, logs and metrics. */
export const MERCHANT_WEBHOOKS_CONSUMER = 'worker-merchant-webhooks';

/** Injection token of the fan-out's queue name. */
export const MERCHANT_WEBHOOKS_QUEUE = Symbol('MerchantWebhooksQueue');

/**
 * PPM's payment and refund events → one durable delivery per enabled endpoint of the tenant subscribed to the type,
 * and one to the payment's own callbackUrl if it has one, which the dispatcher then sends. The deliveries and the inbox mark commit in one transaction (`in-transaction`), so
 * an event is fanned out exactly once however often it is redelivered. `data` is the payment or refund as it stands
 * at fan-out. An event that is not readable goes to the dead-letter queue at once; a failure of the database goes
 * round the retry ladder.
 */
@MessageConsumer()
@Injectable()
export class MerchantWebhooksConsumer implements HostedConsumer {
  readonly declaration: ConsumerDeclaration;
  private readonly logger = new Logger('MerchantWebhooks');

  constructor(
    @Inject(CONSUMER_SETTINGS) settings: ConsumerSettings,
    @Inject(MERCHANT_WEBHOOKS_QUEUE) queue: string,
    private readonly fanOut: WebhookFanOut,
    private readonly reader: WebhookEventDataReader,
  ) {
    this.declaration = {
      name: MERCHANT_WEBHOOKS_CONSUMER,
      queue,
      bindings: Object.keys(PUBLIC_TYPE_OF).map((routingKey) => ({ exchange: EVENTS_EXCHANGE, routingKey })),
      prefetch: settings.prefetch,
      retry: settings.retry,
      inbox: 'in-transaction',
    };
  }

  async handle(message: ConsumedMessage, inbox: ConsumerInbox): Promise<void> {
    const event = readFannedOutEvent(message.body, message.routingKey);
    if (!event) throw new UnprocessableMessageError(`not a PPM payment or refund event (${message.routingKey})`);
    const outcome = await inbox.once(event.id, (manager) => this.deliveries(manager, event));
    const context = { tenantId: event.tenantId, eventId: event.id, type: event.type };
    if (!outcome.ran) this.logger.log(context, 'event already fanned out; skipped');
    else if (outcome.result > 0) this.logger.log({ ...context, deliveries: outcome.result }, 'event fanned out');
  }

  private async deliveries(manager: EntityManager, event: FannedOutEventSource): Promise<number> {
    const callbackUrl = await this.fanOut.callbackUrlOf(manager, event.tenantId, event.subject);
    if (callbackUrl === null && !(await this.fanOut.hasSubscribers(manager, event.tenantId, event.type))) return 0;
    const { kind, id } = event.subject;
    const data =
      kind === 'refund'
        ? await this.reader.refund(manager, event.tenantId, id)
        : await this.reader.payment(manager, event.tenantId, id);
    if (!data) {
      this.logger.warn(
        { tenantId: event.tenantId, eventId: event.id, kind, id },
        'event names nothing stored: not fanned out',
      );
      return 0;
    }
    const payload: MerchantWebhookEvent = { id: event.id, type: event.type, createdAt: event.occurredAt, data };
    return this.fanOut.enqueue(manager, {
      tenantId: event.tenantId,
      eventId: event.id,
      eventType: event.type,
      payload,
      callbackUrl,
    });
  }
}
