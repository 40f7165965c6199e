import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { population } from '../../mocks/seed/population.js';
import { demoKnownTo, unknownResidents } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

const RESIDENT = /* GraphQL */ `
  query Resident($id: IdCardNumber!) {
    resident(idNumber: $id) {
      idNumber name gender birthDate
      civilAffairs { source asOf stale districtCode districtName assistance { program status } household { householdId size } }
      housing { source asOf stale publicRentalApplications { applicationNumber status } subsidies { kind status } providentFund { balance status } }
      health { source asOf stale familyDoctor { doctorName status } vaccinations { vaccine administeredAt } chronicDiseaseManagement { condition status } }
      serviceStatus { department reference matter status statusText submittedAt updatedAt dueAt overdue }
    }
  }
`;

const LIST = /* GraphQL */ `
  query List($ids: [IdCardNumber!]!) {
    residents(idNumbers: $ids) { idNumber name civilAffairs { districtName } housing { subsidies { kind } } health { vaccinations { vaccine } } serviceStatus { reference } }
  }
`;

describe('a resident across the three departments', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { UPSTREAM_CIVIL_AFFAIRS_CACHE_TTL_S: '0', UPSTREAM_HOUSING_CACHE_TTL_S: '0', UPSTREAM_HEALTH_CACHE_TTL_S: '0' } })));
  afterAll(() => stack.close());
  afterEach(() => {
    for (const m of Object.values(stack.mocks)) m.configure({ mode: 'normal', failureRate: 0, latencyMs: 0 });
    stack.resetCalls();
  });

  it('answers one query with every department’s profile and their merged matters, newest first', async () => {
    const demo = population().residents.find((r) => r.civilAffairs?.matters.length && r.housing?.matters.length && r.health?.matters.length)!;
    const { status, body } = await stack.graphql(RESIDENT, { id: demo.idNumber });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const r = body.data.resident;
    expect(r.name).toBe(demo.name);
    expect(r.civilAffairs.source).toBe('CIVIL_AFFAIRS');
    expect(r.housing.source).toBe('HOUSING');
    expect(r.health.source).toBe('HEALTH');
    expect(r.civilAffairs.stale).toBe(false);
    const departments = new Set(r.serviceStatus.map((s: { department: string }) => s.department));
    expect(departments).toEqual(new Set(['CIVIL_AFFAIRS', 'HOUSING', 'HEALTH']));
    const updated = r.serviceStatus.map((s: { updatedAt: string }) => Date.parse(s.updatedAt));
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect(stack.upstreamCalls()).toEqual({ civilAffairs: 1, housing: 1, health: 1 });
  });

  it('leaves a department’s profile null where it does not know the person', async () => {
    const demo = demoKnownTo('HOUSING');
    const { body } = await stack.graphql(RESIDENT, { id: demo.idNumber });
    expect(body.errors).toBeUndefined();
    expect(body.data.resident).toMatchObject({ name: demo.name, civilAffairs: null, health: null });
    expect(body.data.resident.housing).not.toBeNull();
  });

  it('answers null for a valid ID number no department knows', async () => {
    const { body } = await stack.graphql(RESIDENT, { id: unknownResidents[0] });
    expect(body.errors).toBeUndefined();
    expect(body.data.resident).toBeNull();
  });

  it('marks open matters past their due time as overdue', async () => {
    const ids = population().residents.slice(0, 100).map((r) => r.idNumber);
    const { body } = await stack.graphql(`query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { serviceStatus { status dueAt overdue } } }`, { ids });
    const matters = body.data.residents.flatMap((r: { serviceStatus: unknown[] } | null) => r?.serviceStatus ?? []);
    const overdue = matters.filter((m: { overdue: boolean }) => m.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    for (const m of overdue) {
      expect(['SUBMITTED', 'IN_REVIEW', 'NEEDS_MATERIALS']).toContain(m.status);
      expect(Date.parse(m.dueAt)).toBeLessThan(Date.now());
    }
  });

  it('costs the departments no more calls for 50 residents than for 5', async () => {
    const ids = population().residents.map((r) => r.idNumber);
    await stack.graphql(LIST, { ids: ids.slice(0, 5) });
    const five = stack.upstreamCalls();
    stack.resetCalls();
    const { body } = await stack.graphql(LIST, { ids: ids.slice(100, 150) });
    const fifty = stack.upstreamCalls();
    expect(body.errors).toBeUndefined();
    expect(body.data.residents).toHaveLength(50);
    expect(fifty).toEqual(five);
    expect(fifty).toEqual({ civilAffairs: 1, housing: 1, health: 1 });
  });

  it('answers a list in the order asked, null where unknown, and batches each department at its own limit', async () => {
    const known = population().residents.slice(0, 99).map((r) => r.idNumber);
    const ids = [unknownResidents[0]!, ...known];
    const { body } = await stack.graphql(LIST, { ids });
    expect(body.data.residents[0]).toBeNull();
    expect(body.data.residents.slice(1).map((r: { idNumber: string } | null) => r?.idNumber)).toEqual(known);
    // Civil affairs takes 100 IDs a call; housing and health 50.
    expect(stack.upstreamCalls()).toEqual({ civilAffairs: 1, housing: 2, health: 2 });
  });

  it('refuses more than 100 ID numbers with BAD_USER_INPUT', async () => {
    const ids = population().residents.slice(0, 101).map((r) => r.idNumber);
    const { body } = await stack.graphql(LIST, { ids });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain('At most 100');
    expect(stack.upstreamCalls()).toEqual({ civilAffairs: 0, housing: 0, health: 0 });
  });

  it('counts the ID numbers of every resident field and alias of an operation against the same 100', async () => {
    const ids = population().residents.slice(0, 120).map((r) => r.idNumber);
    const q = `query ($a: [IdCardNumber!]!, $b: [IdCardNumber!]!) { a: residents(idNumbers: $a) { name } b: residents(idNumbers: $b) { name } }`;
    const { body } = await stack.graphql(q, { a: ids.slice(0, 60), b: ids.slice(60) });
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', residents: 120, max: 100 });
    expect(body.errors[0].message).toContain('At most 100 ID numbers per operation, got 120');
    expect(stack.upstreamCalls()).toEqual({ civilAffairs: 0, housing: 0, health: 0 });
  });

  it.each([
    ['11010519491231002', 'must be 18 characters'],
    ['110105194912310021', 'check character is 1, expected X'],
    ['110105194902300021', 'not a real date'],
  ])('refuses the invalid ID number %s with BAD_USER_INPUT saying what is wrong', async (id, reason) => {
    const asVariable = await stack.graphql(RESIDENT, { id });
    expect(asVariable.status).toBe(400);
    expect(asVariable.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(asVariable.body.errors[0].message).toContain(reason);
    const inline = await stack.graphql(`{ resident(idNumber: "${id}") { name } }`);
    expect(inline.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(inline.body.errors[0].message).toContain(reason);
  });
});
