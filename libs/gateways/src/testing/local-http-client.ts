import { Registry } from 'prom-client';
import { BreakerRegistry } from '../resilience/breaker-registry';
import { GatewayHttpClient } from '../resilience/gateway-http-client';

/** A real GatewayHttpClient with its own metrics registry and small, fast breaker settings, for tests. */
export function localHttpClient(overrides: { timeoutMs?: number; resetTimeoutMs?: number } = {}): {
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
    { timeoutMs: overrides.timeoutMs ?? 2_000, retries: 1, retryBaseDelayMs: 20 },
    metrics,
  );
  return { http, breakers, metrics };
}
