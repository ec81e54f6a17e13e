import { readFaultHeader, readFaultUpdate } from './fault-setting';

describe('fault settings', () => {
  it('reads the x-sandbox-fault header: modes, latency, both, or nothing', () => {
    expect(readFaultHeader(undefined)).toEqual({});
    expect(readFaultHeader('timeout')).toEqual({ mode: 'timeout' });
    expect(readFaultHeader('latency=250')).toEqual({ latencyMs: 250 });
    expect(readFaultHeader('latency=20, error')).toEqual({ latencyMs: 20, mode: 'error' });
    expect(readFaultHeader('error-after-processing')).toEqual({ mode: 'error-after-processing' });
  });

  it('refuses a header it cannot read rather than ignoring it', () => {
    for (const header of ['slow', 'latency=', 'latency=-1', 'latency=1000000', 'error,,timeout']) {
      expect(readFaultHeader(header)).toBeNull();
    }
    expect(readFaultHeader(['error', 'timeout'])).toBeNull();
  });

  it('reads PUT bodies for all gateways or one, and says what is wrong with a bad one', () => {
    expect(readFaultUpdate({ mode: 'error' })).toEqual({ gatewayType: null, setting: { mode: 'error' } });
    expect(readFaultUpdate({ gatewayType: 'MOMO', latencyMs: 40 })).toEqual({
      gatewayType: 'MOMO',
      setting: { latencyMs: 40 },
    });
    expect(readFaultUpdate({ gatewayType: 'momo', mode: 'error' })).toMatch(/gatewayType/);
    expect(readFaultUpdate({ latencyMs: 1.5 })).toMatch(/latencyMs/);
    expect(readFaultUpdate({ mode: 'flaky' })).toMatch(/mode/);
    expect(readFaultUpdate({})).toMatch(/latencyMs, mode or both/);
  });
});
