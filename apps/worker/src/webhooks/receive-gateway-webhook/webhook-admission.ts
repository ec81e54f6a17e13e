import { Inject, Injectable, Logger } from '@nestjs/common';
import type { GatewayType } from '@ppm/gateways';
import { countedSourceOf } from '@ppm/observability';
import { FixedWindowRateLimit } from './fixed-window-rate-limit';
import { SourceAllowlist } from './source-allowlist';
import { WebhookMetrics } from './webhook-metrics';
import { WEBHOOK_ADMISSION_SETTINGS, type WebhookAdmissionSettings } from './webhook-settings';

/** Whether a request may reach the intake, and if not, why. */
export type Admission = 'ADMITTED' | 'RATE_LIMITED' | 'SOURCE_NOT_ALLOWED';

const MINUTE_MS = 60_000;
const MAX_TRACKED_SOURCES = 100_000;

/**
 * What a request to a webhook endpoint must pass before anything is stored or looked up. In this order: its source
 * address's rate at this gateway (first, so a flood from one address is cut short whatever it is, its refusals
 * included; IPv6 sources per /64), the gateway's source allowlist, then the gateway's overall rate, which only
 * requests that passed both spend, so traffic from outside an allowlist can never crowd out the gateway itself.
 * Requests that later fail verification have spent it too, on purpose: the overall rate bounds the intake's work
 * (lookups, storing what failed), which forged requests cost as much as real ones; giving it back would leave a
 * spray of forgeries from many addresses unbounded. The allowlist is what keeps forgers from a gateway's share.
 */
@Injectable()
export class WebhookAdmission {
  private readonly logger = new Logger('GatewayWebhook');
  private readonly perSource: FixedWindowRateLimit;
  private readonly perGateway: FixedWindowRateLimit;
  private readonly allowlists: Record<GatewayType, SourceAllowlist>;

  constructor(
    @Inject(WEBHOOK_ADMISSION_SETTINGS) settings: WebhookAdmissionSettings,
    private readonly metrics: WebhookMetrics,
  ) {
    this.perSource = new FixedWindowRateLimit(settings.perSourcePerMinute, MINUTE_MS, MAX_TRACKED_SOURCES);
    this.perGateway = new FixedWindowRateLimit(settings.perGatewayPerMinute, MINUTE_MS, 3);
    this.allowlists = {
      VNPAY: new SourceAllowlist(settings.allowlists.VNPAY),
      MOMO: new SourceAllowlist(settings.allowlists.MOMO),
      ZALOPAY: new SourceAllowlist(settings.allowlists.ZALOPAY),
      VIETQR: new SourceAllowlist(settings.allowlists.VIETQR),
    };
  }

  admit(gatewayType: GatewayType, sourceIp: string | null): Admission {
    const admission = this.decide(gatewayType, sourceIp);
    if (admission !== 'ADMITTED') this.metrics.turnedAway(gatewayType, admission);
    if (admission === 'SOURCE_NOT_ALLOWED') {
      this.logger.warn(
        { alert: 'WEBHOOK_SOURCE_NOT_ALLOWED', gatewayType, sourceIp },
        'gateway webhook from a source outside its allowlist; refused, nothing stored',
      );
    }
    return admission;
  }

  private decide(gatewayType: GatewayType, sourceIp: string | null): Admission {
    if (!this.perSource.take(`${gatewayType} ${countedSourceOf(sourceIp ?? '')}`)) return 'RATE_LIMITED';
    if (!this.allowlists[gatewayType].allows(sourceIp)) return 'SOURCE_NOT_ALLOWED';
    return this.perGateway.take(gatewayType) ? 'ADMITTED' : 'RATE_LIMITED';
  }
}
