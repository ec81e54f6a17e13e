// PPM's workloads through the HTTP edge: the admin console's reads with a bearer token, and internal callers'
// payments and refunds with an API key, each request as the edge's clients send it.
import { failure, success } from '@ppm/domain';
import type { BenchWorkload } from './bench-scenario';
import { keepAliveClient, type HttpAnswer } from './http-client';
import { benchOrder, refundOf } from './ppm-workloads';
import { errorCode, type Outcome, type Workload } from './workload';

/** A 2xx is success; otherwise the contract's error code, or the status when the body carries none. */
export function httpOutcome(answer: HttpAnswer): Outcome {
  if (answer.status >= 200 && answer.status < 300) return success(null);
  try {
    const code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
    if (typeof code === 'string' && code) return failure(code);
  } catch {
    // Not the contract's JSON: the status says enough.
  }
  return failure(`HTTP ${answer.status}`);
}

type HttpWorkload = Extract<BenchWorkload, { kind: 'http-get' | 'edge-payment' | 'edge-refund' }>;

/** The request of operation i, or undefined when the workload's inputs ran out. */
function requestOf(
  workload: HttpWorkload,
  i: number,
): { method: 'GET' | 'POST'; path: string; body?: string } | undefined {
  switch (workload.kind) {
    case 'http-get':
      return { method: 'GET', path: workload.paths[i % workload.paths.length] ?? '/' };
    case 'edge-payment': {
      const configuration = workload.configurations[i % workload.configurations.length];
      if (!configuration) return undefined;
      const body = JSON.stringify(benchOrder(i, configuration.id));
      return { method: 'POST', path: '/api/v1/internal/ppm/process-payment', body };
    }
    case 'edge-refund': {
      const refund = refundOf(workload.payments, workload.refundsPerPayment, i);
      return refund && { method: 'POST', path: '/api/v1/internal/ppm/process-refund', body: JSON.stringify(refund) };
    }
  }
}

/** HTTP requests to `workload.origin` with the workload's credentials, on `concurrency` kept-alive connections. */
export function httpWorkload(workload: HttpWorkload, concurrency: number): Workload {
  const client = keepAliveClient(workload.origin, concurrency);
  return {
    run: (i) => {
      const request = requestOf(workload, i);
      if (!request) return undefined;
      return client
        .send(request.method, request.path, request.body, workload.headers)
        .then(httpOutcome, (error) => failure(errorCode(error)));
    },
    close: () => {
      client.close();
      return Promise.resolve();
    },
  };
}
