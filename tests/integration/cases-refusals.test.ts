import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { CASE, FAST_DISPATCH, postHook, submitCase, supervisor, until } from '../support/cases.js';

// A department refusing an application is its answer, not an outage: the part ends refused after
// one attempt, and the breaker that residents' reads of that department share stays closed.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const clock = () => new Date('2026-03-02T10:00:00+08:00');

describeWithPostgres('a department refusing a one-window application', () => {
  let stack: Stack;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    // Two failures would open a breaker: three refusals must not.
    const breakers = { UPSTREAM_CIVIL_AFFAIRS_BREAKER_FAILURES: '2', UPSTREAM_HOUSING_BREAKER_FAILURES: '2' };
    stack = await startStack({ env: { ...FAST_DISPATCH, ...breakers, DATABASE_URL: database.url }, clock });
    for (const mock of [stack.mocks.civilAffairs, stack.mocks.housing]) {
      await fetch(`${mock.url}/__desk/refusals`, { method: 'POST', body: JSON.stringify({ idNumber: everywhere.idNumber, reason: '不符合申请条件' }) });
    }
  });
  afterAll(async () => {
    await stack?.close();
    await drop?.();
  });

  const caseOf = async (n: string) => (await stack.graphql(CASE, { n })).body.data.case;
  const partOf = (c: { parts: { department: string; state: string }[] }, department: string) => c.parts.find((p) => p.department === department)!;
  const breakers = async () => {
    const { body } = await stack.graphql('{ departments { department breaker } }');
    return Object.fromEntries(body.data.departments.map((d: { department: string; breaker: string }) => [d.department, d.breaker]));
  };
  const attempts = async (n: string, department: string) =>
    (await stack.gateway.db.query<{ attempts: number }>('SELECT o.attempts FROM case_outbox o JOIN cases c ON c.id = o.case_id WHERE c.acceptance_number = $1 AND o.department = $2', [n, department])).rows[0]!.attempts;

  it('ends housing\'s part refused (its own code) after one attempt per case, with the breaker closed', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) numbers.push((await submitCase(stack, 'PUBLIC_RENTAL_LOW_INCOME', '110105', everywhere.idNumber)).acceptanceNumber);
    for (const n of numbers) await until(async () => partOf(await caseOf(n), 'HOUSING').state === 'DISPATCH_REFUSED', `${n} refused by housing`);
    // A few more polls: nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const n of numbers) expect(await attempts(n, 'housing')).toBe(1);
    expect(stack.mocks.housing.stats().byRoute['POST /zjw/api/yct/sq.do']).toBe(3);
    expect((await breakers()).HOUSING).toBe('CLOSED');

    const refused = await caseOf(numbers[0]!);
    expect(refused.history).toContainEqual({ kind: 'DISPATCH_REFUSED', department: 'HOUSING', state: null });
    const { body } = await stack.graphql(`query ($n: ID!) { case(acceptanceNumber: $n) { parts { department state note } } }`, { n: numbers[0] });
    expect(body.data.case.parts).toContainEqual({ department: 'HOUSING', state: 'DISPATCH_REFUSED', note: expect.stringContaining('不符合申请条件') });
    const view = await stack.graphql('{ supervision(district: "110105") { refused { department count acceptanceNumbers } overdue { department } } }', {}, await supervisor());
    // Civil affairs refuses this resident too (the next test's HTTP 422). In the order the refusals
    // came, which the dispatcher's concurrent sends do not fix.
    const inAnyOrder = { count: 3, acceptanceNumbers: expect.arrayContaining(numbers) };
    expect(view.body.data.supervision.refused).toEqual([
      { department: 'CIVIL_AFFAIRS', ...inAnyOrder },
      { department: 'HOUSING', ...inAnyOrder },
    ]);
  });

  it('takes an HTTP 422 as a refusal too, and completes the case once the other department has finished', async () => {
    const { acceptanceNumber: n } = await submitCase(stack, 'ELDERLY_CARE', '110105', everywhere.idNumber);
    const moving = await until(async () => {
      const c = await caseOf(n);
      return c.state === 'IN_PROGRESS' && c;
    }, `${n} past dispatch`);
    expect(partOf(moving, 'CIVIL_AFFAIRS').state).toBe('DISPATCH_REFUSED');
    expect(partOf(moving, 'HEALTH').state).toBe('SUBMITTED');
    expect(await attempts(n, 'civilAffairs')).toBe(1);
    expect((await breakers()).CIVIL_AFFAIRS).toBe('CLOSED');

    // Residents' reads of civil affairs still reach it.
    const read = await stack.graphql(`query ($id: IdCardNumber!) { resident(idNumber: $id) { civilAffairs { stale } } }`, { id: everywhere.idNumber });
    expect(read.body.errors).toBeUndefined();

    await postHook(stack.url, 'health', { deliveryId: `${n}:health`, acceptanceNumber: n, state: 'APPROVED' });
    const done = await caseOf(n);
    expect(done).toMatchObject({ state: 'COMPLETED', result: 'PARTIALLY_APPROVED' });
    // The refused part is closed: a late report on it is refused.
    expect((await postHook(stack.url, 'civilAffairs', { deliveryId: `${n}:late`, acceptanceNumber: n, state: 'APPROVED' })).status).toBe(409);
  });
});
