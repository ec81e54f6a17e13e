import { gmt7BusinessDay, gmt7DatePrefix, gmt7DayStart, gmt7Timestamp, parseGmt7Timestamp } from './gmt7';

// tools/test.sh runs this file under TZ=UTC and TZ=Asia/Ho_Chi_Minh (see the `test` target): same results.
describe(`GMT+7 formatting (process TZ=${process.env['TZ'] ?? 'unset'})`, () => {
  const instant = new Date('2026-11-22T17:30:05.000Z'); // 00:30:05 on 23 Nov in Vietnam

  it('formats VNPay timestamps and ZaloPay prefixes in Vietnam time whatever the process time zone', () => {
    expect(gmt7Timestamp(instant)).toBe('20261123003005');
    expect(gmt7DatePrefix(instant)).toBe('261123');
    expect(gmt7BusinessDay(instant)).toBe('2026-11-23');
  });

  it('parses its own timestamps back to the same instant and refuses impossible dates', () => {
    expect(parseGmt7Timestamp('20261123003005')?.toISOString()).toBe(instant.toISOString());
    expect(parseGmt7Timestamp('20261131000000')).toBeNull();
    expect(parseGmt7Timestamp('2026-11-23')).toBeNull();
  });

  it('starts a business day at midnight in Vietnam, and refuses days the calendar lacks', () => {
    expect(gmt7DayStart('2026-11-23')?.toISOString()).toBe('2026-11-22T17:00:00.000Z');
    expect(gmt7DayStart('2026-02-30')).toBeNull();
    expect(gmt7DayStart('2026-11-23T00:00')).toBeNull();
  });
});
