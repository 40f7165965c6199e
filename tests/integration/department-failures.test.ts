import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DepartmentKey } from '../../src/config.js';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

const QUERY = /* GraphQL */ `
  query Resident($id: IdCardNumber!) {
    resident(idNumber: $id) {
      name
      civilAffairs { districtName }
      housing { subsidies { kind } }
      health { vaccinations { vaccine } }
      serviceStatus { department reference }
    }
  }
`;

const TIMEOUT_MS = 300;
// No cache and a breaker that never opens here: every request meets the department as it is now.
const env = Object.fromEntries(
  ['CIVIL_AFFAIRS', 'HOUSING', 'HEALTH'].flatMap((d) => [
    [`UPSTREAM_${d}_TIMEOUT_MS`, String(TIMEOUT_MS)],
    [`UPSTREAM_${d}_CACHE_TTL_S`, '0'],
    [`UPSTREAM_${d}_BREAKER_FAILURES`, '1000'],
  ]),
);

const CODE: Record<DepartmentKey, string> = { civilAffairs: 'CIVIL_AFFAIRS', housing: 'HOUSING', health: 'HEALTH' };

describe('one department failing', () => {
  let stack: Stack;
  const demo = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
  beforeAll(async () => (stack = await startStack({ env })));
  afterAll(() => stack.close());
  afterEach(() => {
    for (const m of Object.values(stack.mocks)) m.configure({ mode: 'normal', failureRate: 0, latencyMs: 0 });
  });

  async function expectOnlyMissing(department: DepartmentKey) {
    const started = performance.now();
    const { status, body } = await stack.graphql(QUERY, { id: demo.idNumber });
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    const resident = body.data.resident;
    expect(resident.name).toBe(demo.name);
    expect(resident[department]).toBeNull();
    for (const other of (['civilAffairs', 'housing', 'health'] as const).filter((d) => d !== department)) expect(resident[other]).not.toBeNull();
    const servedFrom = new Set(resident.serviceStatus.map((s: { department: string }) => s.department));
    expect(servedFrom.has(CODE[department])).toBe(false);
    expect(servedFrom.size).toBe(2);
    const unavailable = body.errors.filter((e: { extensions: { code: string } }) => e.extensions.code === 'DEPARTMENT_UNAVAILABLE');
    expect(unavailable.length).toBeGreaterThan(0);
    for (const e of unavailable) expect(e.extensions.department).toBe(CODE[department]);
    expect(unavailable.some((e: { path?: string[] }) => e.path?.join('.') === `resident.${department}`)).toBe(true);
    return { body, elapsed };
  }

  it.each(['civilAffairs', 'housing', 'health'] as const)('%s unreachable: the other two still answer', async (department) => {
    stack.mocks[department].configure({ mode: 'down' });
    const { elapsed } = await expectOnlyMissing(department);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
  });

  it('a department slower than its timeout is cut off at the timeout', async () => {
    stack.mocks.health.configure({ latencyMs: 3000 });
    const { body, elapsed } = await expectOnlyMissing('health');
    expect(body.errors[0].message).toContain(`no answer within ${TIMEOUT_MS} ms`);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
  });

  it('housing’s failure style (HTTP 200, non-zero code) is a failure', async () => {
    stack.mocks.housing.configure({ failureRate: 1 });
    const { body } = await expectOnlyMissing('housing');
    expect(body.errors[0].message).toContain('answered code 9999');
  });

  it('health’s failure style (FHIR OperationOutcome) is a failure', async () => {
    stack.mocks.health.configure({ failureRate: 1 });
    await expectOnlyMissing('health');
  });

  it('civil affairs answering garbage is a failure', async () => {
    stack.mocks.civilAffairs.configure({ mode: 'garbage' });
    const { body } = await expectOnlyMissing('civilAffairs');
    expect(body.errors[0].message).toContain('not JSON');
  });

  it('reports a failed department once even when only serviceStatus is asked for', async () => {
    stack.mocks.housing.configure({ mode: 'down' });
    const { body } = await stack.graphql(`query($id: IdCardNumber!) { resident(idNumber: $id) { serviceStatus { department } } }`, { id: demo.idNumber });
    expect(body.data.resident.serviceStatus.length).toBeGreaterThan(0);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'HOUSING' });
  });

  it('waits for a department the query does not read, so its failure is reported and audited every time', async () => {
    // Civil affairs knows the resident at once; health answers only after its timeout.
    stack.mocks.health.configure({ latencyMs: 3000 });
    const { body, headers } = await stack.graphql(`query($id: IdCardNumber!) { resident(idNumber: $id) { name civilAffairs { districtName } } }`, { id: demo.idNumber });
    expect(body.data.resident.name).toBe(demo.name);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'HEALTH' });
    // The resident's access was reserved before the departments answered: the record follows the answer.
    await stack.gateway.auditWriter.flush();
    const { rows } = await stack.gateway.db.query<{ outcome: string }>('SELECT outcome FROM audit_log WHERE request_id = $1', [headers.get('x-request-id')]);
    expect(rows.map((r) => r.outcome)).toEqual(['partial']);
  });

  it('does not show internal details in the answer', async () => {
    stack.mocks.civilAffairs.configure({ mode: 'down' });
    const { body } = await stack.graphql(QUERY, { id: demo.idNumber });
    const text = JSON.stringify(body.errors);
    expect(text).not.toMatch(/ECONNRESET|127\.0\.0\.1|stack|at .*\.ts/);
  });
});

describe('fan-out', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env, mocks: { latencyMs: 100 } })));
  afterAll(() => stack.close());

  it('asks the three departments at once, not one after another', async () => {
    const demo = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
    await stack.graphql(QUERY, { id: demo.idNumber }); // opens the keep-alive connections
    const started = performance.now();
    const { body } = await stack.graphql(QUERY, { id: demo.idNumber });
    const elapsed = performance.now() - started;
    expect(body.errors).toBeUndefined();
    // Three sequential 100 ms calls would take 300 ms or more.
    expect(elapsed).toBeLessThan(250);
  });
});
