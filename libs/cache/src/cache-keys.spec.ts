import { CacheKeys } from './cache-keys';

describe('CacheKeys', () => {
  it('builds each cache key with its shape', () => {
    expect(CacheKeys.transaction('t-1')).toEqual({ name: 'ppm:transaction:id:t-1', shape: 'transaction' });
    expect(CacheKeys.gatewayConfig('c-1')).toEqual({ name: 'ppm:gateway_config:id:c-1', shape: 'gateway_config' });
    expect(CacheKeys.tenantDefaultGatewayConfig('tenant-1')).toEqual({
      name: 'ppm:gateway_config:tenant:tenant-1:default',
      shape: 'gateway_config_default',
    });
  });
});
