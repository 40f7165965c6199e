import { describe, expect, it } from 'vitest';
import { startMock, startMocks } from '../../mocks/index.js';
import { population } from '../../mocks/seed/population.js';

describe('starting mocks', () => {
  it('starts all three departments on free ports and closes them', async () => {
    const { mocks, close } = await startMocks();
    const urls = Object.values(mocks).map((m) => m.url);
    expect(new Set(urls).size).toBe(3);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await close();
    await expect(fetch(`${mocks.health.url}/__mock/stats`)).rejects.toThrow();
  });

  it('agree on who a resident is across all three departments', async () => {
    const resident = population().residents.find((r) => r.civilAffairs && r.housing && r.health)!;
    const { mocks, close } = await startMocks();
    try {
      const civil = (await (await fetch(`${mocks.civilAffairs.url}/api/v1/persons:batchGet`, {
        method: 'POST',
        body: JSON.stringify({ idNumbers: [resident.idNumber] }),
      })).json()) as { persons: { name: string; birthDate: string; gender: string }[] };
      const housing = (await (await fetch(`${mocks.housing.url}/zjw/api/zfxx/plcx.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `sfzh=${resident.idNumber}`,
      })).json()) as { data: { jls: { xm: string; csrq: string; xb: string }[] } };
      const health = (await (await fetch(`${mocks.health.url}/fhir/Patient?identifier=${resident.idNumber}`)).json()) as {
        entry: { resource: { name: { text: string }[]; birthDate: string; gender: string } }[];
      };
      const [person, jl, patient] = [civil.persons[0]!, housing.data.jls[0]!, health.entry[0]!.resource];
      expect([person.name, jl.xm, patient.name[0]!.text]).toEqual([resident.name, resident.name, resident.name]);
      expect([person.birthDate, jl.csrq, patient.birthDate]).toEqual([resident.birthDate, resident.birthDate.replaceAll('-', ''), resident.birthDate]);
      expect([person.gender, jl.xb, patient.gender]).toEqual(resident.gender === 'MALE' ? ['MALE', '1', 'male'] : ['FEMALE', '2', 'female']);
    } finally {
      await close();
    }
  });

  it('takes latency and failure rate defaults from the environment, and rejects bad values', async () => {
    process.env.MOCK_FAILURE_RATE = '1';
    try {
      const mock = await startMock('housing');
      const res = await fetch(`${mock.url}/zjw/api/zfxx/plcx.do`, { method: 'POST', body: 'sfzh=110101199001011234' });
      expect(((await res.json()) as { code: string }).code).toBe('9999');
      await mock.close();
      process.env.MOCK_FAILURE_RATE = 'often';
      await expect(startMock('housing')).rejects.toThrow('MOCK_FAILURE_RATE must be a number from 0 to 1, got "often"');
    } finally {
      delete process.env.MOCK_FAILURE_RATE;
    }
  });
});
