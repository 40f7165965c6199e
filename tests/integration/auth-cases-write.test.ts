import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Access, type Decision } from '../../src/auth/access.js';
import { createClient } from '../../src/auth/api-keys.js';
import { insertGrant, revokeGrant } from '../../src/auth/consent-store.js';
import type { Scope, Viewer } from '../../src/auth/viewer.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import type { DepartmentLoaders } from '../../src/departments/index.js';
import { demoKnownTo } from '../support/demo.js';

// Access.maySubmitCaseFor: what the cases code asks before accepting a case from an app.

const resident = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
const now = new Date();
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
// Apps are decided on consent alone: a department asked would be a bug.
const noDepartments = new Proxy({}, { get: () => { throw new Error('no department is asked about an app'); } }) as DepartmentLoaders;

describe('may an app submit a case for a resident (cases:write)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
  });
  afterAll(() => db.close());

  async function appWith(scopes: Scope[]): Promise<Extract<Viewer, { kind: 'app' }>> {
    const { client } = await createClient(db, { name: 'Case helper', scopes, tier: 'standard' });
    return { kind: 'app', appId: client.id, name: client.name, scopes, tier: client.tier };
  }
  const grant = (app: Extract<Viewer, { kind: 'app' }>, scopes: Scope[], purpose = 'elderly-care', expiresAt = days(30)) =>
    insertGrant(db, { idNumber: resident, appId: app.appId, scopes, purpose, expiresAt });
  const decide = (viewer: Viewer, purpose: string | null = 'elderly-care') =>
    new Access(viewer, { purpose, caseReference: null }, noDepartments, db, now).maySubmitCaseFor(resident);
  const refusal = async (decision: Promise<Decision>) => {
    const error = await decision;
    if (error === true) throw new Error('expected a refusal');
    return { message: error.message, ...error.extensions };
  };

  it('allows an app holding cases:write whose resident consented to it for the stated purpose', async () => {
    const app = await appWith(['resident:basic', 'cases:write']);
    await grant(app, ['resident:basic', 'cases:write']);
    expect(await decide(app)).toBe(true);
  });

  it('allows it when another of the resident\'s active grants for that purpose covers cases:write', async () => {
    const app = await appWith(['resident:basic', 'cases:write']);
    await grant(app, ['resident:basic']);
    await grant(app, ['cases:write']);
    expect(await decide(app)).toBe(true);
  });

  it('refuses an app whose key lacks cases:write, whatever the consent', async () => {
    const app = await appWith(['resident:basic']);
    await grant(app, ['resident:basic']);
    expect(await refusal(decide(app))).toMatchObject({ code: 'FORBIDDEN', permission: 'cases:write', message: 'App "Case helper" lacks permission cases:write' });
  });

  it('refuses when the resident\'s consent does not cover cases:write', async () => {
    const app = await appWith(['resident:basic', 'cases:write']);
    await grant(app, ['resident:basic']);
    expect(await refusal(decide(app))).toMatchObject({ permission: 'consent:cases:write', message: expect.stringMatching(/does not cover cases:write/) });
  });

  it('refuses without a stated purpose', async () => {
    const app = await appWith(['cases:write']);
    await grant(app, ['cases:write']);
    expect(await refusal(decide(app, null))).toMatchObject({ permission: 'purpose', message: expect.stringMatching(/must state a purpose/) });
  });

  it('refuses when the consent is for another purpose', async () => {
    const app = await appWith(['cases:write']);
    await grant(app, ['cases:write'], 'rental-application');
    expect(await refusal(decide(app))).toMatchObject({ permission: 'consent:purpose', message: expect.stringMatching(/is for purpose "rental-application", not "elderly-care"/) });
  });

  it('refuses when the resident never consented', async () => {
    const app = await appWith(['cases:write']);
    expect(await refusal(decide(app))).toMatchObject({ permission: 'consent', message: expect.stringMatching(/has not consented/) });
  });

  it('refuses once the consent has expired', async () => {
    const app = await appWith(['cases:write']);
    await grant(app, ['cases:write'], 'elderly-care', days(-1));
    expect(await refusal(decide(app))).toMatchObject({ permission: 'consent', message: expect.stringMatching(/expired on/) });
  });

  it('refuses once the resident revoked the consent', async () => {
    const app = await appWith(['cases:write']);
    await revokeGrant(db, resident, (await grant(app, ['cases:write'])).id);
    expect(await refusal(decide(app))).toMatchObject({ permission: 'consent', message: expect.stringMatching(/revoked consent/) });
  });

  it('answers staff that they submit by role, not through consent', async () => {
    const clerk: Viewer = { kind: 'staff', subject: 'clerk-1', role: 'clerk', jurisdiction: { city: true } };
    expect(await refusal(decide(clerk))).toMatchObject({ permission: 'app' });
  });
});
