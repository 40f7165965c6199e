import { describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../src/identity/id-number.js';
import { isOpen, isOverdue } from '../../mocks/seed/matters.js';
import { population } from '../../mocks/seed/population.js';
import type { SeedResident } from '../../mocks/seed/types.js';

const today = new Date('2026-11-28T10:00:00+08:00');
const { residents, unknownIdNumbers } = population({ today });
const identity = ({ civilAffairs, housing, health, ...who }: SeedResident) => who;
const share = (test: (r: SeedResident) => boolean) => residents.filter(test).length / residents.length;

describe('seed population', () => {
  it('is the same people for the same seed, whatever the day', () => {
    const nextWeek = population({ today: new Date('2026-12-05T10:00:00+08:00') });
    expect(nextWeek.residents.map(identity)).toEqual(residents.map(identity));
    expect(nextWeek.unknownIdNumbers).toEqual(unknownIdNumbers);
  });

  it('is different people for a different seed', () => {
    const other = population({ seed: 7, size: 50, today });
    expect(other.residents.map((r) => r.idNumber)).not.toEqual(residents.slice(0, 50).map((r) => r.idNumber));
  });

  it('moves matters along with the calendar but keeps their stage and how overdue they are', () => {
    const nextWeek = population({ today: new Date('2026-12-05T10:00:00+08:00') });
    const before = residents.flatMap((r) => r.civilAffairs?.matters ?? []);
    const after = nextWeek.residents.flatMap((r) => r.civilAffairs?.matters ?? []);
    expect(after.map((m) => [m.stage, m.dueInDays])).toEqual(before.map((m) => [m.stage, m.dueInDays]));
    expect(after[0]!.submittedAt.slice(0, 10)).not.toBe(before[0]!.submittedAt.slice(0, 10));
  });

  it('has the requested size and unique, valid ID numbers that agree with birth date and gender', () => {
    expect(residents).toHaveLength(1200);
    expect(new Set(residents.map((r) => r.idNumber)).size).toBe(1200);
    for (const r of residents) {
      const parsed = parseIdNumber(r.idNumber, today);
      expect(parsed, r.idNumber).toMatchObject({ ok: true, value: { birthDate: r.birthDate, gender: r.gender } });
    }
  });

  it('has about fifty valid ID numbers that no resident carries', () => {
    const known = new Set(residents.map((r) => r.idNumber));
    expect(unknownIdNumbers).toHaveLength(50);
    for (const id of unknownIdNumbers) {
      expect(parseIdNumber(id, today).ok, id).toBe(true);
      expect(known.has(id)).toBe(false);
    }
  });

  it('is known to each department in roughly the intended share, and everyone to at least one', () => {
    expect(share((r) => !!r.civilAffairs)).toBeCloseTo(0.9, 1);
    expect(share((r) => !!r.housing)).toBeGreaterThan(0.5);
    expect(share((r) => !!r.housing)).toBeLessThan(0.6);
    expect(share((r) => !!r.health)).toBeCloseTo(0.8, 1);
    expect(residents.every((r) => r.civilAffairs || r.housing || r.health)).toBe(true);
  });

  it('spans ages 0 to 95 with many elderly', () => {
    const years = residents.map((r) => 2026 - Number(r.birthDate.slice(0, 4)));
    expect(Math.min(...years)).toBeLessThanOrEqual(1);
    expect(Math.max(...years)).toBeGreaterThanOrEqual(94);
    expect(share((r) => Number(r.birthDate.slice(0, 4)) <= 1966)).toBeGreaterThan(0.2);
  });

  it('has open, overdue and recently closed matters in every department', () => {
    for (const department of ['civilAffairs', 'housing', 'health'] as const) {
      const matters = residents.flatMap((r) => r[department]?.matters ?? []);
      expect(matters.filter(isOpen).length, department).toBeGreaterThan(20);
      expect(matters.filter(isOverdue).length, department).toBeGreaterThan(5);
      expect(matters.filter((m) => !isOpen(m)).length, department).toBeGreaterThan(5);
      expect(matters.some((m) => isOpen(m) && m.dueInDays !== null && m.dueInDays > 0), department).toBe(true);
    }
  });

  it('refuses a "today" before the seed epoch, when some birth dates would lie in the future', () => {
    expect(() => population({ today: new Date('2026-01-01') })).toThrow(/today must be on or after/);
  });
});
