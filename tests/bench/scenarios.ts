import { population } from '../../mocks/seed/population.js';

// What each scenario asks and of whom. The gateway and the baseline receive the same request
// bodies; the baseline reads only the variables.

export const SCENARIO_NAMES = ['single-cold', 'single-warm', 'list50-cold', 'list50-warm', 'baseline-single', 'baseline-list50'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export type Shape = 'single' | 'list50';
/** off: the gateway's cache TTL is 0; warm: every resident asked for was read once before measuring. */
export type CacheMode = 'off' | 'warm';

export interface Scenario {
  name: ScenarioName;
  target: 'gateway' | 'baseline';
  shape: Shape;
  cache: CacheMode | 'none';
  title: string;
  /** Cycled through by every load-generator connection. */
  bodies: string[];
}

// A clerk's full view of a resident: every field of the three profiles and the merged matters.
const PROFILES = `
  civilAffairs { source asOf stale districtCode districtName address phone maritalStatus
    household { householdId headIdNumber relationToHead size }
    assistance { program programName status monthlyAmount startDate endDate }
    marriageRegistrations { registrationNumber type registeredOn spouseName } }
  housing { source asOf stale registeredAddress phone
    publicRentalApplications { applicationNumber appliedOn status statusText queueNumber unitType }
    subsidies { kind monthlyAmount status startDate endDate }
    providentFund { accountNumber employer balance monthlyContribution status lastContributionDate } }
  health { source asOf stale
    familyDoctor { contractId status doctorName team startDate endDate }
    vaccinations { id vaccine vaccineCode doseNumber administeredAt performer }
    elderlyCheckups { id date status summary }
    chronicDiseaseManagement { id condition conditionName status since managingOrganization } }`;

export const SINGLE_QUERY = `query BenchResident($idNumber: IdCardNumber!) {
  resident(idNumber: $idNumber) { idNumber name gender birthDate ${PROFILES}
    serviceStatus { department reference matter status statusText submittedAt updatedAt dueAt overdue } }
}`;

export const LIST_QUERY = `query BenchResidents($idNumbers: [IdCardNumber!]!) {
  residents(idNumbers: $idNumbers) { idNumber name gender birthDate ${PROFILES} }
}`;

const SINGLE_POOL = 100;
const LISTS = 4;
const LIST_SIZE = 50;

/** Residents known to all three departments, so every single read asks every department something real. */
function singleBodies(): string[] {
  const known = population().residents.filter((r) => r.civilAffairs && r.housing && r.health);
  return known.slice(0, SINGLE_POOL).map((r) => JSON.stringify({ query: SINGLE_QUERY, variables: { idNumber: r.idNumber } }));
}

/** Consecutive stretches of the population, mixed as a district list is: not everyone is known everywhere. */
function listBodies(): string[] {
  const { residents } = population();
  return Array.from({ length: LISTS }, (_, i) => {
    const idNumbers = residents.slice(i * LIST_SIZE, (i + 1) * LIST_SIZE).map((r) => r.idNumber);
    return JSON.stringify({ query: LIST_QUERY, variables: { idNumbers } });
  });
}

export function scenario(name: ScenarioName): Scenario {
  const shape: Shape = name.includes('list50') ? 'list50' : 'single';
  const bodies = shape === 'single' ? singleBodies() : listBodies();
  const what = shape === 'single' ? 'one resident, three profiles + serviceStatus' : '50 residents, three profiles';
  if (name.startsWith('baseline')) return { name, target: 'baseline', shape, cache: 'none', title: `baseline: ${what}`, bodies };
  const cache: CacheMode = name.endsWith('warm') ? 'warm' : 'off';
  return { name, target: 'gateway', shape, cache, title: `gateway: ${what}, cache ${cache}`, bodies };
}
