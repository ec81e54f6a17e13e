import { Registry } from 'prom-client';
import { GatewayUrlAllowlist } from '../outbound/gateway-url-allowlist';
import { BreakerRegistry } from '../resilience/breaker-registry';
import { GatewayHttpClient } from '../resilience/gateway-http-client';

/**
 * A real GatewayHttpClient with its own metrics registry and small, fast breaker settings, for tests: in
 * development mode, calling the local sandbox at `sandboxUrl` (no official host is allowed).
 */
export function localHttpClient(
  overrides: {
    timeoutMs?: number;
    resetTimeoutMs?: number;
    sandboxUrl?: string;
    maxResponseBytes?: number;
    checkAddresses?: boolean;
  } = {},
): {
  http: GatewayHttpClient;
  breakers: BreakerRegistry;
  metrics: Registry;
} {
  const metrics = new Registry();
  const breakers = new BreakerRegistry(
    {
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      resetTimeoutMs: overrides.resetTimeoutMs ?? 1_000,
      rollingCountTimeoutMs: 10_000,
      maxBreakers: 100,
    },
    metrics,
  );
  const http = new GatewayHttpClient(
    breakers,
    {
      timeoutMs: overrides.timeoutMs ?? 2_000,
      retries: 1,
      retryBaseDelayMs: 20,
      maxResponseBytes: overrides.maxResponseBytes,
    },
    metrics,
    new GatewayUrlAllowlist({
      production: false,
      allowedBaseUrls: { VNPAY: [], MOMO: [], ZALOPAY: [], VIETQR: [] },
      localSandboxUrl: overrides.sandboxUrl ?? 'http://127.0.0.1:3010',
      checkAddresses: overrides.checkAddresses,
    }),
  );
  return { http, breakers, metrics };
}
