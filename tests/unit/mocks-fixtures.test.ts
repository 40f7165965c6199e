import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoResidents, unknownResidents } from '../../mocks/fixtures/demo.js';
import { population } from '../../mocks/seed/population.js';

const read = (file: string): unknown => JSON.parse(readFileSync(new URL(`../../mocks/fixtures/${file}`, import.meta.url), 'utf8'));

describe('demo fixtures', () => {
  it('match what the generator chooses from the default population (rerun mocks/fixtures/generate.ts if not)', () => {
    expect(read('demo-residents.json')).toEqual(demoResidents(population()));
    expect(read('unknown-residents.json')).toEqual(unknownResidents(population()));
  });

  it('choose the same residents on any day, since overdue matters are overdue by design', () => {
    const later = population({ today: new Date('2027-03-15T09:00:00+08:00') });
    expect(demoResidents(later)).toEqual(read('demo-residents.json'));
  });

  it('include residents known to only one department each', () => {
    const demo = demoResidents(population());
    for (const only of ['CIVIL_AFFAIRS', 'HOUSING', 'HEALTH']) {
      expect(demo.some((r) => r.departments.length === 1 && r.departments[0] === only), only).toBe(true);
    }
  });
});
