import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Scope } from './viewer.js';

// Residents' consent grants (Myinfo-style): one app, some scopes, one purpose, until an expiry.

export interface ConsentGrantModel {
  id: string;
  idNumber: string;
  appId: string;
  appName: string;
  scopes: Scope[];
  purpose: string;
  grantedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  id_number: string;
  app_id: string;
  app_name: string;
  scopes: Scope[];
  purpose: string;
  granted_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

// Columns listed, not g.*: a column a migration adds cannot change a prepared statement's result type.
const SELECT = `SELECT g.id, g.id_number, g.app_id, g.scopes, g.purpose, g.granted_at, g.expires_at, g.revoked_at, c.name AS app_name
  FROM consent_grants g JOIN api_clients c ON c.id = g.app_id`;

const toGrant = (r: Row): ConsentGrantModel => ({
  id: r.id,
  idNumber: r.id_number,
  appId: r.app_id,
  appName: r.app_name,
  scopes: r.scopes,
  purpose: r.purpose,
  grantedAt: r.granted_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export const isActive = (g: ConsentGrantModel, now: Date) => g.revokedAt === null && g.expiresAt.getTime() > now.getTime();

export async function insertGrant(db: Queryable, input: { idNumber: string; appId: string; scopes: Scope[]; purpose: string; expiresAt: Date }): Promise<ConsentGrantModel> {
  const id = randomUUID();
  await db.query('INSERT INTO consent_grants (id, id_number, app_id, scopes, purpose, expires_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)', [
    id,
    input.idNumber,
    input.appId,
    JSON.stringify(input.scopes),
    input.purpose,
    input.expiresAt.toISOString(),
  ]);
  return (await grantsWhere(db, 'g.id = $1', [id]))[0]!;
}

/** Revokes one of the resident's own grants; null when they hold no grant with that ID. */
export async function revokeGrant(db: Queryable, idNumber: string, id: string): Promise<ConsentGrantModel | null> {
  const { rows } = await db.query<{ id: string }>(
    'UPDATE consent_grants SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND id_number = $2 RETURNING id',
    [id, idNumber],
  );
  return rows[0] ? (await grantsWhere(db, 'g.id = $1', [id]))[0]! : null;
}

export const grantsOfResident = (db: Queryable, idNumber: string) => grantsWhere(db, 'g.id_number = $1 ORDER BY g.granted_at DESC, g.id', [idNumber]);

// Read on every app request that reads a resident: a prepared statement, its name and text one constant.
const GRANTS_FOR_APP = { name: 'consent-grants-for-app', sql: `${SELECT} WHERE g.app_id = $1 AND g.id_number = ANY($2::text[])` };

/** Every grant (active or not, to explain refusals) the given residents gave one app, in one query. */
export async function grantsForApp(db: Queryable, appId: string, idNumbers: readonly string[]): Promise<ConsentGrantModel[][]> {
  const { rows } = await db.query<Row>(GRANTS_FOR_APP.sql, [appId, `{${idNumbers.join(',')}}`], GRANTS_FOR_APP.name);
  const grants = rows.map(toGrant);
  return idNumbers.map((id) => grants.filter((g) => g.idNumber === id));
}

async function grantsWhere(db: Queryable, where: string, params: unknown[]): Promise<ConsentGrantModel[]> {
  return (await db.query<Row>(`${SELECT} WHERE ${where}`, params)).rows.map(toGrant);
}
