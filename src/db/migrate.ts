import { readFileSync, readdirSync } from 'node:fs';
import type { Database } from './database.js';

const MIGRATIONS = new URL('./migrations/', import.meta.url);
// Any fixed number: replicas starting together take turns applying migrations.
const LOCK_KEY = 461_001;

/**
 * Applies migrations/NNN_name.sql in order, each once, on PostgreSQL and PGlite alike. Each runs in
 * its own transaction under a transaction-level advisory lock, re-checking inside the lock, so the
 * lock lives and dies with the one pooled connection that holds it.
 */
export async function migrate(db: Database): Promise<string[]> {
  const files = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort();
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  });
  const applied: string[] = [];
  for (const file of files) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      if ((await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file])).rows.length > 0) return false;
      for (const statement of splitStatements(readFileSync(new URL(file, MIGRATIONS), 'utf8'))) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
/** Statements end with ";" at the end of a line; migrations keep functions ($$ bodies) on that rule. */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && !inDollar) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
