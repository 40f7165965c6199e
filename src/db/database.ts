import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PgliteStatements } from './pglite-statements.js';

export interface Queryable {
  /**
   * `name` makes it a prepared statement, parsed and planned once per connection (PostgreSQL) or
   * once (PGlite): for statements on every request's path, one name per SQL text.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<{ rows: T[] }>;
}

/** PostgreSQL when DATABASE_URL is set, embedded PGlite in a data folder otherwise; the same SQL runs on both. */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements at once, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(options: { url?: string; dataDir: string }): Promise<Database> {
  return options.url ? new PostgresDatabase(options.url) : PgliteDatabase.open(options.dataDir);
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<T>(sql: string, params: unknown[] = [], name?: string) {
    const result = await this.pool.query({ text: sql, values: params, name });
    return { rows: result.rows as T[] };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({ query: async <R>(sql: string, params: unknown[] = [], name?: string) => ({ rows: (await client.query({ text: sql, values: params, name })).rows as R[] }) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(sql: string) {
    await this.pool.query(sql);
  }

  async healthy() {
    return this.pool.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  async close() {
    await this.pool.end();
  }
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite';

  private readonly statements: PgliteStatements;

  private constructor(private readonly db: PGlite) {
    this.statements = new PgliteStatements(db);
  }

  /** `memory://` keeps nothing on disk (tests); anything else is a folder. */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    return new PgliteDatabase(db);
  }

  async query<T>(sql: string, params: unknown[] = [], name?: string) {
    if (name) return { rows: await this.statements.query<T>(sql, params, name) };
    const result = await this.db.query<T>(sql, params);
    return { rows: result.rows };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // A name is not passed on: a prepared run waits for the transaction lock this already holds.
    return this.db.transaction(async (tx) => fn({ query: async <R>(sql: string, params: unknown[] = []) => ({ rows: (await tx.query<R>(sql, params)).rows }) }));
  }

  async exec(sql: string) {
    await this.db.exec(sql);
  }

  async healthy() {
    return !this.db.closed;
  }

  async close() {
    if (!this.db.closed) await this.db.close();
  }
}
