import { tallyStats, type StatsGroup } from './transaction-tally';

const group = (status: string, gatewayType: string, currency: string, count: number, amount: number): StatsGroup => ({
  status,
  gatewayType,
  currency,
  count: BigInt(count),
  amount: BigInt(amount),
  refunded: status === 'PARTIALLY_REFUNDED' ? BigInt(amount / 10) : 0n,
});

describe('tallyStats', () => {
  const from = new Date('2024-11-01T00:00:00Z');
  const to = new Date('2024-12-01T00:00:00Z');

  it('counts and sums by status and gateway, per currency, with success rates over settled payments', () => {
    const stats = tallyStats(
      [
        group('SUCCEEDED', 'MOMO', 'VND', 6, 600_000),
        group('PARTIALLY_REFUNDED', 'MOMO', 'VND', 2, 200_000),
        group('FAILED', 'MOMO', 'VND', 2, 200_000),
        group('PROCESSING', 'VNPAY', 'VND', 5, 500_000),
        group('SUCCEEDED', 'VNPAY', 'USD', 1, 1_999),
      ],
      from,
      to,
    );
    expect(stats.total).toEqual({
      count: 16,
      amounts: [
        { currency: 'USD', amount: 1_999 },
        { currency: 'VND', amount: 1_500_000 },
      ],
    });
    expect(stats.byStatus.map((s) => [s.status, s.count])).toEqual([
      ['FAILED', 2],
      ['PARTIALLY_REFUNDED', 2],
      ['PROCESSING', 5],
      ['SUCCEEDED', 7],
    ]);
    expect(stats.byGateway).toEqual([
      { gatewayType: 'MOMO', count: 10, amounts: [{ currency: 'VND', amount: 1_000_000 }], successRate: 0.8 },
      {
        gatewayType: 'VNPAY',
        count: 6,
        amounts: [
          { currency: 'USD', amount: 1_999 },
          { currency: 'VND', amount: 500_000 },
        ],
        successRate: 1,
      },
    ]);
    expect(stats.refunded).toEqual([{ currency: 'VND', amount: 20_000 }]);
    expect(stats.successRate).toBeCloseTo(9 / 11);
    expect([stats.from, stats.to]).toEqual(['2024-11-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z']);
  });

  it('has no success rate when nothing settled, and refuses sums it cannot represent exactly', () => {
    expect(tallyStats([group('PROCESSING', 'MOMO', 'VND', 1, 1)], from, to).successRate).toBeNull();
    const huge = { ...group('SUCCEEDED', 'MOMO', 'VND', 1, 1), amount: BigInt(Number.MAX_SAFE_INTEGER) + 1n };
    expect(() => tallyStats([huge], from, to)).toThrow('safe integer');
  });
});
