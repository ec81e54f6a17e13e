import { startForTest, type RunningService } from '@ppm/testing';
import { SandboxConfig } from './sandbox.config';
import { startSandbox } from './start-sandbox';

describe('gateway sandbox shell', () => {
  let sandbox: RunningService;

  beforeAll(async () => {
    sandbox = await startForTest(SandboxConfig, startSandbox);
  });

  afterAll(() => sandbox?.close());

  it('answers its three probes', async () => {
    for (const probe of ['startup', 'live', 'ready']) {
      expect((await fetch(`${sandbox.baseUrl}/health/${probe}`)).status).toBe(200);
    }
  });

  it('exposes Prometheus process metrics labelled with the service', async () => {
    const text = await (await fetch(`${sandbox.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="gateway-sandbox"\} \d/m);
  });
});
