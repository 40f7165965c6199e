// Calendar days as 'YYYY-MM-DD' strings in Beijing time (UTC+8, no daylight saving), so they
// compare as strings and never drift with the host's time zone.

export type Day = string;

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * Ages and birth dates are fixed relative to this day, not to "today", so ID numbers (which
 * embed the birth date) stay the same whenever the population is generated.
 */
export const SEED_EPOCH: Day = '2026-07-01';

export function beijingDay(instant: Date): Day {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: Day, days: number): Day {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 29 February plus whole years lands on 1 March in common years, as birthdays do. */
export function addYears(day: Day, years: number): Day {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

export function ageOn(birthDate: Day, day: Day): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export function laterDay(a: Day, b: Day): Day {
  return a > b ? a : b;
}

export function earlierDay(a: Day, b: Day): Day {
  return a < b ? a : b;
}

/** An ISO 8601 date-time in Beijing time, e.g. 2026-11-01T09:30:00+08:00. */
export function beijingTime(day: Day, hour: number, minute: number): string {
  return `${day}T${pad(hour)}:${pad(minute)}:00+08:00`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
