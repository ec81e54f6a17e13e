import { formatTime, startOfVietnamDay } from './time';

describe('times in the console', () => {
  it('shows an instant in Asia/Ho_Chi_Minh with the zone', () => {
    expect(formatTime('2026-12-01T17:30:00Z', 'en')).toBe('12/02/2026, 00:30:00 GMT+7');
    expect(formatTime('2026-12-01T17:30:00Z', 'vi')).toContain('02/12/2026');
    expect(formatTime('2026-12-01T17:30:00Z', 'vi')).toContain('GMT+7');
    expect(formatTime(null, 'vi')).toBe('—');
  });

  it('starts a filter’s day at midnight in Vietnam', () => {
    expect(startOfVietnamDay('2026-12-02')).toBe('2026-12-01T17:00:00.000Z');
  });
});
