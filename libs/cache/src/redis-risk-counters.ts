import {
  MAX_RISK_COUNTER_ENTRIES,
  MAX_RISK_WINDOW_SECONDS,
  type RiskAdmission,
  type RiskCounterEntry,
  type RiskCounterKey,
  type RiskCounters,
  type RiskWindowCheck,
} from '@ppm/domain';
import type { RedisClient } from './redis-client';
import { withTimeout } from './with-timeout';

// Each counter is a sorted set of `<id>|<quantity>` members scored by the time they were recorded (ms), so a window
// is a range of scores: a true sliding window, not fixed buckets.

// Adds one entry to a counter. ZADD NX keeps an entry recorded twice counted once (and at its first time); entries
// older than the longest window, and the oldest beyond the most kept, are dropped so a read stays bounded; the key
// lives as long as the longest window after its last entry.
const RECORD_ENTRY = `
local function record(key, at, member, window, most)
  redis.call('ZADD', key, 'NX', at, member)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', at - window)
  redis.call('ZREMRANGEBYRANK', key, 0, -most - 1)
  redis.call('PEXPIRE', key, window)
end
`;

// Records every entry at once.
// KEYS: one counter per entry. ARGV[1] longest window (ms); ARGV[2] most entries; then per entry: time (ms), member.
const RECORD_SCRIPT = `${RECORD_ENTRY}
local window = tonumber(ARGV[1])
local most = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  record(key, tonumber(ARGV[1 + 2 * i]), ARGV[2 + 2 * i], window, most)
end
return #KEYS
`;

// Reads every window checked at ARGV[1] (ms) and, when no refusing check is hit, records the entries, in one script
// so no other evaluation runs in between. The window of length w holds the scores in (now - w, now]
// (\`isInWindow\`). A count is ZCOUNT; a sum adds the members' quantities in two halves (the last nine digits and
// the rest), so totals and thresholds stay exact in Lua's doubles; both are returned as decimal strings, and the
// last value returned is 1 when the entries were recorded.
// KEYS: one counter per check, then one per entry. ARGV[1] now (ms); ARGV[2] number of checks; ARGV[3] longest
// window (ms); ARGV[4] most entries; then per check (5 values): 'count' or 'sum', window (ms), the threshold's
// high and low halves, '1' when a hit refuses; then per entry: time (ms), member.
const ADMIT_SCRIPT = `${RECORD_ENTRY}
local now = tonumber(ARGV[1])
local checks = tonumber(ARGV[2])
local out = {}
local refused = false
for i = 1, checks do
  local key = KEYS[i]
  local base = 4 + 5 * (i - 1)
  local from = '(' .. string.format('%.0f', now - tonumber(ARGV[base + 2]))
  local to = string.format('%.0f', now)
  local high, low = 0, 0
  if ARGV[base + 1] == 'count' then
    low = redis.call('ZCOUNT', key, from, to)
  else
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', key, from, to)) do
      local quantity = string.match(member, '|(%d+)$')
      low = low + tonumber(string.sub(quantity, -9))
      if #quantity > 9 then high = high + tonumber(string.sub(quantity, 1, -10)) end
    end
    high = high + math.floor(low / 1000000000)
    low = low % 1000000000
  end
  local hitHigh, hitLow = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
  if ARGV[base + 5] == '1' and (high > hitHigh or (high == hitHigh and low >= hitLow)) then refused = true end
  out[#out + 1] = string.format('%.0f', high)
  out[#out + 1] = string.format('%09.0f', low)
end
if refused then
  out[#out + 1] = '0'
else
  local window = tonumber(ARGV[3])
  local most = tonumber(ARGV[4])
  local first = 5 + 5 * checks
  for i = checks + 1, #KEYS do
    local j = first + 2 * (i - checks - 1)
    record(KEYS[i], tonumber(ARGV[j]), ARGV[j + 1], window, most)
  end
  out[#out + 1] = '1'
end
return out
`;

const BILLION = 1_000_000_000n;

interface RiskCounterCommands {
  ppmRiskRecord(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>;
  ppmRiskAdmit(numberOfKeys: number, ...keysThenArgs: string[]): Promise<string[]>;
}

/** Redis could not read or record risk counters in time (down, or slower than the budget). */
export class RiskCountersUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Risk counters are unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RiskCountersUnavailableError';
  }
}

function entryArguments(entries: readonly RiskCounterEntry[]): string[] {
  return entries.flatMap((entry) => [String(entry.at.getTime()), `${entry.id}|${entry.quantity}`]);
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
 * script (an evaluation's read and count are one). A call that takes longer than `timeoutMs` fails with RiskCountersUnavailableError, like one Redis
 * refuses: what a payment then gets (allowed and flagged, or reviewed) is its tenant's choice, made by the caller.
 */
export class RedisRiskCounters implements RiskCounters {
  constructor(
    private readonly redis: RedisClient,
    private readonly timeoutMs: number,
  ) {
    redis.defineCommand('ppmRiskRecord', { lua: RECORD_SCRIPT });
    redis.defineCommand('ppmRiskAdmit', { lua: ADMIT_SCRIPT });
  }

  private get commands(): RiskCounterCommands {
    return this.redis as unknown as RiskCounterCommands;
  }

  async admit(
    tenantId: string,
    checks: readonly RiskWindowCheck[],
    entries: readonly RiskCounterEntry[],
    now: Date,
  ): Promise<RiskAdmission> {
    const raw = await this.run(
      this.commands.ppmRiskAdmit(
        checks.length + entries.length,
        ...checks.map((check) => riskCounterKey(tenantId, check)),
        ...entries.map((entry) => riskCounterKey(tenantId, entry)),
        String(now.getTime()),
        String(checks.length),
        String(MAX_RISK_WINDOW_SECONDS * 1000),
        String(MAX_RISK_COUNTER_ENTRIES),
        ...checks.flatMap((check) => {
          // A threshold at or below zero is reached by any total.
          const hitFrom = check.hitFrom > 0n ? check.hitFrom : 0n;
          return [
            check.kind === 'AMOUNT' ? 'sum' : 'count',
            String(check.windowSeconds * 1000),
            String(hitFrom / BILLION),
            String(hitFrom % BILLION),
            check.refuses ? '1' : '0',
          ];
        }),
        ...entryArguments(entries),
      ),
    );
    return {
      totals: checks.map((_, i) => BigInt(raw[2 * i]) * BILLION + BigInt(raw[2 * i + 1])),
      recorded: raw[2 * checks.length] === '1',
    };
  }

  async record(tenantId: string, entries: readonly RiskCounterEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.run(
      this.commands.ppmRiskRecord(
        entries.length,
        ...entries.map((entry) => riskCounterKey(tenantId, entry)),
        String(MAX_RISK_WINDOW_SECONDS * 1000),
        String(MAX_RISK_COUNTER_ENTRIES),
        ...entryArguments(entries),
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
