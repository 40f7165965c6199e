import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../mocks/index.js';
import { population } from '../../mocks/seed/population.js';

const { residents, unknownIdNumbers } = population();
const known = residents.filter((r) => r.civilAffairs).slice(0, 3);
const unknownToCivilAffairs = residents.find((r) => !r.civilAffairs)!;

let mock: MockHandle;
beforeAll(async () => {
  mock = await startMock('civilAffairs', { latencyMs: 0, failureRate: 0 });
});
afterAll(() => mock.close());

const batchGet = (body: unknown) =>
  fetch(`${mock.url}/api/v1/persons:batchGet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('civil affairs mock', () => {
  it('answers a batch with the persons it knows and the ID numbers it does not', async () => {
    const asked = [...known.map((r) => r.idNumber), unknownToCivilAffairs.idNumber, unknownIdNumbers[0]!];
    const res = await batchGet({ idNumbers: asked });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { persons: { idNumber: string; name: string }[]; notFound: string[] };
    expect(body.persons.map((p) => [p.idNumber, p.name]).sort()).toEqual(known.map((r) => [r.idNumber, r.name]).sort());
    expect(body.notFound.sort()).toEqual([unknownToCivilAffairs.idNumber, unknownIdNumbers[0]].sort());
  });

  it('describes a person in camelCase with household, assistance, marriages and matters', async () => {
    const elderly = residents.find((r) => r.civilAffairs?.assistance.some((a) => a.program === 'GAOLING') && r.civilAffairs.matters.length > 0)!;
    const { persons } = (await (await batchGet({ idNumbers: [elderly.idNumber] })).json()) as { persons: Record<string, unknown>[] };
    expect(persons[0]).toMatchObject({
      idNumber: elderly.idNumber,
      gender: elderly.gender,
      birthDate: elderly.birthDate,
      districtCode: elderly.districtCode,
      household: { householdId: expect.stringMatching(/^H\d{12}$/), relationToHead: expect.any(String), size: expect.any(Number) },
      assistance: expect.arrayContaining([expect.objectContaining({ programCode: 'GAOLING', programName: '高龄津贴', status: 'ACTIVE' })]),
      matters: expect.arrayContaining([
        expect.objectContaining({ matterId: expect.stringMatching(/^MZ\d{14}$/), submittedAt: expect.stringMatching(/T\d\d:\d\d:00\+08:00$/) }),
      ]),
    });
  });

  it('refuses more than 100 ID numbers with INVALID_ARGUMENT', async () => {
    const res = await batchGet({ idNumbers: residents.slice(0, 101).map((r) => r.idNumber) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses an empty or malformed body with INVALID_ARGUMENT', async () => {
    expect((await batchGet({ idNumbers: [] })).status).toBe(400);
    expect((await batchGet({ ids: ['x'] })).status).toBe(400);
  });

  it('fails with 503 UNAVAILABLE at failure rate 1', async () => {
    mock.configure({ failureRate: 1 });
    try {
      const res = await batchGet({ idNumbers: [known[0]!.idNumber] });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: 'UNAVAILABLE', message: 'upstream maintenance' } });
    } finally {
      mock.configure({ failureRate: 0 });
    }
  });
});
