import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { CASE, DATABASES, FAST_DISPATCH, completeCase, submitCase, testClock, until } from '../support/cases.js';

// A whole case (its parts, history and rating) is one statement's row, however it is found: by
// acceptance number, in a search, or among its resident's matters. Each way answers the same case,
// every field as the database holds it, on both databases.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const WHOLE = `acceptanceNumber matter { code } idNumber residentName district state result submittedAt submittedBy timeLimitDays dueDate completedAt
  parts { department services materials { code } state reference timeLimitDays dueDate note dispatchedAt completedAt }
  history { at kind department state note } rating { score tags comment ratedAt onBehalf }`;
const BY_NUMBER = `query ($n: ID!) { case(acceptanceNumber: $n) { ${WHOLE} } }`;
const SEARCH = `query ($id: IdCardNumber!) { cases(filter: { idNumber: $id }) { edges { node { ${WHOLE} } } } }`;
const MATTERS = `query ($id: IdCardNumber!) { resident(idNumber: $id) { serviceStatus { department reference } } }`;
const RATE = `mutation ($input: RateCaseInput!) { rateCase(input: $input) { acceptanceNumber } }`;

for (const database of DATABASES) {
  database.describe(`a whole case read on ${database.name}`, () => {
    const clock = testClock('2026-03-02T09:00:00+08:00');
    let stack: Stack;
    let drop: () => Promise<void>;
    let completed: string;
    let open: string;
    beforeAll(async () => {
      const given = await database.fresh();
      drop = given.drop;
      stack = await startStack({ env: { ...FAST_DISPATCH, ...given.env }, clock: clock.now });
      completed = (await submitCase(stack, 'NEWBORN', '110105', everywhere.idNumber)).acceptanceNumber;
      await completeCase(stack, completed, '2026-03-05T10:00:00+08:00');
      clock.set('2026-03-06T11:30:00+08:00');
      const rated = await stack.graphql(RATE, { input: { acceptanceNumber: completed, score: 4, tags: ['快', '热情'], comment: '一次办好' } });
      if (rated.body.errors) throw new Error(JSON.stringify(rated.body.errors));
      clock.set('2026-03-09T09:00:00+08:00');
      open = (await submitCase(stack, 'ELDERLY_CARE', '110105', everywhere.idNumber)).acceptanceNumber;
      // Dispatched, so nothing changes it while the ways of reading it are compared.
      await until(async () => (await stack.graphql(CASE, { n: open })).body.data.case.state === 'IN_PROGRESS', `${open} dispatched`);
    });
    afterAll(async () => {
      await stack?.close();
      await drop?.();
    });

    const byNumber = async (n: string) => {
      const { body } = await stack.graphql(BY_NUMBER, { n });
      expect(body.errors).toBeUndefined();
      return body.data.case;
    };

    it('answers every field of a completed, rated case as it was written', async () => {
      const c = await byNumber(completed);
      expect(c).toMatchObject({
        acceptanceNumber: completed,
        matter: { code: 'NEWBORN' },
        idNumber: `${everywhere.idNumber.slice(0, 6)}********${everywhere.idNumber.slice(-4)}`, // masked for this clerk
        district: '110105',
        state: 'COMPLETED',
        submittedAt: '2026-03-02T01:00:00.000Z',
        dueDate: expect.stringMatching(/^2026-03-\d\d$/),
        completedAt: expect.any(String),
        rating: { score: 4, tags: ['快', '热情'], comment: '一次办好', ratedAt: '2026-03-06T03:30:00.000Z', onBehalf: true },
      });
      const departments = c.parts.map((p: { department: string }) => p.department);
      expect(departments.length).toBeGreaterThan(1);
      expect(departments).toEqual([...departments].sort());
      for (const part of c.parts) {
        expect(part).toMatchObject({ state: 'APPROVED', completedAt: '2026-03-05T02:00:00.000Z', dueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
        expect(part.services.length).toBeGreaterThan(0);
        expect(part.materials.length).toBeGreaterThan(0);
        expect(Date.parse(part.dispatchedAt)).not.toBeNaN();
      }
      // In the order it happened: accepted, sent to each department, their reports, done, rated.
      const kinds = c.history.map((e: { kind: string }) => e.kind);
      expect(kinds[0]).toBe('ACCEPTED');
      expect(kinds.slice(-2)).toEqual(['COMPLETED', 'RATED']);
      expect(kinds.filter((k: string) => k === 'DISPATCHED')).toHaveLength(departments.length);
      expect(kinds.filter((k: string) => k === 'PROGRESS')).toHaveLength(departments.length);
    });

    it('answers a case not yet completed nor rated with nulls, not empty objects', async () => {
      const c = await byNumber(open);
      expect(c).toMatchObject({ acceptanceNumber: open, state: 'IN_PROGRESS', matter: { code: 'ELDERLY_CARE' }, submittedAt: '2026-03-09T01:00:00.000Z', completedAt: null, result: null, rating: null });
      expect(c.history[0]).toMatchObject({ kind: 'ACCEPTED', at: '2026-03-09T01:00:00.000Z' });
    });

    it('answers the same whole cases in a search as by acceptance number, newest first', async () => {
      const { body } = await stack.graphql(SEARCH, { id: everywhere.idNumber });
      expect(body.errors).toBeUndefined();
      const found = body.data.cases.edges.map((e: { node: unknown }) => e.node);
      expect(found).toEqual([await byNumber(open), await byNumber(completed)]);
    });

    it("lists both among the resident's matters", async () => {
      const { body } = await stack.graphql(MATTERS, { id: everywhere.idNumber });
      expect(body.errors).toBeUndefined();
      const references = body.data.resident.serviceStatus.map((s: { reference: string }) => s.reference);
      expect(references).toEqual(expect.arrayContaining([open, completed]));
    });
  });
}
