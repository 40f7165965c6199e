import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { DATABASES, FAST_DISPATCH, RATE, clerk, completeCase, submitCase, testClock } from '../support/cases.js';

// 好差评 counted per period (Beijing dates), district, department and matter, against a target of
// 80% set for this suite. Fengtai (110106) gets most ratings; Shijingshan (110107) one.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const STATS = `query ($p: DatePeriod!, $district: String, $department: Department, $matter: ID) {
  satisfactionStats(period: $p, district: $district, department: $department, matter: $matter) {
    total good poor goodShare target targetMet byScore { score count } } }`;
const APRIL = { from: '2026-04-01', to: '2026-04-30' };

const RATINGS = [
  { matter: 'NEWBORN', district: '110106', score: 5, ratedAt: '2026-04-01T00:10:00+08:00' }, // 31 March in UTC, 1 April in Beijing
  { matter: 'NEWBORN', district: '110106', score: 5, ratedAt: '2026-04-10T10:00:00+08:00' },
  { matter: 'NEWBORN', district: '110106', score: 4, ratedAt: '2026-04-30T23:30:00+08:00' },
  { matter: 'ELDERLY_CARE', district: '110106', score: 2, ratedAt: '2026-04-15T10:00:00+08:00' },
  { matter: 'PUBLIC_RENTAL_LOW_INCOME', district: '110106', score: 4, ratedAt: '2026-04-20T10:00:00+08:00' },
  { matter: 'NEWBORN', district: '110106', score: 1, ratedAt: '2026-03-31T23:50:00+08:00' },
  { matter: 'NEWBORN', district: '110106', score: 5, ratedAt: '2026-05-01T00:10:00+08:00' },
  { matter: 'NEWBORN', district: '110107', score: 3, ratedAt: '2026-04-10T10:00:00+08:00' },
];

for (const database of DATABASES) {
  database.describe(`satisfaction stats on ${database.name}`, () => {
    const clock = testClock('2026-03-20T09:00:00+08:00');
    let stack: Stack;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const given = await database.fresh();
      drop = given.drop;
      stack = await startStack({ env: { ...FAST_DISPATCH, SATISFACTION_TARGET: '0.8', ...given.env }, clock: clock.now });
      for (const r of RATINGS) {
        clock.set('2026-03-20T09:00:00+08:00');
        const c = await submitCase(stack, r.matter, r.district, everywhere.idNumber);
        await completeCase(stack, c.acceptanceNumber, '2026-03-27T09:00:00+08:00');
        clock.set(r.ratedAt);
        const rated = await stack.graphql(RATE, { input: { acceptanceNumber: c.acceptanceNumber, score: r.score } });
        if (rated.body.errors) throw new Error(JSON.stringify(rated.body.errors));
      }
    });
    afterAll(async () => {
      await stack.close();
      await drop();
    });

    const stats = async (filter: Record<string, unknown>, headers?: Record<string, string>) => {
      const { body } = await stack.graphql(STATS, { p: APRIL, ...filter }, headers);
      if (body.errors) return body.errors[0];
      return body.data.satisfactionStats;
    };

    it('counts the ratings given within the period by their Beijing date, and the share of good ones', async () => {
      expect(await stats({ district: '110106' })).toEqual({
        total: 5,
        good: 4,
        poor: 1,
        goodShare: 0.8,
        target: 0.8,
        targetMet: true,
        byScore: [{ score: 5, count: 2 }, { score: 4, count: 2 }, { score: 3, count: 0 }, { score: 2, count: 1 }, { score: 1, count: 0 }],
      });
      expect(await stats({ district: '110106', p: { from: '2026-03-01', to: '2026-03-31' } })).toMatchObject({ total: 1, good: 0, poor: 1, goodShare: 0 });
      expect(await stats({ district: '110106', p: { from: '2026-05-01', to: '2026-05-01' } })).toMatchObject({ total: 1, good: 1, goodShare: 1 });
    });

    it('narrows to one department, one matter, or none of the districts', async () => {
      // Every matter but the rental one has a health part; only the rental one a housing part.
      expect(await stats({ district: '110106', department: 'HEALTH' })).toMatchObject({ total: 4, good: 3, poor: 1 });
      expect(await stats({ district: '110106', department: 'HOUSING' })).toMatchObject({ total: 1, good: 1, poor: 0 });
      expect(await stats({ district: '110106', matter: 'NEWBORN' })).toMatchObject({ total: 3, good: 3, poor: 0 });
      expect(await stats({ matter: 'NEWBORN' })).toMatchObject({ total: 4, good: 3, byScore: expect.arrayContaining([{ score: 3, count: 1 }]) });
    });

    it('meets the target at exactly the target share and not below it; with no ratings there is no share to meet it', async () => {
      expect(await stats({ district: '110106' })).toMatchObject({ goodShare: 0.8, target: 0.8, targetMet: true });
      expect(await stats({ district: '110106', department: 'HEALTH' })).toMatchObject({ goodShare: 0.75, targetMet: false });
      expect(await stats({ district: '110106', p: { from: '2026-06-01', to: '2026-06-30' } })).toMatchObject({ total: 0, goodShare: null, targetMet: false });
    });

    it('refuses to change or remove a rating or a step of a case history through SQL', async () => {
      const { db } = stack.gateway;
      await expect(db.query('UPDATE case_ratings SET score = 5')).rejects.toThrow(/case_ratings is append-only/);
      await expect(db.query('DELETE FROM case_ratings')).rejects.toThrow(/case_ratings is append-only/);
      await expect(db.query('TRUNCATE case_ratings')).rejects.toThrow(/case_ratings is append-only/);
      await expect(db.query("UPDATE case_events SET note = 'x'")).rejects.toThrow(/case_events is append-only/);
      await expect(db.query('DELETE FROM case_events')).rejects.toThrow(/case_events is append-only/);
      await expect(db.query('TRUNCATE case_events')).rejects.toThrow(/case_events is append-only/);
      expect(await stats({ district: '110106' })).toMatchObject({ total: 5, good: 4 });
    });

    it("counts only the ratings within a district clerk's jurisdiction, and refuses another district", async () => {
      const shijingshan = await clerk(['110107']);
      expect(await stats({}, shijingshan)).toMatchObject({ total: 1, byScore: expect.arrayContaining([{ score: 3, count: 1 }]) });
      expect(await stats({ district: '110106' }, shijingshan)).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: 'District 110106 is outside your jurisdiction' });
    });
  });
}
