import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { CASE, ELDERLY_MATERIALS, FAST_DISPATCH, RATE, RENTAL_MATERIALS, SUBMIT, clerk, deskApplications, postHook, resident, supervisor, until } from '../support/cases.js';

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
// Cases are accepted on Friday 13 February 2026, the day before the Spring Festival holiday
// (15–23 February), with Saturdays 14 and 28 February worked (调休): real dates, not today's.
const TODAY = '2026-02-13';
const clock = () => new Date(`${TODAY}T10:00:00+08:00`);

function caseBehaviour(env: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>, options: { restartable: boolean }) {
  let stack: Stack;
  let drop: () => Promise<void>;
  let headers: Record<string, string>;
  beforeAll(async () => {
    const given = await env();
    drop = given.drop;
    stack = await startStack({ env: { ...FAST_DISPATCH, ...given.env }, clock });
    headers = await clerk();
  });
  afterAll(async () => {
    await stack.close();
    await drop();
  });

  const submit = async (input: Record<string, unknown>, extra: Record<string, string> = {}) =>
    stack.graphql(SUBMIT, { input: { idNumber: everywhere.idNumber, ...input } }, { ...headers, ...extra });
  const caseOf = async (n: string) => (await stack.graphql(CASE, { n }, headers)).body.data.case;
  const dbCount = async (sql: string, params: unknown[]) => Number((await stack.gateway.db.query<{ n: string }>(sql, params)).rows[0]!.n);

  it('answers the acceptance number before any department is called, then dispatches once per department', async () => {
    const { body } = await submit({ matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS });
    expect(body.errors).toBeUndefined();
    const accepted = body.data.submitCase.case;
    expect(accepted.acceptanceNumber).toMatch(/^YC-20260213-\d{6}-\d{6}$/);
    expect(accepted.state).toBe('ACCEPTED');
    // Working days after the 13th: Sat 14, Tue 24 … Fri 27, Sat 28, Mon 2 … Thu 5 March.
    expect(accepted.dueDate).toBe('2026-03-05');
    expect(accepted.parts.map((p: { department: string; dueDate: string }) => [p.department, p.dueDate])).toEqual([
      ['CIVIL_AFFAIRS', '2026-03-05'],
      ['HEALTH', '2026-02-27'],
    ]);
    expect(accepted.parts.map((p: { state: string }) => p.state)).toEqual(['AWAITING_DISPATCH', 'AWAITING_DISPATCH']);

    const dispatched = await until(async () => {
      const c = await caseOf(accepted.acceptanceNumber);
      return c.state === 'IN_PROGRESS' && c;
    }, 'both parts dispatched');
    expect(dispatched.parts.map((p: { department: string; state: string }) => [p.department, p.state])).toEqual([
      ['CIVIL_AFFAIRS', 'SUBMITTED'],
      ['HEALTH', 'SUBMITTED'],
    ]);
    expect(dispatched.parts.every((p: { reference: string | null }) => p.reference)).toBe(true);
    expect(await dbCount('SELECT count(*)::text AS n FROM cases WHERE acceptance_number = $1', [accepted.acceptanceNumber])).toBe(1);
    expect(stack.mocks.civilAffairs.stats().byRoute['POST /api/v1/one-window/applications']).toBe(1);
    expect(stack.mocks.health.stats().byRoute['POST /fhir/Task']).toBe(1);
    expect(stack.mocks.housing.stats().byRoute['POST /zjw/api/yct/sq.do']).toBeUndefined();
  });

  it('answers the same case for a repeated Idempotency-Key, and refuses the key for a different submission', async () => {
    const input = { matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS };
    const first = await submit(input, { 'idempotency-key': 'window-3-0001' });
    const again = await submit(input, { 'idempotency-key': 'window-3-0001' });
    expect(again.body.data.submitCase.replayed).toBe(true);
    expect(again.body.data.submitCase.case.acceptanceNumber).toBe(first.body.data.submitCase.case.acceptanceNumber);
    expect(await dbCount('SELECT count(*)::text AS n FROM cases WHERE idempotency_key = $1', ['window-3-0001'])).toBe(1);
    expect(await dbCount('SELECT count(*)::text AS n FROM case_outbox o JOIN cases c ON c.id = o.case_id WHERE c.idempotency_key = $1', ['window-3-0001'])).toBe(2);

    const inInput = await submit({ ...input, idempotencyKey: 'window-3-0001' });
    expect(inInput.body.data.submitCase.case.acceptanceNumber).toBe(first.body.data.submitCase.case.acceptanceNumber);
    const other = await submit({ ...input, note: 'another application' }, { 'idempotency-key': 'window-3-0001' });
    expect(other.body.errors[0].extensions.code).toBe('CONFLICT');
  });

  it('refuses missing materials, an unknown matter and an app, each with its own code', async () => {
    const missing = await submit({ matter: 'PUBLIC_RENTAL_LOW_INCOME', materials: ['ID_CARD'] });
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', missing: ['HOUSEHOLD_REGISTER', 'INCOME_STATEMENT', 'HOUSING_STATEMENT'] });
    const unknown = await submit({ matter: 'PASSPORT', materials: [] });
    expect(unknown.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const byResident = await stack.graphql(SUBMIT, { input: { idNumber: everywhere.idNumber, matter: 'NEWBORN', materials: [] } }, await resident(everywhere.idNumber));
    expect(byResident.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('delays the part of a department that is down and delivers it once it is back' + (options.restartable ? ', across a gateway restart' : ''), async () => {
    stack.mocks.housing.configure({ mode: 'down' });
    const { body } = await submit({ matter: 'PUBLIC_RENTAL_LOW_INCOME', materials: RENTAL_MATERIALS });
    const n = body.data.submitCase.case.acceptanceNumber;
    await until(async () => (await dbCount(`SELECT count(*)::text AS n FROM case_outbox o JOIN cases c ON c.id = o.case_id WHERE c.acceptance_number = $1 AND o.department = 'housing' AND o.attempts >= 2`, [n])) > 0, 'housing retried');
    const waiting = await caseOf(n);
    expect(waiting.parts.find((p: { department: string }) => p.department === 'HOUSING').state).toBe('AWAITING_DISPATCH');
    expect(waiting.history.map((e: { kind: string; department: string }) => `${e.kind}:${e.department}`)).toContain('DISPATCH_FAILED:HOUSING');

    if (options.restartable) await stack.restart();
    stack.mocks.housing.configure({ mode: 'normal' });
    const done = await until(async () => {
      const c = await caseOf(n);
      return c.state === 'IN_PROGRESS' && c;
    }, 'housing dispatched after recovery');
    expect(done.parts.find((p: { department: string }) => p.department === 'HOUSING')).toMatchObject({ state: 'SUBMITTED', reference: expect.stringMatching(/^ZJ/) });
    expect(done.history.filter((e: { kind: string }) => e.kind === 'DISPATCHED')).toHaveLength(2);
    expect(await dbCount(`SELECT count(*)::text AS n FROM case_outbox o JOIN cases c ON c.id = o.case_id WHERE c.acceptance_number = $1 AND delivered_at IS NULL`, [n])).toBe(0);
    expect((await deskApplications(stack.mocks.housing.url))[n]).toMatchObject({ received: 1 });
  });

  it('records a hook delivered twice once, refuses a replayed or unsigned one, and completes the case when every part has', async () => {
    const { body } = await submit({ matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS });
    const n = body.data.submitCase.case.acceptanceNumber;
    await until(async () => (await caseOf(n)).state === 'IN_PROGRESS', 'dispatched');

    const report = { deliveryId: 'mz-777', acceptanceNumber: n, state: 'IN_REVIEW', note: '材料审核中' };
    const now = Math.floor(Date.now() / 1000);
    expect((await postHook(stack.url, 'civilAffairs', report, undefined, now)).body.status).toBe('recorded');
    // The department's retry, signed afresh: answered, not recorded again.
    expect((await postHook(stack.url, 'civilAffairs', report, undefined, now - 1)).body.status).toBe('duplicate');
    // The very same signed request again is a replay.
    expect((await postHook(stack.url, 'civilAffairs', report, undefined, now)).status).toBe(409);
    expect((await postHook(stack.url, 'civilAffairs', report, { 'x-ow-timestamp': String(now), 'x-ow-signature': 'sha256=00' })).status).toBe(401);
    const inReview = await caseOf(n);
    expect(inReview.history.filter((e: { kind: string }) => e.kind === 'PROGRESS')).toHaveLength(1);

    // Rating an open case is refused.
    const early = await stack.graphql(RATE, { input: { acceptanceNumber: n, score: 5 } }, await resident(everywhere.idNumber));
    expect(early.body.errors[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: `Case ${n} is IN_PROGRESS: it can be rated once every department has completed its part` });

    // The departments act in their own systems; their desks report through the signed hook.
    await fetch(`${stack.mocks.civilAffairs.url}/api/v1/one-window/applications:progress`, { method: 'POST', body: JSON.stringify({ acceptanceNumber: n, state: 'APPROVED' }) });
    await fetch(`${stack.mocks.health.url}/fhir/Task/$progress`, { method: 'POST', body: JSON.stringify({ acceptanceNumber: n, state: 'APPROVED' }) });
    const completed = await until(async () => {
      const c = await caseOf(n);
      return c.state === 'COMPLETED' && c;
    }, 'case completed');
    expect(completed.result).toBe('APPROVED');
    expect(completed.history.at(-1)).toMatchObject({ kind: 'COMPLETED', state: 'APPROVED' });
  });

  it('takes one rating per completed case, counts it, and opens a follow-up for a low one', async () => {
    const { body } = await submit({ matter: 'NEWBORN', materials: ['ID_CARD', 'MARRIAGE_CERTIFICATE', 'BIRTH_RECORD', 'HOUSEHOLD_REGISTER'] });
    const n = body.data.submitCase.case.acceptanceNumber;
    await until(async () => (await caseOf(n)).state === 'IN_PROGRESS', 'dispatched');
    await postHook(stack.url, 'health', { deliveryId: 'wj-1', acceptanceNumber: n, state: 'APPROVED' });
    await postHook(stack.url, 'civilAffairs', { deliveryId: 'mz-1', acceptanceNumber: n, state: 'REJECTED', note: '户籍不在本区' });
    expect((await caseOf(n)).result).toBe('PARTIALLY_APPROVED');

    const rated = await stack.graphql(RATE, { input: { acceptanceNumber: n, score: 2, tags: ['跑了两次'], comment: '民政部分被退回' } }, headers);
    expect(rated.body.data.rateCase.rating).toEqual({ score: 2, onBehalf: true });
    const twice = await stack.graphql(RATE, { input: { acceptanceNumber: n, score: 5 } }, await resident(everywhere.idNumber));
    expect(twice.body.errors[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringMatching(/already rated/) });

    const stats = await stack.graphql(
      `query ($p: DatePeriod!) { satisfactionStats(period: $p, matter: "NEWBORN") { total good poor goodShare target targetMet byScore { score count } } }`,
      { p: { from: TODAY, to: TODAY } },
      headers,
    );
    expect(stats.body.data.satisfactionStats).toMatchObject({ total: 1, good: 0, poor: 1, goodShare: 0, target: 0.95, targetMet: false });

    const view = await stack.graphql(`{ supervision { followUps { reason case { acceptanceNumber } } medianTimeToCompletion { matter { code } completed medianHours } } }`, {}, await supervisor());
    expect(view.body.data.supervision.followUps).toContainEqual({ reason: expect.stringContaining('rated 2'), case: { acceptanceNumber: n } });
    expect(view.body.data.supervision.medianTimeToCompletion).toContainEqual(expect.objectContaining({ matter: { code: 'NEWBORN' }, completed: 1 }));
  });

  it('lists cases as a Relay connection within the jurisdiction, and shows them in the resident\'s service status', async () => {
    const page = await stack.graphql(`{ cases(first: 2, filter: { idNumber: "${everywhere.idNumber}" }) { totalCount pageInfo { hasNextPage endCursor } edges { node { acceptanceNumber } } } }`, {}, headers);
    const { totalCount, pageInfo, edges } = page.body.data.cases;
    expect(edges).toHaveLength(2);
    expect(pageInfo.hasNextPage).toBe(true);
    const next = await stack.graphql(`query ($after: String) { cases(first: 100, after: $after, filter: { idNumber: "${everywhere.idNumber}" }) { edges { node { acceptanceNumber } } } }`, { after: pageInfo.endCursor }, headers);
    expect(next.body.data.cases.edges).toHaveLength(totalCount - 2);

    const elsewhere = await stack.graphql(`{ cases { totalCount } }`, {}, await clerk(['110000']));
    expect(elsewhere.body.data.cases.totalCount).toBe(0);
    const overdue = await stack.graphql(`{ cases(filter: { overdue: true }) { totalCount } }`, {}, headers);
    expect(overdue.body.data.cases.totalCount).toBe(0);

    const status = await stack.graphql(`query ($id: IdCardNumber!) { resident(idNumber: $id) { serviceStatus { reference department } } }`, { id: everywhere.idNumber }, { ...headers, 'x-purpose': 'one-window-case' });
    expect(status.body.errors).toBeUndefined();
    const references = status.body.data.resident.serviceStatus.map((s: { reference: string }) => s.reference);
    expect(references).toContain(edges[0].node.acceptanceNumber);
  });
}

describe('one-window cases on embedded PGlite', () => {
  caseBehaviour(async () => ({ env: {}, drop: async () => undefined }), { restartable: false });
});

describeWithPostgres('one-window cases on PostgreSQL', () => {
  caseBehaviour(async () => {
    const fresh = await freshPostgresDatabase();
    return { env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
  }, { restartable: true });
});
