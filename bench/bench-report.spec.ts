import type { BenchReport } from './bench-report';
import { markdown, ofCeiling } from './bench-report';
import type { ScenarioResult } from './bench-scenario';

const result = (id: string, throughput: number): ScenarioResult => ({
  id,
  title: id,
  concurrency: 64,
  measuredSeconds: 5,
  ok: throughput * 5,
  errors: 0,
  errorCodes: {},
  throughput,
  operations: throughput * 5,
  latencyMs: { count: throughput * 5, mean: 4, p50: 3, p95: 8, p99: 12, max: 20 },
});

describe('ofCeiling', () => {
  it("renders a figure's throughput as a whole percentage of its ceiling's", () => {
    expect(ofCeiling(result('edge', 3_000), result('fastify', 12_000))).toBe('25 %');
    expect(ofCeiling(result('edge', 1_234), result('fastify', 10_000))).toBe('12 %');
  });

  it('renders a dash when the ceiling was not measured or measured nothing', () => {
    expect(ofCeiling(result('edge', 3_000))).toBe('—');
    expect(ofCeiling(result('edge', 3_000), result('fastify', 0))).toBe('—');
  });
});

describe('markdown', () => {
  it("puts an edge figure beside the bare Fastify ceiling, with the gateway's CPU in its own column", () => {
    const edge = { ...result('edge-get', 2_500), title: 'GET /transactions/:id', cpuMsPerOperation: { gateway: 0.4 } };
    const fastify = { ...result('fastify', 10_000), title: 'bare Fastify GET' };
    const report = {
      startedAt: '2026-12-01T00:00:00.000Z',
      durationSeconds: 60,
      machine: { cores: 2, cpuModel: 'cpu', memoryGb: 8, node: 'v22', platform: 'linux x64' },
      settings: {},
      ceilings: [fastify],
      figures: [{ result: edge, ceiling: fastify, ceilingNote: 'vs bare Fastify' }],
      outboxLag: {
        events: 0,
        duplicates: 0,
        unsent: 0,
        commitToConfirmMs: edge.latencyMs,
        perType: {},
        latencyMs: edge.latencyMs,
        aim: { text: 'P99 < 50 ms', maxP99Ms: 50 },
      },
      integrity: [],
      reconciliation: null,
      findings: [],
    } satisfies BenchReport;
    const text = markdown(report);
    expect(text).toContain(
      '| GET /transactions/:id | 64 | 2500 | 3.00 | 8.00 | 12.0 | 0 | 10000/s (vs bare Fastify) | 25 % |',
    );
    expect(text).toContain('| PPM figure | gateway ms | command ms |');
    expect(text).toContain('| GET /transactions/:id | 0.40 | 0.00 |');
  });
});
