import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditWriter } from '../../src/audit/writer.js';
import { verifyChain } from '../../src/audit/store.js';
import type { AuditEntry } from '../../src/audit/record.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { asUser } from '../support/auth.js';
import { demoResidents } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { describeOnBothDatabases } from '../support/services.js';

// Access is reserved in the audit trail while the departments answer, so the chained record of what
// was served can follow the answer; a reservation never completed becomes an 'interrupted' record.

const RESIDENT = '110101199003074478';

const entry = (requestId: string, outcome: AuditEntry['outcome'] = 'ok'): AuditEntry => ({
  at: new Date(),
  actor: 'staff:clerk-7',
  actorKind: 'staff',
  role: 'clerk',
  residents: [RESIDENT],
  refused: [],
  departments: ['HEALTH'],
  fields: ['Resident.health'],
  purpose: 'counter-service',
  caseReference: null,
  requestId,
  operation: 'Desk',
  outcome,
});

const pendingIds = async (db: Database) => (await db.query<{ id: string }>('SELECT id FROM audit_pending ORDER BY id')).rows.map((r) => r.id);
const recordsOf = async (db: Database, requestId: string) =>
  (await db.query<{ outcome: string; residents: string[] }>('SELECT outcome, residents FROM audit_log WHERE request_id = $1 ORDER BY seq', [requestId])).rows;

/**
 * Counts the statements and transactions a writer sends; `down` refuses every one, and `poison` every
 * statement that carries that request id (a record the database will never take).
 */
function watched(db: Database) {
  const state = { sent: 0, down: false, poison: '' };
  const refuses = (params: unknown[]) => state.down || (state.poison !== '' && params.includes(state.poison));
  const send = <T>(real: () => Promise<T>, params: unknown[] = []) => (state.sent++, refuses(params) ? Promise.reject(new Error('database refuses')) : real());
  const wrapped: Database = Object.assign(Object.create(db) as Database, {
    // A transaction counts once, however many statements it holds.
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) =>
      send(() => db.transaction((tx) => fn({ query: (sql: string, params: unknown[] = [], name?: string) => (refuses(params) ? Promise.reject(new Error('database refuses')) : tx.query(sql, params, name)) })) as Promise<T>),
    query: (sql: string, params?: unknown[], name?: string) => send(() => db.query(sql, params, name), params),
  });
  return { db: wrapped, state };
}

const quickRetries = { first: 10, max: 40 };
const logger = () => ({ warn: vi.fn(), error: vi.fn() });

