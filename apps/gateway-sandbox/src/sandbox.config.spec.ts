import { loadConfig } from '@ppm/observability';
import { SandboxConfig } from './sandbox.config';

describe('the gateway sandbox configuration', () => {
  it('refuses to run in production, where its demo keys and completion routes would settle real payments', () => {
    expect(() => loadConfig(SandboxConfig, { NODE_ENV: 'production' })).toThrow(
      /the gateway sandbox refuses to run in production/,
    );
    expect(loadConfig(SandboxConfig, { NODE_ENV: 'development' }).PORT).toBe(3010);
  });
});
