import { HOLIDAY_CALENDAR, PROVISIONAL_CALENDAR } from './holidays.js';

// Time limits (办理时限) count working days in Beijing, per the holiday calendar; the day a case is
// accepted does not count (期间开始之日不计算在内), so a 1-day limit ends the next working day.
// A year with neither an official nor a provisional calendar counts Monday to Friday: a time limit
// that may later prove a day short beats refusing the resident's application.

const CALENDARS = { ...PROVISIONAL_CALENDAR, ...HOLIDAY_CALENDAR };
const HOLIDAYS = new Set(Object.values(CALENDARS).flatMap((y) => y.holidays));
const WORKING_WEEKENDS = new Set(Object.values(CALENDARS).flatMap((y) => y.workingWeekends));

/** How sure the working days of a year are. */
export function calendarOf(year: number): 'official' | 'provisional' | 'weekdays-only' {
  if (HOLIDAY_CALENDAR[year]) return 'official';
  return PROVISIONAL_CALENDAR[year] ? 'provisional' : 'weekdays-only';
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string): boolean {
  if (WORKING_WEEKENDS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** The date on which a limit of `days` working days, counted after `from`, ends. */
export function addWorkingDays(from: string, days: number): string {
  let date = from;
  for (let left = days; left > 0; ) {
    date = nextDay(date);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let date = nextDay(from); date <= to; date = nextDay(date)) if (isWorkingDay(date)) count++;
  return count;
}
