import { Inject, Injectable, Logger } from '@nestjs/common';
import { Subjects, type SyncPaymentStatusReply, type SyncPaymentStatusRequest } from '@ppm/contracts';
import {
  GATEWAY_CONFIGURATION_READER,
  IN_FLIGHT_STATUSES,
  PAYMENT_READER,
  type GatewayConfigurationReader,
  type PaymentReader,
  type PaymentTransaction,
} from '@ppm/domain';
import { gatewayAccountOf, PaymentGateways, type CallbackRejection, type GatewayType } from '@ppm/gateways';
import { NatsRequester } from '@ppm/messaging';
import { currentTraceId } from '@ppm/observability';
import { RETURN_SETTINGS, type ReturnSettings } from './return-settings';
import { merchantOfReturn, returnQueryOf, verifyReturn } from './return-verification';

/** Where a browser coming back from a gateway goes. */
export type ReturnOutcome =
  | { kind: 'redirect'; location: string; transactionId: string; status: string }
  /** The payment's return URL is unusable: show the status here instead. */
  | { kind: 'status-page'; transactionId: string; status: string }
  /** The link's signature does not verify (or it is not a return link at all). */
  | { kind: 'invalid' }
  /** Verified, but no payment has this order reference. */
  | { kind: 'not-found' };

const IN_FLIGHT = new Set<string>(IN_FLIGHT_STATUSES);
const MAX_REMEMBERED_SYNCS = 10_000;

/**
 * The customer's browser coming back from a gateway (`vnp_ReturnUrl`, MoMo `redirectUrl`, ZaloPay
 * `embed_data.redirecturl`). The link is verified with the configuration of the merchant it names, the payment is
 * found by its order reference in that configuration's tenant, and the browser is sent on to the payment's own
 * return URL with `transactionId` and `status`. A return never changes state: the link says what the customer saw,
 * not what the gateway settled. When the payment is still in flight, a status sync with the gateway is started
 * (not awaited; at most one per payment per cooldown) so the IPN's absence does not leave it pending.
 */
@Injectable()
export class BrowserReturn {
  private readonly logger = new Logger('BrowserReturn');
  private readonly lastSync = new Map<string, number>();

  constructor(
    @Inject(GATEWAY_CONFIGURATION_READER) private readonly configurations: GatewayConfigurationReader,
    @Inject(PAYMENT_READER) private readonly payments: PaymentReader,
    @Inject(RETURN_SETTINGS) private readonly settings: ReturnSettings,
    private readonly gateways: PaymentGateways,
    private readonly nats: NatsRequester,
  ) {}

  async resolve(gatewayType: GatewayType, rawQuery: unknown, sourceIp: string | null): Promise<ReturnOutcome> {
    const query = returnQueryOf(rawQuery);
    const merchantId = query && merchantOfReturn(gatewayType, query);
    if (!query || !merchantId) return this.refuse(gatewayType, null, 'MALFORMED', sourceIp);
    const candidates = await this.configurations.findByMerchant(gatewayType, merchantId);
    let rejection: CallbackRejection = candidates.length === 0 ? 'UNKNOWN_MERCHANT' : 'BAD_SIGNATURE';
    let reference: string | undefined;
    for (const stored of candidates) {
      const account = gatewayAccountOf(stored, this.settings.defaultBaseUrl);
      const check = verifyReturn(query, account, this.gateways.forAccount(account));
      if (!check.ok) {
        if (check.error === 'MALFORMED') rejection = 'MALFORMED';
        continue;
      }
      reference = check.value;
      // Several tenants may share a merchant account: the payment belongs to one of those whose keys verify.
      const payment = await this.payments.findByGatewayReference(
        stored.configuration.tenantId,
        gatewayType,
        check.value,
      );
      if (payment) return this.sendOn(payment);
    }
    if (reference !== undefined) {
      this.logger.warn({ gatewayType, merchantId, reference, sourceIp }, 'verified return link of an unknown order');
      return { kind: 'not-found' };
    }
    return this.refuse(gatewayType, merchantId, rejection, sourceIp);
  }

  private sendOn(payment: PaymentTransaction): ReturnOutcome {
    const { id: transactionId, status, tenantId } = payment;
    if (IN_FLIGHT.has(status)) this.syncInBackground(tenantId, transactionId);
    const location = withStatus(payment.toSnapshot().returnUrl, transactionId, status);
    return location
      ? { kind: 'redirect', location, transactionId, status }
      : { kind: 'status-page', transactionId, status };
  }

  private syncInBackground(tenantId: string, transactionId: string): void {
    const now = Date.now();
    if (now - (this.lastSync.get(transactionId) ?? -Infinity) < this.settings.syncCooldownMs) return;
    if (this.lastSync.size >= MAX_REMEMBERED_SYNCS) this.lastSync.clear();
    this.lastSync.set(transactionId, now);
    const traceId = currentTraceId();
    void this.nats
      .request<SyncPaymentStatusReply>(
        Subjects.command.paymentSyncStatus,
        { transactionId } satisfies SyncPaymentStatusRequest,
        { tenantId, traceId },
        this.settings.syncTimeoutMs,
      )
      .then((reply) => {
        if (reply.success) {
          this.logger.log(
            { transactionId, status: reply.data.status, changed: reply.data.changed },
            'return sync done',
          );
        } else {
          this.logger.warn({ transactionId, error: reply.error }, 'status sync after a browser return failed');
        }
      });
  }

  private refuse(
    gatewayType: GatewayType,
    merchantId: string | null,
    reason: CallbackRejection,
    sourceIp: string | null,
  ): ReturnOutcome {
    this.logger.warn(
      { alert: 'RETURN_LINK_REFUSED', gatewayType, merchantId, reason, sourceIp },
      'browser return link refused: its signature does not verify',
    );
    return { kind: 'invalid' };
  }
}

/** The caller's return URL with `transactionId` and `status` set; null when it is not an http(s) URL. */
function withStatus(returnUrl: string, transactionId: string, status: string): string | null {
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.searchParams.set('transactionId', transactionId);
  url.searchParams.set('status', status);
  return url.toString();
}
