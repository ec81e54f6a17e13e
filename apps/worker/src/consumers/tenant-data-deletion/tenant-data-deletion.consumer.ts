import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, Subjects, type PurgeTenantReply, type PurgeTenantRequest } from '@ppm/contracts';
import { NatsRequester, UnprocessableMessageError, type ConsumedMessage } from '@ppm/messaging';
import { currentTraceId } from '@ppm/observability';
import { recordHandled, wasHandled } from '@ppm/persistence';
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
 * (`inbox_messages`, by event id) is checked before and recorded only after the purge succeeded. That is safe
 * because the purge is idempotent: deleting what is gone deletes nothing, so a repeat (a crash before recording,
 * two copies at once) does no harm. The inbox keeps an event redelivered later (after the tenant may have been
 * provisioned again) from purging anew. The command is sent without an idempotency key on purpose: its stored
 * reply would be a row of the tenant outliving the purge. An event without any id is still honoured, without
 * deduplication.
 */
@Injectable()
export class TenantDataDeletionConsumer {
  private readonly logger = new Logger('TenantDataDeletion');

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsRequester,
    @Inject(CONSUMER_SETTINGS) private readonly settings: ConsumerSettings,
  ) {}

  async handle(message: ConsumedMessage): Promise<void> {
    const request = readTenantDataDeletionRequested(message.body);
    if (!request) {
      throw new UnprocessableMessageError(
        'TenantDataDeletionRequested names no tenant (expected a UUID in data.tenantId or tenantId)',
      );
    }
    const { tenantId } = request;
    const eventId = message.messageId;
    if (eventId && (await wasHandled(this.dataSource, TENANT_DATA_DELETION_CONSUMER, eventId))) {
      this.logger.log({ tenantId, eventId }, 'tenant data deletion already done for this event; skipped');
      return;
    }
    if (!eventId) this.logger.warn({ tenantId }, 'TenantDataDeletionRequested without an event id: no deduplication');
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
    if (eventId) await recordHandled(this.dataSource, TENANT_DATA_DELETION_CONSUMER, eventId);
    this.logger.log(
      { tenantId, eventId, deleted: reply.data.deleted },
      'tenant data deleted at the billing context’s request',
    );
  }
}
