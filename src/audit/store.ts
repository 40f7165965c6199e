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

/**
 * One statement, so one round trip and atomic: moves the chain head from `head` past the entries
 * and inserts them. When the head is no longer `head` (another replica wrote since) it does
 * neither and answers null.
 */
export async function appendAfter(db: Queryable, head: ChainHead, entries: readonly AuditEntry[]): Promise<StoredAuditEntry[] | null> {
  const stored = link(entries, head);
  const last = stored.at(-1)!;
  const { rows } = await db.query(
    appendSql(stored.length),
    [last.seq, last.hash, head.seq, head.hash, ...stored.flatMap((e) => [e.seq, e.at.toISOString(), e.actor, e.actorKind, e.role, JSON.stringify(e.residents),
      JSON.stringify(e.refused), JSON.stringify(e.departments), JSON.stringify(e.fields), e.purpose, e.caseReference, e.requestId, e.operation, e.outcome, e.prevHash, e.hash])],
    `audit-append-${stored.length}`,
  );
  return rows.length === stored.length ? stored : null;
}

const appendSqlBySize = new Map<number, string>();

/** The statement for `n` records: built once per batch size (it is also that size's prepared-statement text). */
function appendSql(n: number): string {
  let sql = appendSqlBySize.get(n);
  if (!sql) {
    const values = Array.from({ length: n }, (_, i) => `(${TYPES.map((type, c) => `$${5 + i * TYPES.length + c}::${type}`).join(', ')})`).join(', ');
    sql = `WITH moved AS (UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1 AND seq = $3 AND hash = $4 RETURNING id),
     inserted AS (INSERT INTO audit_log (seq, at, actor, actor_kind, role, residents, refused, departments, fields, purpose, case_reference, request_id, operation, outcome, prev_hash, hash)
       SELECT * FROM (VALUES ${values}) AS v WHERE EXISTS (SELECT 1 FROM moved) RETURNING seq, residents, refused),
     indexed AS (INSERT INTO audit_log_resident (id_number, seq)
       SELECT DISTINCT r.id_number, inserted.seq FROM inserted, jsonb_array_elements_text(inserted.residents || inserted.refused) AS r(id_number))
     SELECT seq FROM inserted`;
    appendSqlBySize.set(n, sql);
  }
  return sql;
}

/** Appends entries in order under the chain head's lock (SELECT ... FOR UPDATE), so it cannot lose a race. */
export async function appendAuditBatch(db: Database, entries: readonly AuditEntry[]): Promise<StoredAuditEntry[]> {
  return db.transaction(async (tx) => {
    const head = (await tx.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE')).rows[0];
    if (!head) throw new Error('audit chain head is missing: run the migrations');
    const stored = await appendAfter(tx, { seq: Number(head.seq), hash: head.hash }, entries);
    if (!stored) throw new Error('audit chain head moved while locked');
    return stored;
  });
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
