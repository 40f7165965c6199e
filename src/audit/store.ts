import type { Database, Queryable } from '../db/database.js';
import { chainHash, type AuditEntry, type StoredAuditEntry } from './record.js';

// The append-only, hash-chained audit table. The chain head row names the last record; a write
// moves it and inserts the records after it in one statement, on the condition that it has not
// moved since it was read, so records of every replica form one unbroken chain.

interface Row {
  seq: string | number;
  at: Date;
  actor: string;
  actor_kind: AuditEntry['actorKind'];
  role: string;
  residents: string[];
  refused: string[];
  departments: string[];
  fields: string[];
  purpose: string | null;
  case_reference: string | null;
  request_id: string;
  operation: string | null;
  outcome: AuditEntry['outcome'];
  prev_hash: string;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

// Column types, in the order of a record's values; VALUES in a SELECT needs them spelled out.
const TYPES = ['bigint', 'timestamptz', 'text', 'text', 'text', 'jsonb', 'jsonb', 'jsonb', 'jsonb', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

/** The entries as the records after `head`: numbered on, each hash covering the record and the one before. */
function link(entries: readonly AuditEntry[], head: ChainHead): StoredAuditEntry[] {
  let { seq, hash: prevHash } = head;
  return entries.map((entry) => {
    seq += 1;
    const hash = chainHash(seq, entry, prevHash);
    const record = { ...entry, seq, prevHash, hash };
    prevHash = hash;
    return record;
  });
}

/** Access reserved while the departments answer (audit_pending): what the record will say if the gateway stops first. */
export interface Reservation {
  id: string;
  entry: AuditEntry;
}

/** One record to chain, and the reservations it completes (deleted in the same statement). */
export interface ChainWrite {
  entry: AuditEntry;
  reservations: readonly string[];
  /**
   * Chained only while its reservations are still there: once a sweep has appended them as
   * 'interrupted', or an earlier try was committed without the gateway hearing so, the request
   * has its record, and one request keeps one record.
   */
  onlyIfReserved: boolean;
}

/** What a write carries besides its records: reservations to add, and reservations to let go unrecorded. */
export interface PendingChanges {
  reserve: readonly Reservation[];
  release: readonly string[];
}

const NONE: PendingChanges = { reserve: [], release: [] };

const asJson = (reservations: readonly Reservation[]) => JSON.stringify(reservations.map(({ id, entry }) => ({ id, entry })));
// Each once: the statement compares how many of them it finds with how many it was given.
const required = (writes: readonly ChainWrite[]) => [...new Set(writes.filter((w) => w.onlyIfReserved).flatMap((w) => w.reservations))];

/**
 * One statement, so one round trip and atomic: moves the chain head from `head` past the records,
 * inserts them, and adds and deletes reservations. When the head is no longer `head` (another
 * replica wrote since), or a reservation a record requires is gone, it does none of it and answers null.
 */
export async function appendAfter(db: Queryable, head: ChainHead, writes: readonly ChainWrite[], pending: PendingChanges = NONE): Promise<StoredAuditEntry[] | null> {
  const stored = link(writes.map((w) => w.entry), head);
  const last = stored.at(-1) ?? head;
  const cleared = [...writes.flatMap((w) => w.reservations), ...pending.release];
  const { rows } = await db.query<{ moved: string | number }>(
    appendSql(stored.length),
    [last.seq, last.hash, head.seq, head.hash, JSON.stringify(cleared), asJson(pending.reserve), JSON.stringify(required(writes)),
      ...stored.flatMap((e) => [e.seq, e.at.toISOString(), e.actor, e.actorKind, e.role, JSON.stringify(e.residents),
      JSON.stringify(e.refused), JSON.stringify(e.departments), JSON.stringify(e.fields), e.purpose, e.caseReference, e.requestId, e.operation, e.outcome, e.prevHash, e.hash])],
    `audit-append-${stored.length}`,
  );
  return Number(rows[0]?.moved) === 1 ? stored : null;
}

/** Reservations alone need no place in the chain: a plain insert, whatever the chain head. */
export async function reserve(db: Queryable, reservations: readonly Reservation[]): Promise<void> {
  await db.query('INSERT INTO audit_pending (id, entry) SELECT r.id, r.entry FROM jsonb_to_recordset($1::jsonb) AS r(id text, entry jsonb)', [asJson(reservations)], 'audit-reserve');
}

const appendSqlBySize = new Map<number, string>();
const FIRST_RECORD_PARAM = 8;

/** The statement for `n` records: built once per batch size (it is also that size's prepared-statement text). */
function appendSql(n: number): string {
  let sql = appendSqlBySize.get(n);
  if (!sql) {
    const values = Array.from({ length: n }, (_, i) => `(${TYPES.map((type, c) => `$${FIRST_RECORD_PARAM + i * TYPES.length + c}::${type}`).join(', ')})`).join(', ');
    const records = n > 0 ? `SELECT * FROM (VALUES ${values}) AS v WHERE EXISTS (SELECT 1 FROM moved)` : `SELECT ${TYPES.map((t) => `NULL::${t}`).join(', ')} WHERE false`;
    sql = `WITH moved AS (UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1 AND seq = $3 AND hash = $4
         AND (SELECT count(*) FROM audit_pending WHERE id IN (SELECT jsonb_array_elements_text($7::jsonb))) = jsonb_array_length($7::jsonb) RETURNING id),
     inserted AS (INSERT INTO audit_log (seq, at, actor, actor_kind, role, residents, refused, departments, fields, purpose, case_reference, request_id, operation, outcome, prev_hash, hash)
       ${records} RETURNING seq, residents, refused),
     indexed AS (INSERT INTO audit_log_resident (id_number, seq)
       SELECT DISTINCT r.id_number, inserted.seq FROM inserted, jsonb_array_elements_text(inserted.residents || inserted.refused) AS r(id_number)),
     cleared AS (DELETE FROM audit_pending WHERE id IN (SELECT jsonb_array_elements_text($5::jsonb)) AND EXISTS (SELECT 1 FROM moved)),
     reserved AS (INSERT INTO audit_pending (id, entry)
       SELECT r.id, r.entry FROM jsonb_to_recordset($6::jsonb) AS r(id text, entry jsonb) WHERE EXISTS (SELECT 1 FROM moved))
     SELECT count(*) AS moved FROM moved`;
    appendSqlBySize.set(n, sql);
  }
  return sql;
}

/**
 * Appends under the chain head's lock (SELECT ... FOR UPDATE), so it cannot lose a race. A record
 * whose required reservations are gone is not appended: its answer is undefined.
 */
export async function appendLocked(db: Database, writes: readonly ChainWrite[], pending: PendingChanges = NONE): Promise<(StoredAuditEntry | undefined)[]> {
  return db.transaction(async (tx) => {
    const head = await lockHead(tx);
    const ids = required(writes);
    const present = new Set(
      ids.length === 0 ? [] : (await tx.query<{ id: string }>('SELECT id FROM audit_pending WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(ids)])).rows.map((r) => r.id),
    );
    const kept = writes.filter((w) => !w.onlyIfReserved || w.reservations.every((id) => present.has(id)));
    const stored = await appendAtLockedHead(tx, head, kept, pending);
    return writes.map((w) => stored[kept.indexOf(w)]);
  });
}

/** The chain head, locked until the transaction ends: other writers wait, then find it moved. */
async function lockHead(tx: Queryable): Promise<ChainHead> {
  const head = (await tx.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE')).rows[0];
  if (!head) throw new Error('audit chain head is missing: run the migrations');
  return { seq: Number(head.seq), hash: head.hash };
}

/** appendAfter a head this transaction holds the lock of: it cannot have moved, so a refusal is a fault. */
async function appendAtLockedHead(tx: Queryable, head: ChainHead, writes: readonly ChainWrite[], pending?: PendingChanges): Promise<StoredAuditEntry[]> {
  const stored = await appendAfter(tx, head, writes, pending);
  if (!stored) throw new Error('audit chain head moved while locked');
  return stored;
}

const SWEEP_BATCH = 200;

/**
 * Reservations older than `olderThanSeconds` (by the database's clock, whichever replica made them)
 * whose gateway stopped before recording what was served: appended as 'interrupted' records, in the
 * order they were made, and deleted in the same transaction, so two replicas sweeping take each once.
 * At most SWEEP_BATCH a transaction, until none is left.
 */
export async function sweepReservations(db: Database, olderThanSeconds: number): Promise<StoredAuditEntry[]> {
  const swept: StoredAuditEntry[] = [];
  for (;;) {
    const stored = await db.transaction(async (tx) => {
      // The head's lock first: a sweep on another replica waits here, then finds the rows gone.
      const head = await lockHead(tx);
      const { rows } = await tx.query<{ entry: Record<string, unknown> }>(
        `DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending WHERE at <= now() - make_interval(secs => $1) ORDER BY at LIMIT ${SWEEP_BATCH}) RETURNING entry`,
        [olderThanSeconds],
      );
      const writes = rows
        .map(({ entry }) => ({ ...(entry as unknown as AuditEntry), at: new Date(entry.at as string), outcome: 'interrupted' as const }))
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .map((entry) => ({ entry, reservations: [], onlyIfReserved: false }));
      if (writes.length === 0) return [];
      return appendAtLockedHead(tx, head, writes);
    });
    swept.push(...stored);
    if (stored.length < SWEEP_BATCH) return swept;
  }
}

export interface AuditFilter {
  actor?: string | null;
  residentIdNumber?: string | null;
  purpose?: string | null;
  requestId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Newest first; `beforeSeq` continues a page. Fetches one more than asked to tell whether more follow. */
export async function queryAudit(db: Queryable, filter: AuditFilter, limit: number, beforeSeq?: number): Promise<StoredAuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (filter.actor) add('actor = ?', filter.actor);
  if (filter.purpose) add('purpose = ?', filter.purpose);
  if (filter.requestId) add('request_id = ?', filter.requestId);
  if (filter.from) add('at >= ?', filter.from.toISOString());
  if (filter.to) add('at < ?', filter.to.toISOString());
  if (beforeSeq !== undefined) add('seq < ?', beforeSeq);
  // A resident's records are read through their rows in audit_log_resident, newest first, and the
  // other conditions checked on each record found, so a page stops after `limit` matches.
  let from = 'audit_log';
  if (filter.residentIdNumber) {
    from = 'audit_log_resident r JOIN audit_log USING (seq)';
    add('r.id_number = ?', filter.residentIdNumber);
  }
  params.push(limit);
  const sql = `SELECT audit_log.* FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`;
  return (await db.query<Row>(sql, params)).rows.map(toEntry);
}

/** Walks the chain in order; the first record whose hash or link does not hold, or null when all do. */
export async function verifyChain(db: Queryable, pageSize = 1000): Promise<{ checked: number; broken: { seq: number; reason: string } | null }> {
  let prevHash = 'genesis';
  let expectedSeq = 1;
  for (;;) {
    const { rows } = await db.query<Row>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectedSeq, pageSize]);
    for (const row of rows) {
      const entry = toEntry(row);
      if (entry.seq !== expectedSeq) return { checked: expectedSeq - 1, broken: { seq: expectedSeq, reason: `record ${expectedSeq} is missing (next is ${entry.seq})` } };
      if (entry.prevHash !== prevHash) return { checked: expectedSeq - 1, broken: { seq: entry.seq, reason: 'previous-hash link does not match the record before it' } };
      if (chainHash(entry.seq, entry, prevHash) !== entry.hash) return { checked: expectedSeq - 1, broken: { seq: entry.seq, reason: 'content does not match its hash (altered)' } };
      prevHash = entry.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = (await db.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE id = 1')).rows[0];
  if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)) {
    return { checked: expectedSeq - 1, broken: { seq: Number(head.seq), reason: `chain head says record ${head.seq}, the log ends at ${expectedSeq - 1} (records removed)` } };
  }
  return { checked: expectedSeq - 1, broken: null };
}

function toEntry(r: Row): StoredAuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    actorKind: r.actor_kind,
    role: r.role,
    residents: r.residents,
    refused: r.refused,
    departments: r.departments,
    fields: r.fields,
    purpose: r.purpose,
    caseReference: r.case_reference,
    requestId: r.request_id,
    operation: r.operation,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
