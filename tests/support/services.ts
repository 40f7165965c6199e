import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

// Real Redis and PostgreSQL for the suites that cover caching, rate limits, audit and cases.
// Missing on a laptop: those suites are skipped and say why. Missing in CI (CI=true): the run fails.

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

async function availability(name: string, url: string): Promise<boolean> {
  const up = await reachable(url);
  if (!up && process.env.CI === 'true') throw new Error(`${name} is not reachable at ${url}, and CI requires it`);
  if (!up) console.warn(`[skipped] ${name} is not reachable at ${url}: the suites that need it are skipped`);
  return up;
}

export const redisUp = await availability('Redis', REDIS_URL);
export const postgresUp = await availability('PostgreSQL', POSTGRES_URL);

/** `describe` that runs against the real Redis, or is skipped with the reason in its name. */
export const describeWithRedis = (name: string, fn: () => void) =>
  redisUp ? describe(name, fn) : describe.skip(`${name} (skipped: Redis not reachable at ${REDIS_URL})`, fn);

export const describeWithPostgres = (name: string, fn: () => void) =>
  postgresUp ? describe(name, fn) : describe.skip(`${name} (skipped: PostgreSQL not reachable at ${POSTGRES_URL})`, fn);

/** A fresh PostgreSQL database for one suite, dropped after it; suites never share tables. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ow_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A key prefix of its own per suite, so suites sharing one Redis never see each other's keys. */
export const uniquePrefix = (label: string) => `owtest:${label}:${randomBytes(4).toString('hex')}`;

/**
 * `suite` twice: on embedded PGlite, and on a fresh PostgreSQL database when one answers. Each is
 * opened and migrated before the suite's tests and closed (and dropped) after; `db()` is the one open.
 */
export function describeOnBothDatabases(name: string, suite: (db: () => Database) => void): void {
  const on = (open: () => Promise<{ db: Database; cleanup(): Promise<void> }>) => () => {
    let opened: { db: Database; cleanup(): Promise<void> } | undefined;
    beforeAll(async () => {
      opened = await open();
      await migrate(opened.db);
    });
    afterAll(() => opened?.cleanup());
    suite(() => opened!.db);
  };
  describe(
    `${name} on PGlite`,
    on(async () => {
      const db = await openDatabase({ dataDir: 'memory://' });
      return { db, cleanup: () => db.close() };
    }),
  );
  describeWithPostgres(
    `${name} on PostgreSQL`,
    on(async () => {
      const fresh = await freshPostgresDatabase();
      const db = await openDatabase({ url: fresh.url, dataDir: '' });
      return { db, cleanup: async () => (await db.close(), await fresh.drop()) };
    }),
  );
}
