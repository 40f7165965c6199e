import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../mocks/index.js';
import { population } from '../../mocks/seed/population.js';

const SYSTEM = 'urn:oid:2.16.156.10011.1.1';
const ALL_REVINCLUDES = ['Immunization:patient', 'CarePlan:subject', 'EpisodeOfCare:patient', 'Task:patient'];

const { residents, unknownIdNumbers } = population();
const known = residents.filter((r) => r.health).slice(0, 2);
// Someone with a resource of every kind, so each _revinclude has something to include.
const wellDocumented = residents.find(
  ({ health: h }) => h && h.vaccinations.length && h.familyDoctorContracts.length && h.chronicCare.length && h.matters.length,
)!;

interface Bundle {
  resourceType: string;
  type: string;
  total: number;
  entry: { fullUrl: string; resource: { resourceType: string; id: string } & Record<string, unknown>; search: { mode: string } }[];
}

let mock: MockHandle;
beforeAll(async () => {
  mock = await startMock('health', { latencyMs: 0, failureRate: 0 });
});
afterAll(() => mock.close());

const search = (idNumbers: string[], revincludes: string[] = []) => {
  const query = [`identifier=${idNumbers.map((id) => `${SYSTEM}|${id}`).join(',')}`, ...revincludes.map((r) => `_revinclude=${r}`)];
  return fetch(`${mock.url}/fhir/Patient?${query.join('&')}`);
};

describe('health mock', () => {
  it('finds several patients in one searchset Bundle and leaves unknown ID numbers out', async () => {
    const res = await search([...known.map((r) => r.idNumber), unknownIdNumbers[0]!]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle = (await res.json()) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    expect(bundle.entry.map((e) => [e.resource.resourceType, e.search.mode])).toEqual([['Patient', 'match'], ['Patient', 'match']]);
    const names = bundle.entry.map((e) => (e.resource.name as { text: string }[])[0]!.text);
    expect(names.sort()).toEqual(known.map((r) => r.name).sort());
  });

  it('includes the resources pointing at each patient for every _revinclude asked for', async () => {
    const bundle = (await (await search([wellDocumented.idNumber], ALL_REVINCLUDES)).json()) as Bundle;
    const patient = bundle.entry.find((e) => e.search.mode === 'match')!.resource;
    const included = bundle.entry.filter((e) => e.search.mode === 'include').map((e) => e.resource);
    expect(new Set(included.map((r) => r.resourceType))).toEqual(new Set(['Immunization', 'CarePlan', 'EpisodeOfCare', 'Task']));
    for (const resource of included) {
      const reference = (resource.patient ?? resource.subject ?? resource.for) as { reference: string };
      expect(reference.reference).toBe(`Patient/${patient.id}`);
    }
  });

  it('includes only the resource types asked for', async () => {
    const bundle = (await (await search([wellDocumented.idNumber], ['EpisodeOfCare:patient'])).json()) as Bundle;
    const types = new Set(bundle.entry.filter((e) => e.search.mode === 'include').map((e) => e.resource.resourceType));
    expect([...types]).toEqual(['EpisodeOfCare']);
  });

  it('refuses more than 50 identifiers with a too-costly OperationOutcome', async () => {
    const res = await search(residents.slice(0, 51).map((r) => r.idNumber));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] });
  });

  it('fails with 503 and a transient OperationOutcome at failure rate 1', async () => {
    mock.configure({ failureRate: 1 });
    try {
      const res = await search([known[0]!.idNumber]);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] });
    } finally {
      mock.configure({ failureRate: 0 });
    }
  });
});
