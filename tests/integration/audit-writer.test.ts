import { expect, it } from 'vitest';
import { AuditWriter } from '../../src/audit/writer.js';
import { queryAudit, verifyChain } from '../../src/audit/store.js';
import type { AuditEntry } from '../../src/audit/record.js';
import type { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { describeOnBothDatabases } from '../support/services.js';

const entry = (i: number): AuditEntry => ({
  at: new Date(),
  actor: `staff:clerk-${i}`,
  actorKind: 'staff',
  role: 'clerk',
  residents: ['11010519491231002X'],
  refused: [],
  departments: ['HOUSING'],
  fields: ['Resident.housing'],
  purpose: 'counter-service',
  caseReference: null,
  requestId: `req-${i}`,
  operation: 'Desk',
  outcome: 'ok',
});

/** Counts what a writer sends: locked transactions and single statements. */
function counting(db: Database) {
  const sent = { transactions: 0, statements: 0 };
  const counted: Database = Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) => (sent.transactions++, db.transaction(fn) as Promise<T>),
    query: (sql: string, params?: unknown[], name?: string) => (sent.statements++, db.query(sql, params, name)),
  });
  return { db: counted, sent };
}

const count = async (db: Database) => Number((await db.query<{ n: string | number }>('SELECT count(*) AS n FROM audit_log')).rows[0]!.n);

