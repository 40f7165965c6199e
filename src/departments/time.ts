// Department dates arrive in several shapes; the gateway answers YYYY-MM-DD and ISO 8601 with +08:00.

/** 20260301 → 2026-03-01; '' → null. */
export function fromCompactDate(value: string): string | null {
  if (!value) return null;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

/** 20261101093000 (Beijing time) → 2026-11-01T09:30:00+08:00; '' → null. */
export function fromCompactDateTime(value: string): string | null {
  if (!value) return null;
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => value.slice(at, at + (i === 0 ? 4 : 2)));
  return `${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`;
}

/** A due date without a time means the end of that (Beijing) working day. */
export function endOfDay(date: string | null): string | null {
  return date ? `${date}T23:59:59+08:00` : null;
}

/** The date part of an ISO date-time, as written (the department's own time zone). */
export function datePart(value: string): string {
  return value.slice(0, 10);
}
