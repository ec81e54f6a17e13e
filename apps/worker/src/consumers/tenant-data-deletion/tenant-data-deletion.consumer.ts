import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, Subjects, type PurgeTenantReply, type PurgeTenantRequest } from '@ppm/contracts';
import {
  MessageConsumer,
  NatsRequester,
  UnprocessableMessageError,
  type ConsumedMessage,
  type ConsumerDeclaration,
  type ConsumerInbox,
  type HostedConsumer,
} from '@ppm/messaging';
import { currentTraceId } from '@ppm/observability';
import { CONSUMER_SETTINGS, type ConsumerSettings } from '../consumer-settings';
import { readTenantDataDeletionRequested } from './tenant-data-deletion-requested';

/** The consumer's name in `inbox_messages`, logs and metrics. */
export const TENANT_DATA_DELETION_CONSUMER = 'worker-tenant-data-deletion';

/**
 * The billing context's TenantDataDeletionRequested → `ppm.command.tenant.purge` for that tenant (`meta.tenantId`
 * = the tenant, as the command requires), which hard-deletes every row of the tenant in every PPM table in one
 * transaction. A refused or unanswered purge throws, so the message goes round the retry ladder and, in the end,
 * to the dead-letter queue.
 *
 * Deduplication: the side effect is a NATS command, not a write in the worker's database, so the inbox row
 * (`inbox_messages`, by event id) is checked before and recorded only after the purge succeeded (`after-success`). That is safe
 * because the purge is idempotent: deleting what is gone deletes nothing, so a repeat (a crash before recording,
 * two copies at once) does no harm. The inbox keeps an event redelivered later (after the tenant may have been
 * provisioned again) from purging anew. The command is sent without an idempotency key on purpose: its stored
 * reply would be a row of the tenant outliving the purge. An event without any id is still honoured, without
 * deduplication.
 */
@MessageConsumer()
@Injectable()
export class TenantDataDeletionConsumer implements HostedConsumer {
  readonly declaration: ConsumerDeclaration;
  private readonly logger = new Logger('TenantDataDeletion');

  constructor(
    private readonly nats: NatsRequester,
    @Inject(CONSUMER_SETTINGS) private readonly settings: ConsumerSettings,
  ) {
    this.declaration = {
      name: TENANT_DATA_DELETION_CONSUMER,
      queue: settings.tenantDeletion.queue,
      bindings: [settings.tenantDeletion.binding],
      prefetch: settings.prefetch,
      retry: settings.retry,
      inbox: 'after-success',
    };
  }

  async handle(message: ConsumedMessage, inbox: ConsumerInbox): Promise<void> {
    const request = readTenantDataDeletionRequested(message.body);
    if (!request) {
      throw new UnprocessableMessageError(
        'TenantDataDeletionRequested names no tenant (expected a UUID in data.tenantId or tenantId)',
      );
    }
    const { tenantId } = request;
    const eventId = message.messageId;
    if (!eventId) {
      this.logger.warn({ tenantId }, 'TenantDataDeletionRequested without an event id: no deduplication');
      this.deleted(tenantId, eventId, await this.purge(tenantId));
      return;
    }
    const outcome = await inbox.once(eventId, () => this.purge(tenantId));
    if (!outcome.ran) {
      this.logger.log({ tenantId, eventId }, 'tenant data deletion already done for this event; skipped');
      return;
    }
    this.deleted(tenantId, eventId, outcome.result);
  }

  /** Purges the tenant; a refused or unanswered purge throws. Returns the rows deleted per table. */
  private async purge(tenantId: string): Promise<PurgeTenantReply['deleted']> {
    const reply = await this.nats.request<PurgeTenantReply>(
      Subjects.command.tenantPurge,
      { tenantId } satisfies PurgeTenantRequest,
      { tenantId, traceId: currentTraceId() },
      this.settings.purgeTimeoutMs,
    );
    if (!reply.success) {
      const failure = `tenant.purge failed: ${reply.error.code}: ${reply.error.message}`;
      if (reply.error.code === ErrorCode.VALIDATION_ERROR) throw new UnprocessableMessageError(failure);
      throw new Error(failure);
    }
    return reply.data.deleted;
  }

  private deleted(tenantId: string, eventId: string | null, deleted: PurgeTenantReply['deleted']): void {
    this.logger.log({ tenantId, eventId, deleted }, 'tenant data deleted at the billing context’s request');
  }
}
