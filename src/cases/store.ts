import type { Queryable } from '../db/database.js';
import type { CaseEvent, CaseEventKind, CasePartState, CaseResult, CaseState, Department, Rating } from '../generated/graphql.js';
import type { MaterialCode } from './catalogue.js';
import type { CaseModel, CasePartModel } from './model.js';

// SQL for cases, shared by the submission, the dispatcher, the hooks and the queries. Dates are
// read as text (YYYY-MM-DD), instants as ISO strings, so PostgreSQL and PGlite answer alike.

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

type Row = Record<string, unknown>;

export const CASE_COLUMNS = `c.id::text AS id, c.acceptance_number, c.matter, c.resident_id, c.resident_name, c.district, c.state, c.result,
  c.submitted_at, c.submitted_by, c.time_limit_days, c.due_on::text AS due_on, c.completed_at`;

/** Loads whole cases (parts, history, rating) for the given ids in four queries, in the ids' order. */
export async function loadCases(db: Queryable, ids: string[]): Promise<CaseModel[]> {
  if (ids.length === 0) return [];
  const [cases, parts, events, ratings] = await Promise.all([
    db.query<Row>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ANY($1::bigint[])`, [ids], 'cases-by-id'),
    db.query<Row>(
      `SELECT case_id::text AS case_id, department, state, reference, services, materials, time_limit_days, due_on::text AS due_on,
              note, dispatched_at, completed_at FROM case_parts WHERE case_id = ANY($1::bigint[]) ORDER BY department`,
      [ids],
      'case-parts-by-case',
    ),
    db.query<Row>(`SELECT case_id::text AS case_id, department, kind, state, note, at FROM case_events WHERE case_id = ANY($1::bigint[]) ORDER BY id`, [ids], 'case-events-by-case'),
    db.query<Row>(`SELECT case_id::text AS case_id, score, tags, comment, rated_at, on_behalf FROM case_ratings WHERE case_id = ANY($1::bigint[])`, [ids], 'case-ratings-by-case'),
  ]);
  const byId = new Map(cases.rows.map((r) => [String(r.id), toCase(r)]));
  for (const p of parts.rows) byId.get(String(p.case_id))?.parts.push(toPart(p));
  for (const e of events.rows) byId.get(String(e.case_id))?.history.push(toEvent(e));
  for (const r of ratings.rows) {
    const c = byId.get(String(r.case_id));
    if (c) c.rating = toRating(r);
  }
  return ids.map((id) => byId.get(id)).filter((c): c is CaseModel => c !== undefined);
}

/** Each resident's newest `perResident` case ids, newest first, in one query. */
export async function latestCaseIdsOf(db: Queryable, idNumbers: readonly string[], perResident: number): Promise<Map<string, string[]>> {
  const { rows } = await db.query<{ id: string; resident_id: string }>(
    `SELECT id, resident_id FROM (SELECT id::text AS id, resident_id, row_number() OVER (PARTITION BY resident_id ORDER BY id DESC) AS n
       FROM cases WHERE resident_id = ANY($1::text[])) ranked WHERE n <= $2 ORDER BY resident_id, id::bigint DESC`,
    [idNumbers, perResident],
    'cases-latest-of-residents',
  );
  const ids = new Map<string, string[]>();
  for (const r of rows) ids.set(r.resident_id, [...(ids.get(r.resident_id) ?? []), r.id]);
  return ids;
}

export async function caseIdByNumber(db: Queryable, acceptanceNumber: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id::text AS id FROM cases WHERE acceptance_number = $1', [acceptanceNumber]);
  return rows[0]?.id ?? null;
}

export async function findCase(db: Queryable, acceptanceNumber: string): Promise<CaseModel | null> {
  const id = await caseIdByNumber(db, acceptanceNumber);
  return id ? ((await loadCases(db, [id]))[0] ?? null) : null;
}

export async function addEvent(
  db: Queryable,
  caseId: string,
  kind: CaseEventKind,
  fields: { department?: Department | null; state?: string | null; note?: string | null; at?: string } = {},
): Promise<void> {
  await db.query('INSERT INTO case_events (case_id, department, kind, state, note, at) VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()))', [
    caseId,
    fields.department ?? null,
    kind,
    fields.state ?? null,
    fields.note ?? null,
    fields.at ?? null,
  ]);
}

function toCase(r: Row): CaseModel {
  return {
    id: String(r.id),
    acceptanceNumber: String(r.acceptance_number),
    matter: String(r.matter),
    idNumber: String(r.resident_id),
    residentName: (r.resident_name as string | null) ?? null,
    district: String(r.district),
    state: r.state as CaseState,
    result: (r.result as CaseResult | null) ?? null,
    submittedAt: iso(r.submitted_at),
    submittedBy: String(r.submitted_by),
    timeLimitDays: Number(r.time_limit_days),
    dueDate: String(r.due_on),
    completedAt: isoOrNull(r.completed_at),
    parts: [],
    history: [],
    rating: null,
  };
}

function toPart(r: Row): CasePartModel {
  return {
    department: r.department as Department,
    services: r.services as string[],
    materials: r.materials as MaterialCode[],
    state: r.state as CasePartState,
    reference: (r.reference as string | null) ?? null,
    timeLimitDays: Number(r.time_limit_days),
    dueDate: String(r.due_on),
    note: (r.note as string | null) ?? null,
    dispatchedAt: isoOrNull(r.dispatched_at),
    completedAt: isoOrNull(r.completed_at),
  };
}

function toEvent(r: Row): CaseEvent {
  return {
    at: iso(r.at),
    kind: r.kind as CaseEventKind,
    department: (r.department as Department | null) ?? null,
    state: (r.state as string | null) ?? null,
    note: (r.note as string | null) ?? null,
  };
}

function toRating(r: Row): Rating {
  return {
    score: Number(r.score),
    tags: r.tags as string[],
    comment: (r.comment as string | null) ?? null,
    ratedAt: iso(r.rated_at),
    onBehalf: Boolean(r.on_behalf),
  };
}