function auditTrail(db: () => Database) {
  it('writes 100 concurrent records as an unbroken chain in far fewer writes, each append answered when durable', async () => {
    const { db: counted, sent } = counting(db());
    const writer = new AuditWriter(counted);
    const before = await count(db());
    const stored = await Promise.all(Array.from({ length: 100 }, (_, i) => writer.append(entry(i))));
    expect(stored.map((s) => s.requestId)).toEqual(Array.from({ length: 100 }, (_, i) => `req-${i}`));
    expect(new Set(stored.map((s) => s.seq)).size).toBe(100);
    expect(sent.transactions + sent.statements).toBeLessThan(10);
    expect(await count(db())).toBe(before + 100);
    expect((await verifyChain(db())).broken).toBeNull();
  });

  it('writes the records appended in one turn of the event loop together, as requests that finish together', async () => {
    const { db: counted, sent } = counting(db());
    const writer = new AuditWriter(counted);
    await writer.append(entry(0));
    Object.assign(sent, { transactions: 0, statements: 0 });
    const stored = await Promise.all(Array.from({ length: 5 }, (_, i) => writer.append(entry(i + 1))));
    expect(sent).toEqual({ transactions: 0, statements: 1 });
    expect(stored.map((s) => s.seq)).toEqual(Array.from({ length: 5 }, (_, i) => stored[0]!.seq + i));
    expect((await verifyChain(db())).broken).toBeNull();
  });

  it('writes each record in one statement after its first, without taking the chain-head lock', async () => {
    const { db: counted, sent } = counting(db());
    const writer = new AuditWriter(counted);
    for (let i = 0; i < 5; i++) await writer.append(entry(i));
    expect(sent).toEqual({ transactions: 1, statements: 4 });
    expect((await verifyChain(db())).broken).toBeNull();
  });

  it('keeps one unbroken chain when two replicas write in turns and at once', async () => {
    const a = counting(db());
    const b = counting(db());
    const [one, two] = [new AuditWriter(a.db), new AuditWriter(b.db)];
    const before = await count(db());
    for (let i = 0; i < 6; i++) await (i % 2 ? one : two).append(entry(i));
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).append(entry(i))));
    expect(await count(db())).toBe(before + 46);
    expect((await verifyChain(db())).broken).toBeNull();
    // Each found the head moved by the other and wrote under the lock after it.
    expect(a.sent.transactions).toBeGreaterThan(1);
    expect(b.sent.transactions).toBeGreaterThan(1);
  });

  it('fails every append of a batch that cannot be written, so none of their data leaves, and writes again once the database is back', async () => {
    let down = false;
    const failing = (real: (...args: never[]) => unknown) => (...args: never[]) => (down ? Promise.reject(new Error('database down')) : real(...args));
    const flaky: Database = Object.assign(Object.create(db()) as Database, {
      transaction: failing(db().transaction.bind(db()) as never),
      query: failing(db().query.bind(db()) as never),
    });
    const writer = new AuditWriter(flaky);
    await writer.append(entry(0));
    down = true;
    const results = await Promise.allSettled([writer.append(entry(1)), writer.append(entry(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    down = false;
    await writer.append(entry(3));
    expect((await verifyChain(db())).broken).toBeNull();
  });

  // Two residents no other test writes about.
  const A = '110101199003074478';
  const B = '11010519870615281X';
  const about = (i: number, residents: string[], refused: string[] = []): AuditEntry => ({ ...entry(i), residents, refused });

  it("finds a resident's records, read or refused, newest first, with the other filters and in pages", async () => {
    const writer = new AuditWriter(db());
    const [readA, refusedA, readB, both, againA] = [
      await writer.append(about(1, [A])),
      await writer.append(about(2, [B], [A])),
      await writer.append(about(3, [B])),
      await writer.append(about(9, [A, B])),
      await writer.append(about(4, [A, A])),
    ];
    const seqs = (rows: { seq: number }[]) => rows.map((r) => r.seq);
    expect(seqs(await queryAudit(db(), { residentIdNumber: A }, 10))).toEqual([againA, both, refusedA, readA].map((r) => r.seq));
    expect(seqs(await queryAudit(db(), { residentIdNumber: B }, 10))).toEqual([both, readB, refusedA].map((r) => r.seq));
    expect(seqs(await queryAudit(db(), { residentIdNumber: A, actor: 'staff:clerk-9' }, 10))).toEqual([both.seq]);
    expect(seqs(await queryAudit(db(), { residentIdNumber: A, requestId: 'req-2' }, 10))).toEqual([refusedA.seq]);
    expect(seqs(await queryAudit(db(), { residentIdNumber: A }, 2))).toEqual([againA.seq, both.seq]);
    expect(seqs(await queryAudit(db(), { residentIdNumber: A }, 2, both.seq))).toEqual([refusedA.seq, readA.seq]);
    expect((await queryAudit(db(), { residentIdNumber: A }, 1))[0]).toEqual(againA);
  });

  it('finds the records written before the resident index existed, once the migration has run', async () => {
    const writer = new AuditWriter(db());
    const before = await writer.append(about(5, [A], [B]));
    // As a database from before the index: its migration not applied, the table not there.
    await db().exec("DROP TABLE audit_log_resident; DELETE FROM schema_migrations WHERE name = '013_audit_log_resident.sql'");
    expect(await migrate(db())).toEqual(['013_audit_log_resident.sql']);
    const after = await writer.append(about(6, [A]));
    expect((await queryAudit(db(), { residentIdNumber: A }, 2)).map((r) => r.seq)).toEqual([after.seq, before.seq]);
    expect((await queryAudit(db(), { residentIdNumber: B }, 1)).map((r) => r.seq)).toEqual([before.seq]);
    await expect(db().query('DELETE FROM audit_log_resident')).rejects.toThrow(/append-only/);
  });

  it("finds a request's record by its request id through an index of its own", async () => {
    const writer = new AuditWriter(db());
    const once = (i: number) => ({ ...entry(i), requestId: `req-by-id-${i}-${Date.now()}` });
    const [first, second] = [await writer.append(once(7)), await writer.append(once(8))];
    expect((await queryAudit(db(), { requestId: second.requestId }, 10)).map((r) => r.seq)).toEqual([second.seq]);
    expect((await queryAudit(db(), { requestId: first.requestId }, 10)).map((r) => r.seq)).toEqual([first.seq]);
    const { rows } = await db().query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'audit_log' AND indexname = 'audit_log_request_id'");
    expect(rows[0]?.indexdef).toMatch(/\(request_id\)/);
  });
}

describeOnBothDatabases('audit trail', auditTrail);
