import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditWriter } from '../../src/audit/writer.js';
import { verifyChain } from '../../src/audit/store.js';
import type { AuditEntry } from '../../src/audit/record.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';

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

/** Counts transactions, to see records of concurrent requests share them. */
function counting(db: Database) {
  let transactions = 0;
  const counted: Database = Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) => (transactions++, db.transaction(fn) as Promise<T>),
  });
  return { db: counted, transactions: () => transactions };
}

function groupCommit(open: () => Promise<{ db: Database; cleanup(): Promise<void> }>) {
  let db: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await migrate(db);
  });
  afterAll(() => cleanup());

  it('writes 100 concurrent records as an unbroken chain in far fewer transactions, each append answered when durable', async () => {
    const { db: counted, transactions } = counting(db);
    const writer = new AuditWriter(counted);
    const stored = await Promise.all(Array.from({ length: 100 }, (_, i) => writer.append(entry(i))));
    expect(stored.map((s) => s.requestId)).toEqual(Array.from({ length: 100 }, (_, i) => `req-${i}`));
    expect(new Set(stored.map((s) => s.seq)).size).toBe(100);
    expect(transactions()).toBeLessThan(10);
    const { rows } = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM audit_log');
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(100);
    expect((await verifyChain(db)).broken).toBeNull();
  });

  it('fails every append of a batch that cannot be written, so none of their data leaves', async () => {
    const broken = Object.assign(Object.create(db) as Database, { transaction: () => Promise.reject(new Error('database down')) });
    const writer = new AuditWriter(broken);
    const results = await Promise.allSettled([writer.append(entry(1)), writer.append(entry(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
}

describe('audit group commit on PGlite', () => {
  groupCommit(async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { db, cleanup: () => db.close() };
  });
});

describeWithPostgres('audit group commit on PostgreSQL', () => {
  groupCommit(async () => {
    const fresh = await freshPostgresDatabase();
    const db = await openDatabase({ url: fresh.url, dataDir: '' });
    return { db, cleanup: async () => (await db.close(), await fresh.drop()) };
  });
});
