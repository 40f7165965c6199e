import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';

function databaseBehaviour(open: () => Promise<{ db: Database; cleanup(): Promise<void> }>) {
  let db: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ db, cleanup } = await open()));
  afterAll(async () => cleanup());

  it('applies every migration once, however often it runs', async () => {
    const first = await migrate(db);
    const second = await migrate(db);
    expect(first).toContain('001_init.sql');
    expect(second).toEqual([]);
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO gateway_meta (key, value) VALUES ('rollback-probe', 'x')");
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await db.query("SELECT * FROM gateway_meta WHERE key = 'rollback-probe'");
    expect(rows).toEqual([]);
  });

  it('answers a named (prepared) statement as it answers the same statement unnamed, every time', async () => {
    const sql = 'SELECT $1::text[] AS ids, $2::int + 1 AS n, $3::jsonb AS doc, $4::text AS none';
    const params = [['a', 'b,c'], 41, JSON.stringify({ k: ['v'] }), null];
    const unnamed = (await db.query(sql, params)).rows;
    expect(unnamed).toEqual([{ ids: ['a', 'b,c'], n: 42, doc: { k: ['v'] }, none: null }]);
    for (let i = 0; i < 3; i++) expect((await db.query(sql, params, 'probe-types')).rows).toEqual(unnamed);
  });

  it('is ready for the next statement after a named statement fails', async () => {
    await expect(db.query('SELECT $1::int AS n', ['not a number'], 'probe-cast')).rejects.toThrow();
    expect((await db.query('SELECT $1::int AS n', [7], 'probe-cast')).rows).toEqual([{ n: 7 }]);
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('reports a named statement that cannot be prepared each time, and prepares the name once it can', async () => {
    for (let i = 0; i < 2; i++) await expect(db.query('SELEC 1', [], 'probe-syntax')).rejects.toMatchObject({ code: '42601' });
    expect((await db.query('SELECT 1 AS one', [], 'probe-syntax')).rows).toEqual([{ one: 1 }]);
  });

  it('writes and answers rows through a named INSERT ... RETURNING', async () => {
    const sql = 'INSERT INTO gateway_meta (key, value) VALUES ($1, $2) RETURNING key, value';
    expect((await db.query(sql, ['returning-probe-1', 'a'], 'probe-returning')).rows).toEqual([{ key: 'returning-probe-1', value: 'a' }]);
    expect((await db.query(sql, ['returning-probe-2', 'b'], 'probe-returning')).rows).toEqual([{ key: 'returning-probe-2', value: 'b' }]);
    expect((await db.query("SELECT count(*)::int AS n FROM gateway_meta WHERE key LIKE 'returning-probe-%'")).rows).toEqual([{ n: 2 }]);
  });

  it('never runs a named statement inside a transaction another caller has open', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO gateway_meta (key, value) VALUES ('isolation-probe', 'x')");
        inserted();
        await held;
        throw new Error('abort');
      })
      .catch(() => undefined);
    await didInsert;
    const read = db.query("SELECT key FROM gateway_meta WHERE key = 'isolation-probe'", [], 'probe-isolation');
    setTimeout(release, 20);
    await transaction;
    expect((await read).rows).toEqual([]);
  });
}

describe('embedded PGlite', () => {
  databaseBehaviour(async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { db, cleanup: () => db.close() };
  });

  // PostgreSQL refuses it too, but per connection of the pool; PGlite is one session.
  it('refuses one statement name for two texts', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await db.query('SELECT 1 AS one', [], 'probe-one-text');
      await expect(db.query('SELECT 2 AS two', [], 'probe-one-text')).rejects.toThrow(/already exists/);
    } finally {
      await db.close();
    }
  });
});

describeWithPostgres('PostgreSQL, two replicas starting together', () => {
  it('applies each migration exactly once between them', async () => {
    const fresh = await freshPostgresDatabase();
    const [a, b] = await Promise.all([openDatabase({ url: fresh.url, dataDir: '' }), openDatabase({ url: fresh.url, dataDir: '' })]);
    try {
      const [byA, byB] = await Promise.all([migrate(a), migrate(b)]);
      const all = [...byA, ...byB].sort();
      expect(all).toEqual([...new Set(all)]);
      expect(all).toContain('001_init.sql');
      const { rows } = await a.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(rows[0]!.n)).toBe(all.length);
    } finally {
      await a.close();
      await b.close();
      await fresh.drop();
    }
  });
});

describeWithPostgres('PostgreSQL', () => {
  databaseBehaviour(async () => {
    const fresh = await freshPostgresDatabase();
    const db = await openDatabase({ url: fresh.url, dataDir: '' });
    return { db, cleanup: async () => (await db.close(), await fresh.drop()) };
  });
});
