import { Injectable } from '@nestjs/common';
import { CacheAside, CacheKeys } from '@ppm/cache';
import { Subjects } from '@ppm/contracts';
import { NatsRequestMetrics, type FirstAnswer } from '@ppm/messaging';
import { MetricsRegistry } from '@ppm/observability';
import { checkTransactionGet } from './transaction-get-check';

const SUBJECT = Subjects.query.transactionGet;
const encoder = new TextEncoder();

/**
 * Answers a `transaction.get` the cache holds for the asking tenant before Nest's pipeline: the request checked
 * by hand, the reply built around the cached data's JSON text as stored (no decoding and encoding again), the
 * same bytes the handler would send. Anything else (an envelope the check declines, a miss, a tombstone, another
 * tenant's entry, Redis unavailable) goes to the handler, which reads, validates and answers as always.
 */
@Injectable()
export class CachedTransactionAnswer implements FirstAnswer {
  private readonly metrics: NatsRequestMetrics;

  constructor(
    private readonly cache: CacheAside,
    registry: MetricsRegistry,
  ) {
    this.metrics = new NatsRequestMetrics(registry);
  }

  async answer(request: Uint8Array): Promise<Uint8Array | undefined> {
    const started = performance.now();
    const ask = checkTransactionGet(decode(request));
    if (!ask) return undefined;
    const dataJson = await this.cache.cachedJson(CacheKeys.transaction(ask.transactionId), ask.tenantId);
    if (dataJson === undefined) return undefined;
    this.metrics.handled.inc({ subject: SUBJECT });
    this.metrics.duration.observe({ subject: SUBJECT, outcome: 'ok' }, (performance.now() - started) / 1000);
    return encoder.encode(`{"success":true,"data":${dataJson}}`);
  }
}

function decode(request: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(request.buffer, request.byteOffset, request.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}
