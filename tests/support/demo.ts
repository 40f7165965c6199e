import { readFileSync } from 'node:fs';

export interface DemoResident {
  idNumber: string;
  name: string;
  departments: ('CIVIL_AFFAIRS' | 'HOUSING' | 'HEALTH')[];
  note?: string;
}

export const demoResidents: DemoResident[] = JSON.parse(readFileSync(new URL('../../mocks/fixtures/demo-residents.json', import.meta.url), 'utf8'));
export const unknownResidents: string[] = JSON.parse(readFileSync(new URL('../../mocks/fixtures/unknown-residents.json', import.meta.url), 'utf8'));

/** The first demo resident known to exactly these departments. */
export function demoKnownTo(...departments: DemoResident['departments']): DemoResident {
  const found = demoResidents.find((d) => d.departments.length === departments.length && departments.every((x) => d.departments.includes(x)));
  if (!found) throw new Error(`no demo resident known to exactly ${departments.join(', ')}`);
  return found;
}
