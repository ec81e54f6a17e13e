import { WorkerOnlyCommands, type Reply, type RequestMeta } from '@ppm/contracts';
import type { BusIdentity } from '@ppm/observability';
import { testInfra } from './test-infra';

type Meta = Omit<RequestMeta, 'traceId'> & { traceId?: string };

/** What a NATS requester (messaging's NatsRequester) offers; taken as a port so this lib needs no messaging. */
export interface Requester {
  request<T>(subject: string, data: unknown, meta: Meta, timeoutMs?: number): Promise<Reply<T>>;
  onApplicationShutdown(): Promise<void>;
}

/** How to connect a requester, e.g. `(settings) => NatsRequester.connect(settings)`. */
export type ConnectRequester = (settings: {
  url: string;
  name: string;
  requestTimeoutMs: number;
  credentials: BusIdentity;
}) => Promise<Requester>;

/**
 * A test's NATS requests, each sent as the role that sends its subject in production: the worker's settling
 * commands (`WorkerOnlyCommands`) as the worker, everything else as an internal caller. So a test drives the
 * services through the same permissions they meet in production.
 */
export class TestRequester implements Requester {
  private constructor(
    private readonly caller: Requester,
    private readonly worker: Requester,
  ) {}

  static async connect(
    connect: ConnectRequester,
    settings: { name: string; requestTimeoutMs: number; url?: string },
  ): Promise<TestRequester> {
    const url = settings.url ?? testInfra.natsUrl;
    const [caller, worker] = await Promise.all([
      connect({ ...settings, url, credentials: testInfra.natsAs('caller') }),
      connect({ ...settings, url, name: `${settings.name}-as-worker`, credentials: testInfra.natsAs('worker') }),
    ]);
    return new TestRequester(caller, worker);
  }

  request<T>(subject: string, data: unknown, meta: Meta, timeoutMs?: number): Promise<Reply<T>> {
    const requester = WorkerOnlyCommands.includes(subject) ? this.worker : this.caller;
    return requester.request<T>(subject, data, meta, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.caller.onApplicationShutdown(), this.worker.onApplicationShutdown()]);
  }
}
