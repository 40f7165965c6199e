// How a department server sees the population: today's residents, looked up by ID number.
import { population, residentIndex } from './seed/population.js';
import type { SeedResident } from './seed/types.js';

export type MockDepartment = 'civilAffairs' | 'housing' | 'health';

/** Today's residents by ID number; asked per request, so matters move on at midnight. */
export type Residents = () => ReadonlyMap<string, SeedResident>;

export function residentsOf(options: { seed?: number; size?: number }): Residents {
  return () => residentIndex(population(options));
}

export interface Lookup {
  /** Each resident once, even if asked for twice. */
  found: SeedResident[];
  /** As asked for, in request order. */
  notFound: string[];
}

/** Splits requested ID numbers into residents the department knows and the rest. */
export function lookup(residents: Residents, idNumbers: readonly string[], department: MockDepartment): Lookup {
  const index = residents();
  const found = new Set<SeedResident>();
  const notFound: string[] = [];
  for (const idNumber of idNumbers) {
    const resident = index.get(idNumber.toUpperCase());
    if (resident?.[department]) found.add(resident);
    else notFound.push(idNumber);
  }
  return { found: [...found], notFound };
}
