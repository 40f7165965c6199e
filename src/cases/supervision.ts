import type { GatewayContext } from '../context.js';
import type { Database } from '../db/database.js';
import type { Department } from '../generated/graphql.js';
import { districtsOf, forbidden, inJurisdiction, requireSupervisor } from './access.js';
import { CLOSED_PART_STATES, type FollowUpModel, type MatterTimingModel } from './model.js';
import { addWorkingDays, beijingDate, workingDaysBetween } from './working-days.js';

interface LoadRow {
  department: Department;
  district: string;
  due_on: string;
  acceptance_number: string;
}

/** Open department parts that are late or soon due, grouped per department and district; medians per matter. */
export async function supervision(db: Database, ctx: GatewayContext, district: string | null | undefined, soonDueDays: number) {
  const staff = requireSupervisor(ctx.viewer);
  // Refused rather than answered empty: "nothing overdue" must not be read from a district one cannot see.
  if (district && !inJurisdiction(staff.jurisdiction, district)) throw forbidden(`District ${district} is outside your jurisdiction`);
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
  const completed = await db.query<{ matter: string; submitted_at: Date | string; completed_at: Date | string }>(
    `SELECT c.matter, c.submitted_at, c.completed_at FROM cases c WHERE c.state = 'COMPLETED'${and}`,
    params,
  );
  const followUps = await db.query<{ id: string; case_id: string; reason: string; opened_at: Date | string }>(
    `SELECT f.id::text AS id, f.case_id::text AS case_id, f.reason, f.opened_at FROM case_follow_ups f JOIN cases c ON c.id = f.case_id
      WHERE f.state = 'OPEN'${and} ORDER BY f.id`,
    params,
  );
  return {
    overdue: group(open.rows.filter((r) => r.due_on < today)),
    soonDue: group(open.rows.filter((r) => r.due_on >= today)),
    medianTimeToCompletion: timings(completed.rows),
    followUps: followUps.rows.map((f): FollowUpModel => ({ id: f.id, caseId: f.case_id, reason: f.reason, openedAt: new Date(f.opened_at).toISOString() })),
  };
}

function group(rows: LoadRow[]) {
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

function timings(rows: { matter: string; submitted_at: Date | string; completed_at: Date | string }[]): MatterTimingModel[] {
  const byMatter = new Map<string, { hours: number[]; days: number[] }>();
  for (const r of rows) {
    const submitted = new Date(r.submitted_at);
    const completed = new Date(r.completed_at);
    const m = byMatter.get(r.matter) ?? { hours: [], days: [] };
    m.hours.push((completed.getTime() - submitted.getTime()) / 3_600_000);
    m.days.push(workingDaysBetween(beijingDate(submitted), beijingDate(completed)));
    byMatter.set(r.matter, m);
  }
  return [...byMatter.entries()].map(([matter, m]) => ({ matter, completed: m.hours.length, medianHours: median(m.hours), medianWorkingDays: median(m.days) }));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
