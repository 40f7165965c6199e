import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { DATABASES, FAST_DISPATCH, postHook, submitCase, testClock, until } from '../support/cases.js';

// Departments retry, so reports arrive out of order: the part follows the department's own times
// (`at`), and an `at` no honest clock gives is refused rather than written into completion times.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const PART = `query ($n: ID!) { case(acceptanceNumber: $n) { state completedAt parts { department state note completedAt } history { kind department state note at } } }`;

for (const database of DATABASES) {
  database.describe(`the order and times of progress reports on ${database.name}`, () => {
    // Submitted at 09:00 Beijing time on 2 March 2026; the departments report after that.
    const clock = testClock('2026-03-02T09:00:00+08:00');
    let stack: Stack;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const given = await database.fresh();
      drop = given.drop;
      stack = await startStack({ env: { ...FAST_DISPATCH, ...given.env }, clock: clock.now });
    });
    afterAll(async () => {
      await stack.close();
      await drop();
    });

    const dispatchedCase = async () => {
      const { acceptanceNumber: n } = await submitCase(stack, 'NEWBORN', '110101', everywhere.idNumber);
      await until(async () => (await caseOf(n)).state === 'IN_PROGRESS', `${n} dispatched`);
      return n as string;
    };
    const caseOf = async (n: string) => (await stack.graphql(PART, { n })).body.data.case;
    const civilAffairs = async (n: string) => (await caseOf(n)).parts.find((p: { department: string }) => p.department === 'CIVIL_AFFAIRS');
    const progress = async (n: string) => (await caseOf(n)).history.filter((e: { kind: string }) => e.kind === 'PROGRESS');

    it('keeps a part IN_REVIEW when the earlier NEEDS_MATERIALS report arrives after it, and keeps the late one in the history', async () => {
      const n = await dispatchedCase();
      const report = (state: string, at: string) => postHook(stack.url, 'civilAffairs', { deliveryId: `${n}:${state}`, acceptanceNumber: n, state, note: state, at });
      expect((await report('IN_REVIEW', '2026-03-02T10:02:00+08:00')).body.status).toBe('recorded');
      expect((await report('NEEDS_MATERIALS', '2026-03-02T10:00:00+08:00')).body.status).toBe('recorded');

      expect(await civilAffairs(n)).toMatchObject({ state: 'IN_REVIEW', note: 'IN_REVIEW' });
      expect(await progress(n)).toEqual([
        { kind: 'PROGRESS', department: 'CIVIL_AFFAIRS', state: 'IN_REVIEW', note: 'IN_REVIEW', at: '2026-03-02T02:02:00.000Z' },
        { kind: 'PROGRESS', department: 'CIVIL_AFFAIRS', state: 'NEEDS_MATERIALS', note: expect.stringContaining('arrived after a later report: the part stays IN_REVIEW'), at: '2026-03-02T02:00:00.000Z' },
      ]);
    });

    it('closes a part on a closing report even when it is older than the last one applied', async () => {
      const n = await dispatchedCase();
      await postHook(stack.url, 'civilAffairs', { deliveryId: `${n}:review`, acceptanceNumber: n, state: 'IN_REVIEW', at: '2026-03-02T11:00:00+08:00' });
      await postHook(stack.url, 'civilAffairs', { deliveryId: `${n}:approved`, acceptanceNumber: n, state: 'APPROVED', at: '2026-03-02T10:30:00+08:00' });
      expect(await civilAffairs(n)).toMatchObject({ state: 'APPROVED', completedAt: '2026-03-02T02:30:00.000Z' });
    });

    it('refuses a report dated more than 5 minutes ahead of now, without taking its delivery id', async () => {
      const n = await dispatchedCase();
      const report = { deliveryId: `${n}:future`, acceptanceNumber: n, state: 'APPROVED', at: new Date(Date.now() + 10 * 60_000).toISOString() };
      const refused = await postHook(stack.url, 'civilAffairs', report);
      expect(refused).toEqual({ status: 400, body: { error: 'invalid progress report', issues: [expect.stringMatching(/^at: .* is more than 5 minutes ahead of the gateway's clock/)] } });
      expect(await civilAffairs(n)).toMatchObject({ state: 'SUBMITTED', completedAt: null });
      expect(await progress(n)).toEqual([]);
      // The department fixes its clock and sends the same delivery again: taken, not a "duplicate".
      expect((await postHook(stack.url, 'civilAffairs', { ...report, at: new Date().toISOString() })).body.status).toBe('recorded');
    });

    it('refuses a report dated before the case was submitted', async () => {
      const n = await dispatchedCase();
      const refused = await postHook(stack.url, 'civilAffairs', { deliveryId: `${n}:early`, acceptanceNumber: n, state: 'APPROVED', at: '2026-03-02T08:59:00+08:00' });
      expect(refused).toEqual({
        status: 400,
        body: { error: 'invalid progress report', issues: [`at: 2026-03-02T08:59:00+08:00 is before case ${n} was submitted (2026-03-02T01:00:00.000Z); check the department's clock`] },
      });
      expect(await civilAffairs(n)).toMatchObject({ state: 'SUBMITTED', completedAt: null });
      expect(await progress(n)).toEqual([]);
    });
  });
}
