import type { GatewayContext } from '../context.js';
import { badInput } from '../errors.js';
import type { CaseFilter } from '../generated/graphql.js';
import { districtsOf, requireCaseStaff } from './access.js';
import { casesForViewer } from './read.js';
import { beijingDate } from './working-days.js';

const MAX_PAGE = 100;

const cursorOf = (id: string) => Buffer.from(`case:${id}`).toString('base64url');

function idOfCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  // At most 18 digits, so the id fits the bigint it is compared with: a longer one is the client's mistake, not ours.
  if (!/^case:\d{1,18}$/.test(decoded)) throw badInput(`Invalid cursor ${JSON.stringify(cursor)}`, { field: 'after' });
  return decoded.slice(5);
}

/**
 * A Relay page of cases, newest first. Staff see their jurisdiction; a resident sees their own.
 * Every condition is SQL, so `totalCount` and the page agree.
 */
export async function searchCases(ctx: GatewayContext, filter: CaseFilter, first: number, after: string | null | undefined) {
  const { viewer, now } = ctx;
  const { db } = ctx.cases;
  if (first < 0 || first > MAX_PAGE) throw badInput(`first must be 0 to ${MAX_PAGE}`, { field: 'first' });
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (viewer.kind === 'resident') add((p) => `c.resident_id = ${p}`, viewer.idNumber);
  else {
    const staff = requireCaseStaff(viewer);
    const districts = districtsOf(staff.jurisdiction);
    if (districts) add((p) => `c.district = ANY(${p}::text[])`, districts);
  }
  if (filter.idNumber) add((p) => `c.resident_id = ${p}`, filter.idNumber);
  if (filter.state) add((p) => `c.state = ${p}`, filter.state);
  if (filter.district) add((p) => `c.district = ${p}`, filter.district);
  if (filter.matter) add((p) => `c.matter = ${p}`, filter.matter);
  if (filter.department) add((p) => `EXISTS (SELECT 1 FROM case_parts p WHERE p.case_id = c.id AND p.department = ${p})`, filter.department);
  if (filter.submittedFrom) add((p) => `c.submitted_at >= (${p}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, filter.submittedFrom);
  if (filter.submittedTo) add((p) => `c.submitted_at < ((${p}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`, filter.submittedTo);
  if (typeof filter.overdue === 'boolean') {
    add((p) => (filter.overdue ? `(c.state <> 'COMPLETED' AND c.due_on < ${p}::date)` : `NOT (c.state <> 'COMPLETED' AND c.due_on < ${p}::date)`), beijingDate(now));
  }
  const conditions = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM cases c ${conditions}`, params);
  const pageParams = [...params];
  let pageWhere = conditions;
  if (after) {
    pageParams.push(idOfCursor(after));
    pageWhere = `${conditions ? `${conditions} AND` : 'WHERE'} c.id < $${pageParams.length}::bigint`;
  }
  pageParams.push(first + 1);
  const { rows } = await db.query<{ id: string }>(`SELECT c.id::text AS id FROM cases c ${pageWhere} ORDER BY c.id DESC LIMIT $${pageParams.length}`, pageParams);
  const page = rows.slice(0, first).map((r) => r.id);
  const cases = await casesForViewer(ctx, page);
  return {
    edges: cases.map((node) => ({ cursor: cursorOf(node.id), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: cases.length > 0 ? cursorOf(cases[cases.length - 1]!.id) : null },
    totalCount: Number(total.rows[0]!.n),
  };
}
