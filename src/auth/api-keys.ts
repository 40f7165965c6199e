import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Scope, Tier, Viewer } from './viewer.js';

// Third-party apps' API keys: `ow_<app id>_<secret>`. Only the SHA-256 of the whole key is stored
// (a 32-byte random secret needs no slow hash), so a database leak gives no usable key.

export interface ApiClient {
  id: string;
  name: string;
  scopes: Scope[];
  tier: Tier;
  createdAt: Date;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  name: string;
  scopes: Scope[];
  tier: Tier;
  created_at: Date;
  revoked_at: Date | null;
}

// Columns listed, not *: a column a migration adds cannot change the prepared key lookup's result type.
const COLUMNS = 'id, name, scopes, tier, created_at, revoked_at';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const toClient = (r: Row): ApiClient => ({ id: r.id, name: r.name, scopes: r.scopes, tier: r.tier, createdAt: r.created_at, revokedAt: r.revoked_at });

export async function createClient(db: Queryable, input: { name: string; scopes: Scope[]; tier: Tier }): Promise<{ client: ApiClient; key: string }> {
  const id = randomBytes(6).toString('hex');
  const key = `ow_${id}_${randomBytes(32).toString('base64url')}`;
  const { rows } = await db.query<Row>(
    `INSERT INTO api_clients (id, name, key_hash, scopes, tier) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING ${COLUMNS}`,
    [id, input.name, hashKey(key), JSON.stringify(input.scopes), input.tier],
  );
  return { client: toClient(rows[0]!), key };
}

export async function listClients(db: Queryable): Promise<ApiClient[]> {
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM api_clients ORDER BY created_at, id`)).rows.map(toClient);
}

export async function revokeClient(db: Queryable, id: string): Promise<ApiClient | null> {
  const { rows } = await db.query<Row>(`UPDATE api_clients SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return rows[0] ? toClient(rows[0]) : null;
}

export async function findClient(db: Queryable, id: string): Promise<ApiClient | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM api_clients WHERE id = $1`, [id]);
  return rows[0] ? toClient(rows[0]) : null;
}

export type KeyCheck = { ok: true; viewer: Viewer } | { ok: false; reason: string };

export async function checkApiKey(db: Queryable, key: string): Promise<KeyCheck> {
  // On every app request: a prepared statement.
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM api_clients WHERE key_hash = $1`, [hashKey(key)], 'api-client-by-key');
  const row = rows[0];
  if (!row) return { ok: false, reason: 'Unknown API key' };
  if (row.revoked_at) return { ok: false, reason: `API key of app "${row.name}" was revoked on ${row.revoked_at.toISOString()}` };
  return { ok: true, viewer: { kind: 'app', appId: row.id, name: row.name, scopes: row.scopes, tier: row.tier } };
}
