import { DEPARTMENTS, type DepartmentKey } from '../config.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';
import type { Department, ServiceState } from '../generated/graphql.js';
import { parseIdNumber } from '../identity/id-number.js';
import { oneWindowMatters } from '../cases/service-status.js';
import { prefetchCasesOf } from '../cases/read.js';
import type { LoadedRecord, ResidentModel, ServiceStatusModel } from './model.js';

type Outcome = LoadedRecord<unknown> | null | Error;

const load = (ctx: GatewayContext, key: DepartmentKey, idNumber: string): Promise<Outcome> =>
  ctx.departments[key].load(idNumber).catch((error: Error) => error);

/**
 * Asks every department at once (they batch per request). Null only when every department answered
 * that it does not know the person; known as soon as one department has a record of them or failed
 * (the question stays open), so the fields of the departments that answered first resolve while the
 * others are still answering. `withCases`: the query asks for the resident's one-window cases too,
 * so their lookup starts with the department calls.
 */
export async function findResident(ctx: GatewayContext, idNumber: string, withCases = false): Promise<ResidentModel | null> {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw gatewayError(ErrorCode.BAD_USER_INPUT, parsed.reason);
  const { gender, birthDate } = parsed.value;
  const outcomes = DEPARTMENTS.map((key) => load(ctx, key, parsed.value.idNumber));
  // The calls go out a few turns later (DataLoader batches them); work meanwhile waits for them, or
  // for every lookup to come back from the cache.
  ctx.background.asking();
  const settled = Promise.all(outcomes);
  void settled.then(() => ctx.background.heard());
  if (withCases) prefetchCasesOf(ctx, parsed.value.idNumber);
  ctx.notices.track(settled);
  const known = await anyNonNull(outcomes);
  return known ? { idNumber: parsed.value.idNumber, gender, birthDate } : null;
}

/** The name held by the first department, in registry order, that has a record of the resident. */
export async function nameOf(ctx: GatewayContext, idNumber: string): Promise<string | null> {
  for (const key of DEPARTMENTS) {
    const outcome = await load(ctx, key, idNumber);
    if (outcome && !(outcome instanceof Error)) return outcome.name;
  }
  return null;
}

/** True once any outcome is not null, false once all are null. */
function anyNonNull(outcomes: Promise<Outcome>[]): Promise<boolean> {
  return new Promise((resolve) => {
    let pending = outcomes.length;
    for (const outcome of outcomes) void outcome.then((o) => (o !== null ? resolve(true) : --pending === 0 && resolve(false)));
  });
}

/** One department's profile for a resident field: null when unknown there, its error when it failed. */
export async function profileOf<K extends DepartmentKey>(ctx: GatewayContext, key: K, idNumber: string) {
  const record = await ctx.departments[key].load(idNumber).catch((error: Error) => error);
  if (record instanceof Error) {
    const department = (record as { extensions?: { department?: Department } }).extensions?.department;
    if (department) ctx.notices.markReported(department);
    throw record;
  }
  if (record === null) return null;
  return Object.assign({ source: record.source, asOf: record.asOf, stale: record.stale }, record.profile);
}

/** Matters from every department that answered, and the resident's one-window cases, most recently updated first. */
export async function serviceStatusOf(ctx: GatewayContext, idNumber: string): Promise<ServiceStatusModel[]> {
  const [outcomes, cases] = await Promise.all([Promise.all(DEPARTMENTS.map((key) => load(ctx, key, idNumber))), oneWindowMatters(ctx, idNumber)]);
  return outcomes
    .flatMap((o) => (o && !(o instanceof Error) ? o.matters : []))
    .concat(cases)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || Date.parse(b.submittedAt) - Date.parse(a.submittedAt));
}

const OPEN: ReadonlySet<ServiceState> = new Set(['SUBMITTED', 'IN_REVIEW', 'NEEDS_MATERIALS']);

export function isOverdue(matter: ServiceStatusModel, now: Date): boolean {
  return OPEN.has(matter.status) && matter.dueAt !== null && matter.dueAt !== undefined && Date.parse(matter.dueAt) < now.getTime();
}
