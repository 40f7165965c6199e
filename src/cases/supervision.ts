import type { GatewayContext } from '../context.js';
import type { Database } from '../db/database.js';
import type { Department, QuerySupervisionArgs } from '../generated/graphql.js';
import { districtsOf, inJurisdiction, outsideJurisdiction, requireSupervisor } from './access.js';
import { badInput } from '../errors.js';
import { CLOSED_PART_STATES, type FollowUpModel, type MatterTimingModel } from './model.js';
import { addWorkingDays, beijingDate, workingDaysBetween } from './working-days.js';

/** How far back the medians look by default, and at most: bounded so the view costs the same in year ten as in year one. */
export const COMPLETED_WITHIN_DAYS = 90;
const MAX_COMPLETED_WITHIN_DAYS = 366;

interface LoadRow {
  department: Department;
  district: string;
  due_on: string;
  acceptance_number: string;
}

/** Open department parts that are late or soon due, and refused ones, grouped per department and district; medians per matter. */
export async function supervision(db: Database, ctx: GatewayContext, args: QuerySupervisionArgs, soonDueDays: number) {
  const staff = requireSupervisor(ctx.viewer);
  const { district } = args;
  const completedWithinDays = args.completedWithinDays ?? COMPLETED_WITHIN_DAYS;
  if (!Number.isInteger(completedWithinDays) || completedWithinDays < 1 || completedWithinDays > MAX_COMPLETED_WITHIN_DAYS) {
    throw badInput(`completedWithinDays must be 1 to ${MAX_COMPLETED_WITHIN_DAYS}`, { field: 'completedWithinDays' });
  }
  // Refused rather than answered empty: "nothing overdue" must not be read from a district one cannot see.
  if (district && !inJurisdiction(staff.jurisdiction, district)) throw outsideJurisdiction(district);
  const params: unknown[] = [];
  const scope: string[] = [];
  const districts = districtsOf(staff.jurisdiction);
  if (districts) scope.push(`c.district = ANY($${params.push(districts)}::text[])`);
  if (district) scope.push(`c.district = $${params.push(district)}`);
  const and = scope.map((s) => ` AND ${s}`).join('');

  const today = beijingDate(ctx.now);
  const soonUntil = addWorkingDays(today, soonDueDays);
  const open = await db.query<LoadRow>(
    `SELECT p.department, c.district, p.due_on::text AS due_on, c.acceptance_number FROM case_parts p JOIN cases c ON c.id = p.case_id
      WHERE p.state <> ALL($${params.length + 2}::text[]) AND p.due_on <= $${params.length + 1}::date${and} ORDER BY p.due_on, c.id`,
    [...params, soonUntil, CLOSED_PART_STATES],
  );
  const medianTimeToCompletion = await timings(db, and, params, completedWithinDays, ctx.now);
  // Parts a department would not take: the resident must hear why, so they stay in view for the window.
  const refused = await db.query<Omit<LoadRow, 'due_on'>>(
    `SELECT p.department, c.district, c.acceptance_number FROM case_parts p JOIN cases c ON c.id = p.case_id
      WHERE p.state = 'DISPATCH_REFUSED' AND p.completed_at >= $${params.length + 1}::timestamptz - $${params.length + 2} * interval '1 day'${and}
      ORDER BY p.completed_at, c.id`,
    [...params, ctx.now.toISOString(), completedWithinDays],
  );
  const followUps = await db.query<{ id: string; case_id: string; reason: string; opened_at: Date | string }>(
    `SELECT f.id::text AS id, f.case_id::text AS case_id, f.reason, f.opened_at FROM case_follow_ups f JOIN cases c ON c.id = f.case_id
      WHERE f.state = 'OPEN'${and} ORDER BY f.id`,
    params,
  );
  return {
    overdue: group(open.rows.filter((r) => r.due_on < today)),
    soonDue: group(open.rows.filter((r) => r.due_on >= today)),
    refused: group(refused.rows),
    medianTimeToCompletion,
    followUps: followUps.rows.map((f): FollowUpModel => ({ id: f.id, caseId: f.case_id, reason: f.reason, openedAt: new Date(f.opened_at).toISOString() })),
  };
}

function group(rows: Omit<LoadRow, 'due_on'>[]) {
  const loads = new Map<string, { department: Department; district: string; count: number; acceptanceNumbers: string[] }>();
  for (const r of rows) {
    const key = `${r.department}/${r.district}`;
    const load = loads.get(key) ?? { department: r.department, district: r.district, count: 0, acceptanceNumbers: [] };
    load.count++;
    load.acceptanceNumbers.push(r.acceptance_number);
    loads.set(key, load);
  }
  return [...loads.values()].sort((a, b) => b.count - a.count || a.department.localeCompare(b.department) || a.district.localeCompare(b.district));
}

/**
 * Medians over the cases completed in the last `days`, aggregated in SQL: hours per case need no
 * calendar, working days do, so those are counted once per (submitted, completed) pair of dates.
 */
async function timings(db: Database, and: string, params: unknown[], days: number, now: Date): Promise<MatterTimingModel[]> {
  const since = `c.state = 'COMPLETED' AND c.completed_at >= $${params.length + 1}::timestamptz - $${params.length + 2} * interval '1 day'${and}`;
  const args = [...params, now.toISOString(), days];
  const [hours, dates] = await Promise.all([
    db.query<{ matter: string; completed: number; median_hours: number | string | null }>(
      `SELECT c.matter, count(*)::int AS completed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.completed_at - c.submitted_at) / 3600) AS median_hours
         FROM cases c WHERE ${since} GROUP BY c.matter ORDER BY c.matter`,
      args,
    ),
    db.query<{ matter: string; submitted_on: string; completed_on: string; n: number }>(
      `SELECT c.matter, (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date::text AS submitted_on,
              (c.completed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS completed_on, count(*)::int AS n
         FROM cases c WHERE ${since} GROUP BY 1, 2, 3`,
      args,
    ),
  ]);
  return hours.rows.map((h) => {
    const workingDays = dates.rows.filter((d) => d.matter === h.matter).map((d) => ({ value: workingDaysBetween(d.submitted_on, d.completed_on), count: Number(d.n) }));
    return { matter: h.matter, completed: Number(h.completed), medianHours: h.median_hours === null ? null : Number(h.median_hours), medianWorkingDays: median(workingDays) };
  });
}

/** The median of values given with how often each occurs; null when there are none. */
export function median(values: { value: number; count: number }[]): number | null {
  const total = values.reduce((sum, v) => sum + v.count, 0);
  if (total === 0) return null;
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const at = (index: number) => {
    let seen = 0;
    for (const v of sorted) if ((seen += v.count) > index) return v.value;
    return sorted.at(-1)!.value;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}
