import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  Subjects,
  type Reply,
  type RequestMeta,
  type SyncPaymentStatusReply,
  type SyncPaymentStatusRequest,
  type SyncTransactionRequest,
} from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { OperatorActionAudit } from '../../operations/operator-action-audit';
import { RETURN_SETTINGS, type ReturnSettings } from '../../returns/return-settings';

/**
 * An operator's "sync with the gateway": the command service queries the gateway for the tenant's payment and
 * records what it says, as for the stuck-payment job; who asked is recorded whatever the gateway answered (a
 * payment that is not the tenant's is not).
 */
@Injectable()
export class SyncTransactionHandler {
  constructor(
    private readonly nats: NatsRequester,
    private readonly audit: OperatorActionAudit,
    @Inject(RETURN_SETTINGS) private readonly settings: ReturnSettings,
  ) {}

  async execute(meta: RequestMeta, { transactionId }: SyncTransactionRequest): Promise<Reply<SyncPaymentStatusReply>> {
    const reply = await this.nats.request<SyncPaymentStatusReply>(
      Subjects.command.paymentSyncStatus,
      { transactionId } satisfies SyncPaymentStatusRequest,
      { tenantId: meta.tenantId, ...(meta.userId ? { userId: meta.userId } : {}), traceId: meta.traceId },
      this.settings.syncTimeoutMs,
    );
    if (!reply.success && reply.error.code === ErrorCode.TRANSACTION_NOT_FOUND) return reply;
    await this.audit.record(meta, {
      type: 'ppm.payment.sync-requested',
      resourceType: 'payment',
      resourceId: transactionId,
      data: reply.success ? { status: reply.data.status, changed: reply.data.changed } : { error: reply.error.code },
    });
    return reply;
  }
}
