import { BreakerRegistry, GatewayHttpClient, GatewayUrlAllowlist, PaymentGateways } from '@ppm/gateways';
import type { MetricsRegistry } from '@ppm/observability';

/** The real gateway adapters, allowed to call only the local sandbox, for specs that verify callbacks offline. */
export function sandboxGateways(registry: MetricsRegistry): { gateways: PaymentGateways; breakers: BreakerRegistry } {
  const breakers = new BreakerRegistry(
    {
      errorThresholdPercentage: 50,
      volumeThreshold: 5,
      resetTimeoutMs: 1_000,
      rollingCountTimeoutMs: 10_000,
      maxBreakers: 10,
    },
    registry,
  );
  const gateways = new PaymentGateways(
    new GatewayHttpClient(
      breakers,
      { timeoutMs: 1_000, retries: 0, retryBaseDelayMs: 10 },
      registry,
      new GatewayUrlAllowlist({
        production: false,
        allowedBaseUrls: { VNPAY: [], MOMO: [], ZALOPAY: [], VIETQR: [] },
        localSandboxUrl: 'http://127.0.0.1:3010',
      }),
    ),
  );
  return { gateways, breakers };
}
