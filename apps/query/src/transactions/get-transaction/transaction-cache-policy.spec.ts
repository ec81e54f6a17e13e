import type { TransactionView } from '@ppm/contracts';
import { transactionTtlMs } from './transaction-cache-policy';

const ttls = { inFlightMs: 30_000, finalMs: 600_000 };
const view = (overrides: Partial<TransactionView>): TransactionView =>
  ({ status: 'SUCCEEDED', attempts: [{ status: 'SUCCEEDED' }], refunds: [], ...overrides }) as TransactionView;

describe('transactionTtlMs', () => {
  it('never caches states that move on without an event', () => {
    expect(transactionTtlMs(view({ status: 'PENDING' }), ttls)).toBe(0);
    expect(transactionTtlMs(view({ status: 'PROCESSING', attempts: [{ status: 'PENDING' }] } as never), ttls)).toBe(0);
    expect(transactionTtlMs(view({ refunds: [{ status: 'REQUESTED' }] } as never), ttls)).toBe(0);
  });

  it('caches in-flight payments and refunds briefly, settled ones long', () => {
    expect(transactionTtlMs(view({ status: 'PROCESSING' }), ttls)).toBe(30_000);
    expect(transactionTtlMs(view({ refunds: [{ status: 'PROCESSING' }] } as never), ttls)).toBe(30_000);
    expect(transactionTtlMs(view({ status: 'FAILED' }), ttls)).toBe(600_000);
    expect(transactionTtlMs(view({ status: 'REFUNDED', refunds: [{ status: 'SUCCEEDED' }] } as never), ttls)).toBe(
      600_000,
    );
  });
});
