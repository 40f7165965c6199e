import type { Queryable } from '../db/database.js';
import type { CaseEvent, CaseEventKind, CasePartState, CaseResult, CaseState, Department, Rating } from '../generated/graphql.js';
import type { MaterialCode } from './catalogue.js';
import type { CaseModel, CasePartModel } from './model.js';

// SQL for cases, shared by the submission, the dispatcher, the hooks and the queries. Dates are
// read as text (YYYY-MM-DD), instants as ISO strings, so PostgreSQL and PGlite answer alike.

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

type Row = Record<string, unknown>;

const CASE_COLUMNS = `c.id::text AS id, c.acceptance_number, c.matter, c.resident_id, c.resident_name, c.district, c.state, c.result,
  c.submitted_at, c.submitted_by, c.time_limit_days, c.due_on::text AS due_on, c.completed_at`;

// A whole case in one row: its parts, history and rating as JSON beside the case's columns, so one
// statement (one round trip, one pooled connection; one PGlite run) loads whole cases however they
// are found. Four statements over four connections did it before. A resident's cases stay two
// statements (their ids, then the cases): the ids alone are what most residents, who have none,
// cost, and the whole-case statement costs two to three times more than that even when it finds
// nothing (its subqueries are set up all the same).
const WHOLE_CASES = `SELECT ${CASE_COLUMNS},
  (SELECT COALESCE(json_agg(json_build_object('department', p.department, 'state', p.state, 'reference', p.reference, 'services', p.services,
      'materials', p.materials, 'time_limit_days', p.time_limit_days, 'due_on', p.due_on::text, 'note', p.note, 'dispatched_at', p.dispatched_at,
      'completed_at', p.completed_at) ORDER BY p.department), '[]') FROM case_parts p WHERE p.case_id = c.id) AS parts,
  (SELECT COALESCE(json_agg(json_build_object('department', e.department, 'kind', e.kind, 'state', e.state, 'note', e.note, 'at', e.at) ORDER BY e.id), '[]')
     FROM case_events e WHERE e.case_id = c.id) AS history,
  (SELECT json_build_object('score', r.score, 'tags', r.tags, 'comment', r.comment, 'rated_at', r.rated_at, 'on_behalf', r.on_behalf)
     FROM case_ratings r WHERE r.case_id = c.id) AS rating
  FROM cases c`;

/** Whole cases for the given ids, in the ids' order (ids with no case are left out). */
export async function loadCases(db: Queryable, ids: string[]): Promise<CaseModel[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<Row>(`${WHOLE_CASES} WHERE c.id = ANY($1::bigint[])`, [ids], 'cases-by-id');
  const byId = new Map(rows.map((r) => [String(r.id), toCase(r)]));
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

export async function findCase(db: Queryable, acceptanceNumber: string): Promise<CaseModel | null> {
  const { rows } = await db.query<Row>(`${WHOLE_CASES} WHERE c.acceptance_number = $1`, [acceptanceNumber], 'case-by-number');
  return rows[0] ? toCase(rows[0]) : null;
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
    parts: ((r.parts as Row[] | undefined) ?? []).map(toPart),
    history: ((r.history as Row[] | undefined) ?? []).map(toEvent),
    rating: r.rating ? toRating(r.rating as Row) : null,
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
