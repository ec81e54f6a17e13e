import {
  MAX_RISK_COUNTER_ENTRIES,
  MAX_RISK_WINDOW_SECONDS,
  type RiskCounterEntry,
  type RiskCounterKey,
  type RiskCounters,
  type RiskWindowReading,
} from '@ppm/domain';
import type { RedisClient } from './redis-client';
import { withTimeout } from './with-timeout';

// Each counter is a sorted set of `<id>|<quantity>` members scored by the time they were recorded (ms), so a window
// is a range of scores: a true sliding window, not fixed buckets.

// Records every entry at once. ZADD NX keeps an entry recorded twice counted once (and at its first time); entries
// older than the longest window, and the oldest beyond MAX_RISK_COUNTER_ENTRIES, are dropped so a read stays
// bounded; the key lives as long as the longest window after its last entry.
// KEYS: one counter per entry. ARGV[1] longest window (ms); ARGV[2] most entries; then per entry: time (ms), member.
const RECORD_SCRIPT = `
local window = tonumber(ARGV[1])
local most = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local at = tonumber(ARGV[1 + 2 * i])
  redis.call('ZADD', key, 'NX', at, ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', at - window)
  redis.call('ZREMRANGEBYRANK', key, 0, -most - 1)
  redis.call('PEXPIRE', key, window)
end
return #KEYS
`;

// Reads every window at once at ARGV[1] (ms): the window of length w holds the scores in (now - w, now]
// (\`isInWindow\`). A count is ZCOUNT; a sum adds the members' quantities in two halves (the last nine digits and
// the rest), so the totals stay exact in Lua's doubles, and returns both as decimal strings.
// KEYS: one counter per reading. ARGV[1] now (ms); then per reading: 'count' or 'sum', window (ms).
const TOTALS_SCRIPT = `
local now = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local from = '(' .. string.format('%.0f', now - tonumber(ARGV[2 * i + 1]))
  local to = string.format('%.0f', now)
  if ARGV[2 * i] == 'count' then
    out[#out + 1] = '0'
    out[#out + 1] = tostring(redis.call('ZCOUNT', key, from, to))
  else
    local high, low = 0, 0
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', key, from, to)) do
      local quantity = string.match(member, '|(%d+)$')
      low = low + tonumber(string.sub(quantity, -9))
      if #quantity > 9 then high = high + tonumber(string.sub(quantity, 1, -10)) end
    end
    high = high + math.floor(low / 1000000000)
    out[#out + 1] = string.format('%.0f', high)
    out[#out + 1] = string.format('%09.0f', low % 1000000000)
  end
end
return out
`;

interface RiskCounterCommands {
  ppmRiskRecord(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>;
  ppmRiskTotals(numberOfKeys: number, ...keysThenArgs: string[]): Promise<string[]>;
}

/** Redis could not read or record risk counters in time (down, or slower than the budget). */
export class RiskCountersUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Risk counters are unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RiskCountersUnavailableError';
  }
}

/**
 * A counter's key: `ppm:risk:{<tenant>}:<kind>:<key>[:<currency>]:<value>`. The tenant is the hash tag, so all the
 * counters of one evaluation sit in one cluster slot and one script can read them; the value comes last, so no
 * value can spell another counter's key.
 */
export function riskCounterKey(tenantId: string, counter: RiskCounterKey): string {
  const currency = counter.currency === undefined ? '' : `:${counter.currency}`;
  return `ppm:risk:{${tenantId}}:${counter.kind}:${counter.key}${currency}:${counter.value}`;
}

/**
 * The risk engine's counters on the Redis every command instance shares, each read and each record one atomic
 * script. A call that takes longer than `timeoutMs` fails with RiskCountersUnavailableError, like one Redis
 * refuses: what a payment then gets (allowed and flagged, or reviewed) is its tenant's choice, made by the caller.
 */
export class RedisRiskCounters implements RiskCounters {
  constructor(
    private readonly redis: RedisClient,
    private readonly timeoutMs: number,
  ) {
    redis.defineCommand('ppmRiskRecord', { lua: RECORD_SCRIPT });
    redis.defineCommand('ppmRiskTotals', { lua: TOTALS_SCRIPT });
  }

  private get commands(): RiskCounterCommands {
    return this.redis as unknown as RiskCounterCommands;
  }

  async totals(tenantId: string, readings: readonly RiskWindowReading[], now: Date): Promise<readonly bigint[]> {
    if (readings.length === 0) return [];
    const raw = await this.run(
      this.commands.ppmRiskTotals(
        readings.length,
        ...readings.map((reading) => riskCounterKey(tenantId, reading)),
        String(now.getTime()),
        ...readings.flatMap((reading) => [
          reading.kind === 'AMOUNT' ? 'sum' : 'count',
          String(reading.windowSeconds * 1000),
        ]),
      ),
    );
    return readings.map((_, i) => BigInt(raw[2 * i]) * 1_000_000_000n + BigInt(raw[2 * i + 1]));
  }

  async record(tenantId: string, entries: readonly RiskCounterEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.run(
      this.commands.ppmRiskRecord(
        entries.length,
        ...entries.map((entry) => riskCounterKey(tenantId, entry)),
        String(MAX_RISK_WINDOW_SECONDS * 1000),
        String(MAX_RISK_COUNTER_ENTRIES),
        ...entries.flatMap((entry) => [String(entry.at.getTime()), `${entry.id}|${entry.quantity}`]),
      ),
    );
  }

  private async run<T>(work: Promise<T>): Promise<T> {
    try {
      return await withTimeout(work, this.timeoutMs);
    } catch (error) {
      throw new RiskCountersUnavailableError(error);
    }
  }
}
