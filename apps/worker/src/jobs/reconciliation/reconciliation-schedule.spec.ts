import { dueBusinessDays } from './reconciliation-schedule';

describe('dueBusinessDays', () => {
  it('owes yesterday (GMT+7) once the configured time has passed in GMT+7, the day before until then', () => {
    // 2026-11-23 01:59 GMT+7 = 2026-11-22 18:59 UTC: the 22nd's file is not due yet.
    expect(dueBusinessDays(new Date('2026-11-22T18:59:00Z'), '02:00', 1)).toEqual(['2026-11-21']);
    // 02:00 GMT+7 on the 23rd: the 22nd is due.
    expect(dueBusinessDays(new Date('2026-11-22T19:00:00Z'), '02:00', 1)).toEqual(['2026-11-22']);
  });

  it('lists the look-back days newest first, across a month end', () => {
    expect(dueBusinessDays(new Date('2026-12-01T12:00:00Z'), '00:30', 3)).toEqual([
      '2026-11-30',
      '2026-11-29',
      '2026-11-28',
    ]);
  });
});
