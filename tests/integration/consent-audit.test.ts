import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/store.js';
import { revokeClient } from '../../src/auth/api-keys.js';
import { demoKnownTo } from '../support/demo.js';
import { app, asUser } from '../support/auth.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';

// Consent, API keys and the audit trail, on embedded PGlite and on the real PostgreSQL.

const run = promisify(execFile);
const resident = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const READ = `query($id: IdCardNumber!) { resident(idNumber: $id) { name housing { stale } } }`;
const GRANT = `mutation($input: GrantConsentInput!) { grantConsent(input: $input) { id scopes purpose active appName } }`;
const AUDIT = `query($f: AuditFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) {
  edges { cursor node { seq actor role residents departments fields purpose caseReference requestId outcome } } pageInfo { hasNextPage endCursor } } }`;
const inAYear = () => new Date(Date.now() + 300 * 86_400_000).toISOString();

function behaviour(open: () => Promise<{ stack: Stack; databaseUrl?: string; cleanup(): Promise<void> }>) {
  let stack: Stack;
  let databaseUrl: string | undefined;
  let cleanup: () => Promise<void>;
  let self: Record<string, string>;
  let auditor: Record<string, string>;
  beforeAll(async () => {
    ({ stack, databaseUrl, cleanup } = await open());
    self = await asUser(stack, { role: 'resident', idNumber: resident.idNumber }, 'self-service');
    auditor = await asUser(stack, { role: 'auditor' }, 'audit');
  });
  afterAll(() => cleanup());

  it('lets an app read a resident only between the resident granting and revoking consent', async () => {
    const client = await app(stack, ['resident:basic', 'housing:read']);
    expect((await stack.graphql(READ, { id: resident.idNumber }, client.headers())).body.errors[0].message).toMatch(/has not consented/);

    const input = { appId: client.id, scopes: ['resident:basic', 'housing:read'], purpose: 'rental-application', expiresAt: inAYear() };
    const granted = await stack.graphql(GRANT, { input }, self);
    expect(granted.body.data.grantConsent).toMatchObject({ active: true, appName: client.name, purpose: 'rental-application' });
    const read = await stack.graphql(READ, { id: resident.idNumber }, client.headers());
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.resident.name).toBe(resident.name);

    const mine = await stack.graphql('{ myConsents { id active } }', {}, self);
    expect(mine.body.data.myConsents).toContainEqual({ id: granted.body.data.grantConsent.id, active: true });
    const revoked = await stack.graphql('mutation($id: ID!) { revokeConsent(id: $id) { active revokedAt } }', { id: granted.body.data.grantConsent.id }, self);
    expect(revoked.body.data.revokeConsent.active).toBe(false);
    expect((await stack.graphql(READ, { id: resident.idNumber }, client.headers())).body.errors[0].message).toMatch(/revoked consent/);
  });

  it('refuses a grant for a scope the app does not hold, and grants by anyone but the resident', async () => {
    const client = await app(stack, ['resident:basic']);
    const input = { appId: client.id, scopes: ['health:read'], purpose: 'x', expiresAt: inAYear() };
    const beyond = await stack.graphql(GRANT, { input }, self);
    expect(beyond.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const byClerk = await stack.graphql(GRANT, { input: { ...input, scopes: ['resident:basic'] } });
    expect(byClerk.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'role:resident' });
  });

  it('records every personal-data read with actor, residents, fields and purpose; only auditors read the log', async () => {
    const requestId = `audit-probe-${Date.now()}`;
    await stack.graphql(READ, { id: resident.idNumber }, { 'x-request-id': requestId, 'x-purpose': 'case-handling', 'x-case-reference': 'CASE-7' });
    const { body } = await stack.graphql(AUDIT, { f: { requestId } }, auditor);
    expect(body.data.auditLog.edges).toHaveLength(1);
    expect(body.data.auditLog.edges[0].node).toMatchObject({
      actor: 'staff:clerk-dev',
      role: 'clerk',
      residents: [resident.idNumber],
      departments: ['HOUSING'],
      fields: expect.arrayContaining(['Query.resident', 'Resident.name', 'Resident.housing', 'HousingProfile.stale']),
      purpose: 'case-handling',
      caseReference: 'CASE-7',
      outcome: 'OK',
    });
    const asClerk = await stack.graphql(AUDIT, { f: { requestId } });
    expect(asClerk.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'role:auditor' });
  });

  it('pages the log newest first with cursors', async () => {
    for (let i = 0; i < 3; i++) await stack.graphql(READ, { id: resident.idNumber });
    const first = (await stack.graphql(AUDIT, { f: { residentIdNumber: resident.idNumber }, first: 2 }, auditor)).body.data.auditLog;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await stack.graphql(AUDIT, { f: { residentIdNumber: resident.idNumber }, first: 2, after: first.pageInfo.endCursor }, auditor)).body.data.auditLog;
    expect(next.edges[0].node.seq).toBeLessThan(first.edges[1].node.seq);
  });

  it('finds a record altered directly in the database (`npm run audit -- verify`)', async () => {
    await stack.graphql(READ, { id: resident.idNumber });
    // The CLI opens the database itself; an in-memory PGlite lives only in this process, so it is checked in-process.
    const verify = async () => {
      if (!databaseUrl) return verifyChain(stack.gateway.db).then((r) => (r.broken ? `BROKEN at record ${r.broken.seq}: ${r.broken.reason}` : 'OK'));
      const env = { ...process.env, DATABASE_URL: databaseUrl };
      return run('npx', ['tsx', 'src/audit/cli.ts', 'verify'], { env }).then((r) => r.stdout, (e: { stdout: string }) => e.stdout);
    };
    expect(await verify()).toMatch(/^OK/);
    await stack.gateway.db.exec(
      "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change; UPDATE audit_log SET purpose = 'tampered' WHERE seq = 2; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change",
    );
    expect(await verify()).toMatch(/BROKEN at record 2: content does not match its hash/);
  });

  it('creates, lists and revokes API keys (`npm run client`); a revoked key is refused at once', async () => {
    let key: string;
    let id: string;
    if (databaseUrl) {
      const env = { ...process.env, DATABASE_URL: databaseUrl };
      const created = await run('npx', ['tsx', 'src/auth/cli/client.ts', 'create', '--name', 'CLI app', '--scopes', 'resident:basic', '--tier', 'basic'], { env });
      key = /API key.*: (\S+)/.exec(created.stdout)![1]!;
      id = /app id: (\S+)/.exec(created.stdout)![1]!;
      expect((await run('npx', ['tsx', 'src/auth/cli/client.ts', 'list'], { env })).stdout).toMatch(new RegExp(`${id}\tactive\tbasic\tresident:basic\tCLI app`));
    } else ({ key, id } = await app(stack, ['resident:basic'], 'basic', 'CLI app'));
    const headers = { 'x-api-key': key, 'x-purpose': 'rental-application' };
    expect((await stack.graphql(READ, { id: resident.idNumber }, headers)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    if (databaseUrl) await run('npx', ['tsx', 'src/auth/cli/client.ts', 'revoke', id], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    else await revokeClient(stack.gateway.db, id);
    const refused = await stack.graphql(READ, { id: resident.idNumber }, headers);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toMatch(/API key of app "CLI app" was revoked/);
  });

  it('refuses to change, delete or truncate audit records through SQL', async () => {
    const { db } = stack.gateway;
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.query("UPDATE audit_log SET purpose = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log CASCADE')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log_resident')).rejects.toThrow(/append-only/);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBeGreaterThan(0);
  });
}

describe('consent and audit on embedded PGlite', () => {
  behaviour(async () => {
    const stack = await startStack();
    return { stack, cleanup: () => stack.close() };
  });
});

describeWithPostgres('consent and audit on PostgreSQL', () => {
  behaviour(async () => {
    const fresh = await freshPostgresDatabase();
    const stack = await startStack({ env: { DATABASE_URL: fresh.url } });
    return { stack, databaseUrl: fresh.url, cleanup: async () => (await stack.close(), await fresh.drop()) };
  });
});

describe('audit store down', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack()));
  afterAll(() => stack.close());

  it('serves no personal data and says why', async () => {
    await stack.gateway.db.close();
    const { status, body } = await stack.graphql(READ, { id: resident.idNumber });
    expect(status).toBe(503);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.stringMatching(/audit trail cannot be written/), extensions: { code: 'AUDIT_UNAVAILABLE' } }]);
    expect(JSON.stringify(body)).not.toContain(resident.name);
  });
});