function reservations(db: () => Database) {
  it('holds a reservation once reserve answers, and appends the completed record and deletes the reservation in one write', async () => {
    const writer = new AuditWriter(db());
    await writer.reserve({ id: 'r-complete', entry: entry('req-complete', 'interrupted') });
    expect(await pendingIds(db())).toContain('r-complete');
    writer.complete(entry('req-complete'), ['r-complete']);
    await writer.flush();
    expect(await recordsOf(db(), 'req-complete')).toEqual([{ outcome: 'ok', residents: [RESIDENT] }]);
    expect(await pendingIds(db())).not.toContain('r-complete');
    expect((await verifyChain(db())).broken).toBeNull();
  });

  it('writes a completed record with the next reservation, in one statement', async () => {
    const { db: counted, state } = watched(db());
    const writer = new AuditWriter(counted);
    await writer.reserve({ id: 'r-first', entry: entry('req-first', 'interrupted') });
    writer.complete(entry('req-first'), ['r-first']);
    state.sent = 0;
    await writer.reserve({ id: 'r-second', entry: entry('req-second', 'interrupted') });
    // The first write after the chain head is unknown takes its lock: a transaction, counted once.
    expect(state.sent).toBe(1);
    expect(await recordsOf(db(), 'req-first')).toEqual([{ outcome: 'ok', residents: [RESIDENT] }]);
    expect(await pendingIds(db())).toEqual(expect.arrayContaining(['r-second']));
    expect(await pendingIds(db())).not.toContain('r-first');
    writer.release(['r-second']);
    await writer.flush();
    expect(await pendingIds(db())).not.toContain('r-second');
    expect(await recordsOf(db(), 'req-second')).toEqual([]);
  });

  it('keeps a completed record it could not write and writes it once the database is back', async () => {
    const { db: flaky, state } = watched(db());
    const log = logger();
    const writer = new AuditWriter(flaky, { logger: log });
    await writer.reserve({ id: 'r-retried', entry: entry('req-retried', 'interrupted') });
    state.down = true;
    writer.complete(entry('req-retried'), ['r-retried']);
    await writer.flush();
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ records: 1 }), expect.stringMatching(/could not be written yet/));
    // Meanwhile the next requests' records are written: the failed one waits apart.
    state.down = false;
    await writer.append(entry('req-meanwhile'));
    expect(await recordsOf(db(), 'req-retried')).toEqual([]);
    expect(await pendingIds(db())).toContain('r-retried');
    await vi.waitFor(async () => expect(await recordsOf(db(), 'req-retried')).toEqual([{ outcome: 'ok', residents: [RESIDENT] }]), { timeout: 5000, interval: 50 });
    expect(await pendingIds(db())).not.toContain('r-retried');
    expect((await verifyChain(db())).broken).toBeNull();
    await writer.close();
  });

  it('writes the records it could not write yet before it closes, once the database is back', async () => {
    const { db: flaky, state } = watched(db());
    const writer = new AuditWriter(flaky, { logger: logger() });
    await writer.reserve({ id: 'r-closing', entry: entry('req-closing', 'interrupted') });
    state.down = true;
    writer.complete(entry('req-closing'), ['r-closing']);
    await writer.flush();
    state.down = false;
    await writer.close();
    expect(await recordsOf(db(), 'req-closing')).toEqual([{ outcome: 'ok', residents: [RESIDENT] }]);
  });

  it('writes the records a record the database refuses was batched with, and keeps retrying that one alone', async () => {
    const { db: picky, state } = watched(db());
    const writer = new AuditWriter(picky, { retryMs: quickRetries, logger: logger() });
    const ids = ['r-poison', 'r-good-1', 'r-good-2'];
    await Promise.all(ids.map((id) => writer.reserve({ id, entry: entry(`req-${id}`, 'interrupted') })));
    state.poison = 'req-r-poison';
    ids.forEach((id) => writer.complete(entry(`req-${id}`), [id]));
    await writer.flush();
    await vi.waitFor(async () => {
      expect(await recordsOf(db(), 'req-r-good-1')).toHaveLength(1);
      expect(await recordsOf(db(), 'req-r-good-2')).toHaveLength(1);
    }, { timeout: 5000, interval: 20 });
    expect(await recordsOf(db(), 'req-r-poison')).toEqual([]);
    expect(await pendingIds(db())).toContain('r-poison');
    state.poison = '';
    await vi.waitFor(async () => expect(await recordsOf(db(), 'req-r-poison')).toHaveLength(1), { timeout: 5000, interval: 20 });
    await writer.close();
  });

  it('keeps one record per request: a completion whose reservation a sweep already recorded is not appended', async () => {
    const log = logger();
    const writer = new AuditWriter(db(), { logger: log });
    await writer.reserve({ id: 'r-late', entry: entry('req-late', 'interrupted') });
    await writer.sweep(0);
    writer.complete(entry('req-late'), ['r-late']);
    await writer.flush();
    expect(await recordsOf(db(), 'req-late')).toEqual([{ outcome: 'interrupted', residents: [RESIDENT] }]);
    expect(log.warn).toHaveBeenCalledWith({ records: [{ requestId: 'req-late', outcome: 'ok' }] }, expect.stringMatching(/recorded already/));
    // The same in the writer's first, locked write and in a later one after the head it left.
    await writer.reserve({ id: 'r-late-2', entry: entry('req-late-2', 'interrupted') });
    await writer.sweep(0);
    await writer.append(entry('req-between'));
    writer.complete(entry('req-late-2'), ['r-late-2']);
    await writer.flush();
    expect(await recordsOf(db(), 'req-late-2')).toEqual([{ outcome: 'interrupted', residents: [RESIDENT] }]);
    expect((await verifyChain(db())).broken).toBeNull();
  });

  it('answers a flush while other requests keep the writer busy', async () => {
    const writer = new AuditWriter(db());
    let busy = true;
    // Four requests' records, each next one queued as the last is answered, so the writer never
    // goes idle. In-memory PGlite answers without I/O: there the loop yields to the event loop, or
    // it would hold it for good.
    const load = Array.from({ length: 4 }, async (_, n) => {
      for (let i = 0; busy; i++) {
        if (db().kind === 'pglite') await new Promise((resolve) => setImmediate(resolve));
        await writer.append(entry(`req-busy-${n}-${i}`));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    writer.complete(entry('req-flushed'), []);
    const flushed = await Promise.race([writer.flush().then(() => 'flushed'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000))]);
    busy = false;
    await Promise.all(load);
    expect(flushed).toBe('flushed');
    expect(await recordsOf(db(), 'req-flushed')).toHaveLength(1);
  });

  it('appends a reservation left behind as an interrupted record once it is old enough, once across two replicas', async () => {
    const [one, two] = [new AuditWriter(db()), new AuditWriter(db())];
    await one.reserve({ id: 'r-left', entry: entry('req-left', 'interrupted') });
    expect(await one.sweep(3600)).toEqual([]);
    const [swept, again] = await Promise.all([one.sweep(0), two.sweep(0)]);
    expect([...swept, ...again].filter((r) => r.requestId === 'req-left')).toEqual([expect.objectContaining({ outcome: 'interrupted', residents: [RESIDENT] })]);
    expect(await recordsOf(db(), 'req-left')).toEqual([{ outcome: 'interrupted', residents: [RESIDENT] }]);
    expect(await pendingIds(db())).toEqual([]);
    // Both writers go on after the sweep moved the chain head.
    await one.append(entry('req-after-sweep'));
    await two.append(entry('req-after-sweep'));
    expect((await verifyChain(db())).broken).toBeNull();
  });
}

describeOnBothDatabases('audit reservations', reservations);

describe('audit reservations on PGlite, which runs no autovacuum', () => {
  it('gives back the space of completed reservations at each sweep (PGlite runs no autovacuum)', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
    const writer = new AuditWriter(db);
    const size = async () => Number((await db.query<{ n: number }>("SELECT pg_relation_size('audit_pending') AS n")).rows[0]!.n);
    for (let round = 0; round < 5; round++) {
      const ids = Array.from({ length: 200 }, (_, i) => `r-${round}-${i}`);
      await Promise.all(ids.map((id) => writer.reserve({ id, entry: entry(`req-${id}`, 'interrupted') })));
      ids.forEach((id) => writer.complete(entry(`req-${id}`), [id]));
      await writer.flush();
    }
    expect(await pendingIds(db)).toEqual([]);
    expect(await size()).toBeGreaterThan(100_000);
    await writer.sweep(300);
    expect(await size()).toBe(0);
    await db.close();
  });
});

