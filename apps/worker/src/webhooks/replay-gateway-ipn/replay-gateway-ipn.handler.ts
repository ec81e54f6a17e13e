import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ErrorCode,
  fail,
  ok,
  type GatewayIpnStatus,
  type Reply,
  type ReplayGatewayIpnReply,
  type ReplayGatewayIpnRequest,
  type RequestMeta,
} from '@ppm/contracts';
import { isGatewayType } from '@ppm/domain';
import { PaymentGateways } from '@ppm/gateways';
import { StoredWebhookReplay, WebhookEventStore } from '@ppm/persistence';
import { operatorContextOf } from '../../operations/operator-action-audit';
import { GatewayWebhookIntake } from '../receive-gateway-webhook/gateway-webhook-intake';
import { WEBHOOK_SETTINGS, type WebhookSettings } from '../receive-gateway-webhook/webhook-settings';

/**
 * An operator's replay of one stored gateway callback: recorded in the audit trail, then verified afresh from its
 * raw request and applied through the same intake as on arrival and as the retry job does, on this worker at once.
 * While it is applied here the retry job leaves it alone; our own failure leaves it PENDING for the retry job.
 */
@Injectable()
export class ReplayGatewayIpnHandler {
  private readonly replays = new StoredWebhookReplay();
  // Long enough to apply it here before the retry job may take it: the apply timeout and then some.
  private readonly holdForMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: GatewayWebhookIntake,
    private readonly store: WebhookEventStore,
    private readonly gateways: PaymentGateways,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {
    this.holdForMs = settings.applyTimeoutMs + 30_000;
  }

  async execute(meta: RequestMeta, { ipnId }: ReplayGatewayIpnRequest): Promise<Reply<ReplayGatewayIpnReply>> {
    const [stored] = await this.dataSource.query<{ gateway_type: string }[]>(
      `SELECT gateway_type FROM webhook_events WHERE id = $1 AND tenant_id = $2`,
      [ipnId, meta.tenantId],
    );
    // A callback PPM cannot verify again (SePay's API key is not kept) would fail and be marked REJECTED, hiding
    // a real transfer; its gateway's own redelivery is the way to apply it again.
    if (
      stored &&
      isGatewayType(stored.gateway_type) &&
      !this.gateways.callbackProtocol(stored.gateway_type).reverifiable
    ) {
      return fail(
        ErrorCode.INVALID_STATE_TRANSITION,
        `Gateway IPN ${ipnId} cannot be replayed: ${stored.gateway_type} callbacks do not verify again from what PPM keeps of them; ask the gateway to redeliver it`,
      );
    }
    const outcome = await this.dataSource.transaction((manager) =>
      this.replays.replay(
        manager,
        ipnId,
        { tenantId: meta.tenantId, resetAttempts: false, holdForMs: this.holdForMs },
        operatorContextOf(meta),
      ),
    );
    switch (outcome.kind) {
      case 'not-found':
        return fail(ErrorCode.GATEWAY_IPN_NOT_FOUND, `Gateway IPN ${ipnId} was not found`);
      case 'not-verified':
        return fail(
          ErrorCode.INVALID_STATE_TRANSITION,
          `Gateway IPN ${ipnId} was refused on arrival (${outcome.verification}): it cannot be applied`,
        );
      case 'settled':
        return fail(ErrorCode.INVALID_STATE_TRANSITION, `Gateway IPN ${ipnId} is ${outcome.status}: applied already`);
      case 'replayed':
        break;
    }
    const { webhook } = outcome;
    // The table's CHECK constraint admits only the gateways PPM speaks to.
    if (!isGatewayType(webhook.gatewayType)) throw new Error(`webhook ${webhook.id} names no known gateway`);
    const applied = await this.intake.reapply(webhook.gatewayType, webhook, meta.traceId);
    if (applied.retryReason !== undefined) {
      await this.store.markForRetry(webhook.id, applied.retryReason, this.settings.retryDelayMs);
      return ok({ id: webhook.id, status: 'PENDING' });
    }
    return ok({ id: webhook.id, status: statusAfter(applied.decision) });
  }
}

// How the intake records each decision in `processing_status`.
function statusAfter(decision: string): GatewayIpnStatus {
  if (decision === 'APPLIED' || decision === 'DUPLICATE') return decision;
  return 'REJECTED';
}
