import { z } from 'zod';
import type { GatewayContext } from '../context.js';
import type { Database } from '../db/database.js';
import { ErrorCode, badInput, gatewayError } from '../errors.js';
import type { QuerySatisfactionStatsArgs, RateCaseInput } from '../generated/graphql.js';
import { forbidden } from '../auth/errors.js';
import { districtsOf, inJurisdiction, outsideJurisdiction, requireCaseStaff } from './access.js';
import type { CaseModel } from './model.js';
import { caseForViewer } from './read.js';
import { addEvent, findCase } from './store.js';

// 好差评: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. 4 and 5 count as good;
// 1 and 2 open a follow-up (整改) item for the supervisor.
export const GOOD_FROM = 4;
export const FOLLOW_UP_UP_TO = 2;

const rating = z.object({
  score: z.number().int().min(1, 'score must be 1 to 5').max(5, 'score must be 1 to 5'),
  tags: z.array(z.string().trim().min(1).max(32, 'each tag: at most 32 characters')).max(10, 'at most 10 tags').default([]),
  comment: z.string().max(500, 'comment: at most 500 characters').optional(),
});

/** Once per completed case, by its resident, or by a clerk of its district on their behalf; subscribers hear of it. */
export async function rateCase(db: Database, ctx: GatewayContext, input: RateCaseInput): Promise<CaseModel> {
  const checked = rating.safeParse({ score: input.score, tags: input.tags ?? undefined, comment: input.comment ?? undefined });
  if (!checked.success) throw badInput(checked.error.issues.map((i) => i.message).join('; '));
  const { viewer } = ctx;
  const found = await findCase(db, input.acceptanceNumber);
  let ratedBy: string;
  let onBehalf: boolean;
  if (viewer.kind === 'resident') {
    if (!found || found.idNumber !== viewer.idNumber) throw notFound(input.acceptanceNumber);
    ratedBy = `resident:${viewer.subject}`;
    onBehalf = false;
  } else {
    const staff = requireCaseStaff(viewer);
    if (!found || !inJurisdiction(staff.jurisdiction, found.district)) throw notFound(input.acceptanceNumber);
    if (staff.role !== 'clerk') throw forbidden('Only a clerk may enter a rating on a resident\'s behalf', 'role:clerk');
    ratedBy = `clerk:${staff.subject}`;
    onBehalf = true;
  }
  if (found.state !== 'COMPLETED') {
    throw gatewayError(ErrorCode.CONFLICT, `Case ${found.acceptanceNumber} is ${found.state}: it can be rated once every department has completed its part`);
  }
  if (found.rating) throw gatewayError(ErrorCode.CONFLICT, `Case ${found.acceptanceNumber} was already rated on ${found.rating.ratedAt}; a case is rated once`);
  const { score, tags, comment } = checked.data;
  // The request's time: satisfactionStats counts a rating in the period of the day it was given.
  const ratedAt = ctx.now.toISOString();
  const inserted = await db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO case_ratings (case_id, score, tags, comment, rated_by, on_behalf, rated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [found.id, score, JSON.stringify(tags), comment ?? null, ratedBy, onBehalf, ratedAt],
    );
    if (rows.length === 0) return false;
    await addEvent(tx, found.id, 'RATED', { state: String(score), note: onBehalf ? `rated by ${ratedBy} on the resident's behalf` : 'rated by the resident', at: ratedAt });
    if (score <= FOLLOW_UP_UP_TO) {
      await tx.query('INSERT INTO case_follow_ups (case_id, reason, opened_at) VALUES ($1, $2, $3)', [found.id, `rated ${score}${comment ? `: ${comment}` : ''}`, ratedAt]);
    }
    return true;
  });
  if (!inserted) throw gatewayError(ErrorCode.CONFLICT, `Case ${found.acceptanceNumber} was already rated; a case is rated once`);
  // The rating is durable: a lost notice only delays a subscriber's view, so it does not fail the rating.
  void ctx.cases.events.publish({ acceptanceNumber: found.acceptanceNumber, district: found.district });
  return (await caseForViewer(ctx, found.acceptanceNumber))!;
}

const notFound = (n: string) => gatewayError(ErrorCode.NOT_FOUND, `No case ${n} that you may rate`);

/** Ratings given within the period (Beijing dates, inclusive), within the viewer's jurisdiction. */
export async function satisfactionStats(db: Database, ctx: GatewayContext, filter: QuerySatisfactionStatsArgs, target: number) {
  const staff = requireCaseStaff(ctx.viewer);
  if (filter.period.to < filter.period.from) throw badInput('period.to is before period.from', { field: 'period' });
  if (filter.district && !inJurisdiction(staff.jurisdiction, filter.district)) throw outsideJurisdiction(filter.district);
  const params: unknown[] = [filter.period.from, filter.period.to];
  const where = [`r.rated_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, `r.rated_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  const districts = districtsOf(staff.jurisdiction);
  if (districts) add((p) => `c.district = ANY(${p}::text[])`, districts);
  if (filter.district) add((p) => `c.district = ${p}`, filter.district);
  if (filter.matter) add((p) => `c.matter = ${p}`, filter.matter);
  if (filter.department) add((p) => `EXISTS (SELECT 1 FROM case_parts p WHERE p.case_id = c.id AND p.department = ${p})`, filter.department);
  const { rows } = await db.query<{ score: number; n: string }>(
    `SELECT r.score, count(*)::text AS n FROM case_ratings r JOIN cases c ON c.id = r.case_id WHERE ${where.join(' AND ')} GROUP BY r.score`,
    params,
  );
  const count = (score: number) => Number(rows.find((r) => Number(r.score) === score)?.n ?? 0);
  const byScore = [5, 4, 3, 2, 1].map((score) => ({ score, count: count(score) }));
  const total = byScore.reduce((sum, s) => sum + s.count, 0);
  const good = byScore.filter((s) => s.score >= GOOD_FROM).reduce((sum, s) => sum + s.count, 0);
  const poor = byScore.filter((s) => s.score <= FOLLOW_UP_UP_TO).reduce((sum, s) => sum + s.count, 0);
  const goodShare = total === 0 ? null : good / total;
  return { total, good, poor, byScore, goodShare, target, targetMet: goodShare !== null && goodShare >= target };
}