describe('a clerk’s answer and its audit record', () => {
  let stack: Stack;
  const resident = demoResidents.find((r) => r.departments.length === 3)!;
  const QUERY = `query($id: IdCardNumber!) { resident(idNumber: $id) { name health { familyDoctor { doctorName } } } }`;
  const refuse = (table: string) =>
    stack.gateway.db.exec(`CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit store refusing writes'; END; $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_write();`);
  const allow = (table: string) => stack.gateway.db.exec(`DROP TRIGGER IF EXISTS refuse_${table} ON ${table}`);
  const ask = async () => {
    const { status, body, headers } = await stack.graphql(QUERY, { id: resident.idNumber });
    return { status, body, requestId: headers.get('x-request-id')! };
  };

  beforeAll(async () => {
    // Every answer comes from the departments, as a cold cache's would.
    stack = await startStack({ env: { UPSTREAM_CIVIL_AFFAIRS_CACHE_TTL_S: '0', UPSTREAM_HOUSING_CACHE_TTL_S: '0', UPSTREAM_HEALTH_CACHE_TTL_S: '0' } });
  });
  afterAll(() => stack.close());

  it('reserves the resident while the departments answer, and leaves one record once the answer is out', async () => {
    stack.mocks.health.configure({ latencyMs: 400 });
    const answer = ask();
    await vi.waitFor(async () => expect(await pendingIds(stack.gateway.db)).toHaveLength(1), { timeout: 350, interval: 10 });
    const [reserved] = (await stack.gateway.db.query<{ entry: AuditEntry }>('SELECT entry FROM audit_pending')).rows;
    expect(reserved!.entry).toMatchObject({ actor: expect.stringMatching(/^staff:/), residents: [resident.idNumber], outcome: 'interrupted', purpose: 'counter-service' });
    const { status, body, requestId } = await answer;
    stack.mocks.health.configure({ latencyMs: 0 });
    expect(status).toBe(200);
    expect(body.data.resident.name).toBe(resident.name);
    await stack.gateway.auditWriter.flush();
    expect(await recordsOf(stack.gateway.db, requestId)).toEqual([{ outcome: 'ok', residents: [resident.idNumber] }]);
    expect(await pendingIds(stack.gateway.db)).toEqual([]);
  });

  it('answers before its record is written, and the reservation holds the record until it is', async () => {
    await refuse('audit_log');
    try {
      const { status, body, requestId } = await ask();
      expect(status).toBe(200);
      expect(body.data.resident.name).toBe(resident.name);
      await stack.gateway.auditWriter.flush();
      expect(await recordsOf(stack.gateway.db, requestId)).toEqual([]);
      expect(await pendingIds(stack.gateway.db)).toHaveLength(1);
      await allow('audit_log');
      await vi.waitFor(async () => expect(await recordsOf(stack.gateway.db, requestId)).toEqual([{ outcome: 'ok', residents: [resident.idNumber] }]), { timeout: 5000, interval: 50 });
      expect(await pendingIds(stack.gateway.db)).toEqual([]);
    } finally {
      await allow('audit_log');
    }
  });

  it('waits for its record when the reservation cannot be written', async () => {
    await refuse('audit_pending');
    try {
      const { status, body, requestId } = await ask();
      expect(status).toBe(200);
      expect(body.data.resident.name).toBe(resident.name);
      // Durable before the answer: no flush needed to find it.
      expect(await recordsOf(stack.gateway.db, requestId)).toEqual([{ outcome: 'ok', residents: [resident.idNumber] }]);
    } finally {
      await allow('audit_pending');
    }
  });

  it('withholds the data when neither the reservation nor the record can be written', async () => {
    await refuse('audit_pending');
    await refuse('audit_log');
    try {
      const { status, body } = await ask();
      expect(status).toBe(503);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })]);
    } finally {
      await allow('audit_log');
      await allow('audit_pending');
    }
  });

  it('shows an auditor a reservation left by a stopped gateway as an interrupted read', async () => {
    await stack.gateway.auditWriter.reserve({ id: 'left-by-a-crash', entry: { ...entry('req-crashed', 'interrupted'), residents: [resident.idNumber] } });
    expect(await stack.gateway.auditWriter.sweep(0)).toHaveLength(1);
    const auditor = await asUser(stack, { role: 'auditor' }, 'audit');
    const { body } = await stack.graphql(`query ($f: AuditFilter) { auditLog(filter: $f) { edges { node { residents outcome } } } }`, { f: { requestId: 'req-crashed' } }, auditor);
    expect(body.data.auditLog.edges).toEqual([{ node: { residents: [resident.idNumber], outcome: 'INTERRUPTED' } }]);
  });
});
