import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { DATABASES, FAST_DISPATCH, RATE, completeCase, submitCase, supervisor, testClock } from '../support/cases.js';

// The supervisor's view on real calendar dates: Qingming 2026 is Sat 4 – Mon 6 April, so from
// Friday 3 April the next working days are Tue 7, Wed 8, Thu 9 April.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const SUPERVISION = `query ($d: String) { supervision(district: $d) {
  overdue { department district count acceptanceNumbers } soonDue { department district count acceptanceNumbers }
  medianTimeToCompletion { matter { code } completed medianHours medianWorkingDays }
  followUps { reason case { acceptanceNumber district } } } }`;

for (const database of DATABASES) {
  database.describe(`the supervisor's view on ${database.name}`, () => {
    const clock = testClock('2026-04-03T10:00:00+08:00');
    let stack: Stack;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const given = await database.fresh();
      drop = given.drop;
      stack = await startStack({ env: { ...FAST_DISPATCH, CASES_SOON_DUE_DAYS: '3', ...given.env }, clock: clock.now });
    });
    afterAll(async () => {
      await stack.close();
      await drop();
    });

    const view = async (district: string, headers?: Record<string, string>) => stack.graphql(SUPERVISION, { d: district }, headers ?? (await supervisor()));
    const dueDates = (c: { parts: { department: string; dueDate: string }[] }) => Object.fromEntries(c.parts.map((p) => [p.department, p.dueDate]));

    it('lists an open part past its due date as overdue, one due within 3 working days across Qingming as soon due, and a later one in neither', async () => {
      clock.set('2026-03-30T10:00:00+08:00'); // Monday
      const late = await submitCase(stack, 'NEWBORN', '110101', everywhere.idNumber);
      expect(dueDates(late)).toEqual({ CIVIL_AFFAIRS: '2026-04-02', HEALTH: '2026-04-07' });
      clock.set('2026-04-03T09:00:00+08:00'); // Friday, the last working day before Qingming
      const fresh = await submitCase(stack, 'NEWBORN', '110101', everywhere.idNumber);
      // Counted Monday to Friday, civil affairs would be due on the 8th and health on the 10th.
      expect(dueDates(fresh)).toEqual({ CIVIL_AFFAIRS: '2026-04-09', HEALTH: '2026-04-13' });

      clock.set('2026-04-03T16:00:00+08:00');
      const { body } = await view('110101');
      expect(body.errors).toBeUndefined();
      expect(body.data.supervision.overdue).toEqual([{ department: 'CIVIL_AFFAIRS', district: '110101', count: 1, acceptanceNumbers: [late.acceptanceNumber] }]);
      // The 9th is six calendar days away but the third working day; fresh's health part (the 13th) is not soon due.
      expect(body.data.supervision.soonDue).toEqual([
        { department: 'CIVIL_AFFAIRS', district: '110101', count: 1, acceptanceNumbers: [fresh.acceptanceNumber] },
        { department: 'HEALTH', district: '110101', count: 1, acceptanceNumbers: [late.acceptanceNumber] },
      ]);
    });

    it('gives the median time to completion per matter, in hours and in working days', async () => {
      clock.set('2026-04-03T09:00:00+08:00');
      const completions = ['2026-04-03T17:00:00+08:00', '2026-04-07T09:00:00+08:00', '2026-04-24T09:00:00+08:00'];
      for (const completedAt of completions) {
        const c = await submitCase(stack, 'NEWBORN', '110102', everywhere.idNumber);
        await completeCase(stack, c.acceptanceNumber, completedAt);
      }
      const elderly = await submitCase(stack, 'ELDERLY_CARE', '110102', everywhere.idNumber);
      await completeCase(stack, elderly.acceptanceNumber, '2026-04-03T11:00:00+08:00');
      await submitCase(stack, 'NEWBORN', '110102', everywhere.idNumber); // still open: not counted

      const { body } = await view('110102');
      const timings = Object.fromEntries(body.data.supervision.medianTimeToCompletion.map((t: { matter: { code: string } }) => [t.matter.code, t]));
      // 8 h (same day), 96 h (Qingming: 1 working day), 504 h (14 working days): the middle one, not the mean.
      expect(timings.NEWBORN).toEqual({ matter: { code: 'NEWBORN' }, completed: 3, medianHours: 96, medianWorkingDays: 1 });
      expect(timings.ELDERLY_CARE).toEqual({ matter: { code: 'ELDERLY_CARE' }, completed: 1, medianHours: 2, medianWorkingDays: 0 });
      expect(Object.keys(timings).sort()).toEqual(['ELDERLY_CARE', 'NEWBORN']);
    });

    it('takes the medians over recent completions only: the last 90 days unless asked for up to 366', async () => {
      clock.set('2026-04-03T09:00:00+08:00');
      const c = await submitCase(stack, 'NEWBORN', '110107', everywhere.idNumber);
      await completeCase(stack, c.acceptanceNumber, '2026-04-03T17:00:00+08:00');
      clock.set('2026-08-03T10:00:00+08:00'); // four months on
      const timingsOf = async (days?: number) => {
        const { body } = await stack.graphql(`query ($days: Int) { supervision(district: "110107", completedWithinDays: $days) { medianTimeToCompletion { matter { code } completed medianHours } } }`, { days }, await supervisor());
        return body;
      };
      expect((await timingsOf()).data.supervision.medianTimeToCompletion).toEqual([]);
      expect((await timingsOf(366)).data.supervision.medianTimeToCompletion).toEqual([{ matter: { code: 'NEWBORN' }, completed: 1, medianHours: 8 }]);
      expect((await timingsOf(367)).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'completedWithinDays' });
    });

    it("shows a low rating's follow-up to a supervisor of the case's district, and not to one of another district", async () => {
      clock.set('2026-04-03T09:00:00+08:00');
      const c = await submitCase(stack, 'NEWBORN', '110105', everywhere.idNumber);
      await completeCase(stack, c.acceptanceNumber, '2026-04-07T09:00:00+08:00');
      clock.set('2026-04-08T10:00:00+08:00');
      const rated = await stack.graphql(RATE, { input: { acceptanceNumber: c.acceptanceNumber, score: 1, comment: '材料要求前后不一' } });
      expect(rated.body.errors).toBeUndefined();

      const chaoyang = await stack.token({ role: 'supervisor', districts: ['110105'] });
      const own = await stack.graphql(`{ supervision { followUps { reason case { acceptanceNumber district } } } }`, {}, { authorization: `Bearer ${chaoyang}` });
      expect(own.body.data.supervision.followUps).toEqual([{ reason: 'rated 1: 材料要求前后不一', case: { acceptanceNumber: c.acceptanceNumber, district: '110105' } }]);

      const haidian = { authorization: `Bearer ${await stack.token({ role: 'supervisor', districts: ['110108'] })}` };
      const other = await stack.graphql(`{ supervision { followUps { case { acceptanceNumber } } } }`, {}, haidian);
      expect(other.body.data.supervision.followUps).toEqual([]);
      // Asking for the district by name is refused, not answered with an empty (and misleading) view.
      const asked = await view('110105', haidian);
      expect(asked.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', permission: 'jurisdiction' }, message: 'District 110105 is outside your jurisdiction' });
    });
  });
}
