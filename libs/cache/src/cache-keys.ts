/** The shapes of PPM's cache keys; metrics are labelled by shape, never by key. */
export type CacheKeyShape = 'transaction' | 'gateway_config' | 'gateway_config_default';

/** A cache key and its shape. Build one only with `CacheKeys`. */
export interface CacheKey {
  readonly name: string;
  readonly shape: CacheKeyShape;
}

/** PPM's cache keys: one function per key shape, the only place key strings are made. */
export const CacheKeys = {
  /** A payment transaction with its attempts and refunds: `ppm:transaction:id:<id>`. */
  transaction(transactionId: string): CacheKey {
    return { name: `ppm:transaction:id:${transactionId}`, shape: 'transaction' };
  },
  /** A gateway configuration (never its credentials): `ppm:gateway_config:id:<id>`. */
  gatewayConfig(configurationId: string): CacheKey {
    return { name: `ppm:gateway_config:id:${configurationId}`, shape: 'gateway_config' };
  },
  /** A tenant's default gateway configuration: `ppm:gateway_config:tenant:<tenantId>:default`. */
  tenantDefaultGatewayConfig(tenantId: string): CacheKey {
    return { name: `ppm:gateway_config:tenant:${tenantId}:default`, shape: 'gateway_config_default' };
  },
} as const;

/**
 * SCAN MATCH patterns of the keys holding one aggregate each, by shape: their names carry no tenant, so finding a
 * tenant's entries means reading every one (the tenant's default configuration is found by its name instead).
 */
export const AGGREGATE_KEY_PATTERNS: readonly { readonly match: string; readonly shape: CacheKeyShape }[] = [
  { match: 'ppm:transaction:id:*', shape: 'transaction' },
  { match: 'ppm:gateway_config:id:*', shape: 'gateway_config' },
];
