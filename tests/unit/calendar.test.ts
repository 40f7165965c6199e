import { describe, expect, it } from 'vitest';
import { addWorkingDays, beijingDate, calendarOf, isWorkingDay, workingDaysBetween } from '../../src/cases/working-days.js';

describe('working days on the official holiday calendar', () => {
  it('knows holidays, ordinary weekends and adjusted working weekends (调休)', () => {
    expect(isWorkingDay('2026-02-16')).toBe(false); // Monday in the Spring Festival holiday
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday worked before the Spring Festival
    expect(isWorkingDay('2026-02-28')).toBe(true); // Saturday worked after it
    expect(isWorkingDay('2026-03-07')).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2025-10-08')).toBe(false); // National Day and Mid-Autumn, a Wednesday
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday worked after it
  });

  it('counts a limit across the 2026 Spring Festival, including both adjusted Saturdays', () => {
    // Accepted Friday 13 Feb: Sat 14 (worked) is day 1, then 15–23 Feb are off, Tue 24 is day 2.
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    // 24, 25, 26, 27 Feb, then Saturday 28 Feb (worked) is the 6th working day.
    expect(addWorkingDays('2026-02-13', 6)).toBe('2026-02-28');
    // Plain Monday–Friday counting would have said 23 Feb, a holiday.
    expect(addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
  });

  it('counts across National Day 2025 and the worked Saturday after it', () => {
    // Accepted Tuesday 30 Sep: 1–8 Oct are off, Thu 9, Fri 10, Sat 11 (worked).
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
    expect(addWorkingDays('2025-09-30', 4)).toBe('2025-10-13');
    // Sunday 28 Sep was worked: accepted Friday 26 Sep, day 1 is that Sunday.
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
  });

  it('does not count the day of acceptance, and counts working days between two dates', () => {
    expect(addWorkingDays('2026-03-02', 0)).toBe('2026-03-02');
    expect(workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
    expect(workingDaysBetween('2026-02-24', '2026-02-24')).toBe(0);
  });

  it('uses the Beijing date of an instant', () => {
    expect(beijingDate(new Date('2026-02-13T16:30:00Z'))).toBe('2026-02-14');
  });

  it('counts 2027, before its notice, on the statutory holidays alone (provisional)', () => {
    expect(calendarOf(2027)).toBe('provisional');
    // Accepted Thursday 4 Feb 2027: 除夕 Fri 5 Feb to 初三 Mon 8 Feb are off, Tue 9 Feb is day 1.
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-09');
    // A case accepted in December 2026 gets a limit running into 2027, past 元旦.
    expect(addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
  });

  it('counts Monday to Friday in a year without any calendar, rather than refusing the case', () => {
    expect(calendarOf(2030)).toBe('weekdays-only');
    expect(addWorkingDays('2030-01-04', 1)).toBe('2030-01-07'); // Friday → Monday
    expect(calendarOf(2026)).toBe('official');
  });
});
