// What a load generator runs: a prepared workload's operations and their outcomes, and the NATS connection most
// workloads make their requests on.
import { JSONCodec, connect as connectNats, type NatsConnection } from 'nats';
import type { Result } from '@ppm/domain';
import { natsAuthOptions } from '@ppm/messaging';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';
import type { BenchPayment, BenchServers } from './bench-scenario';

export const codec = JSONCodec();
export const REQUEST_TIMEOUT_MS = 10_000;

/** One operation's outcome: success (with the payment it made, when later scenarios use it), or a failure code. */
export type Outcome = Result<BenchPayment | null, string>;

/** A prepared workload: `run(i)` runs the i-th operation, or says there is none left (undefined). */
export interface Workload {
  run(index: number): Promise<Outcome> | undefined;
  close(): Promise<void>;
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code) return code;
  return error instanceof Error ? error.name : 'ERROR';
}

/** A NATS connection as an internal caller of PPM, or (`bench`) as the echo ceiling's own user. */
export async function natsWorkload(
  servers: BenchServers,
  role: 'caller' | 'bench' = 'caller',
): Promise<NatsConnection> {
  const auth = natsAuthOptions(DEV_BUS_IDENTITIES[role]);
  return connectNats({ servers: servers.natsUrl, name: 'ppm-bench-generator', timeout: 5_000, ...auth });
}
