import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/viewer.js';
import { app } from '../support/auth.js';
import { CASE, DATABASES, ELDERLY_MATERIALS, SUBMIT, clerk, resident, testClock } from '../support/cases.js';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

// An app submits a one-window case for a resident who consented to it (cases:write, for the purpose
// the app states), and follows that case while the consent holds; over HTTP, on both databases.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const START = '2026-03-02T10:00:00+08:00';
const PURPOSE = 'elderly-care';
const GRANT = `mutation ($input: GrantConsentInput!) { grantConsent(input: $input) { id } }`;
const REVOKE = `mutation ($id: ID!) { revokeConsent(id: $id) { active } }`;
const AUDIT = `query ($f: AuditFilter) { auditLog(filter: $f, first: 5) { edges { node { actor residents fields purpose outcome } } } }`;
const SUBMITTED = `query ($n: ID!) { case(acceptanceNumber: $n) { acceptanceNumber submittedBy district history { kind note } } }`;

for (const database of DATABASES) {
  database.describe(`apps submitting cases on a resident's consent (${database.name})`, () => {
    let stack: Stack;
    let drop: () => Promise<void>;
    const clock = testClock(START);
    beforeAll(async () => {
      const fresh = await database.fresh();
      drop = fresh.drop;
      stack = await startStack({ env: fresh.env, clock: clock.now });
    });
    afterAll(async () => {
      await stack.close();
      await drop();
    });

    const elderlyCare = { idNumber: everywhere.idNumber, matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS };
    const daysFromNow = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString();

    /** The resident, signed in as themself, grants the app these scopes for a purpose; answers the grant's id. */
    async function grant(appId: string, scopes: Scope[], purpose = PURPOSE, days = 30): Promise<string> {
      const { body } = await stack.graphql(GRANT, { input: { appId, scopes, purpose, expiresAt: daysFromNow(days) } }, await resident(everywhere.idNumber));
      if (body.errors) throw new Error(`grantConsent failed: ${JSON.stringify(body.errors)}`);
      return body.data.grantConsent.id;
    }
    async function consentedApp(name: string) {
      const client = await app(stack, ['resident:basic', 'cases:write'], 'standard', name);
      return { ...client, grantId: await grant(client.id, ['cases:write']) };
    }
    const submitAs = (headers: Record<string, string>, input: Record<string, unknown> = elderlyCare) => stack.graphql(SUBMIT, { input }, headers);
    const refusal = async (headers: Record<string, string>) => (await submitAs(headers)).body.errors?.[0];

    it('accepts the case of an app holding cases:write with the resident\'s consent, in the district civil affairs records, as submitted by the app', async () => {
      const client = await consentedApp('Elder care helper');
      const { body } = await submitAs(client.headers(PURPOSE));
      expect(body.errors).toBeUndefined();
      const n = body.data.submitCase.case.acceptanceNumber;
      const shown = (await stack.graphql(SUBMITTED, { n })).body.data.case;
      expect(shown).toMatchObject({ submittedBy: `app:${client.id}`, district: everywhere.idNumber.slice(0, 6) });
      expect(shown.history[0]).toEqual({ kind: 'ACCEPTED', note: `submitted by app "Elder care helper" (app:${client.id}) on the resident's consent for ${PURPOSE}` });
    });

    it('keys idempotency per app: the same key replays the app\'s case, and is a different case for a clerk', async () => {
      const client = await consentedApp('Retrying app');
      const key = { 'idempotency-key': 'app-retry-0001' };
      const first = await submitAs({ ...client.headers(PURPOSE), ...key });
      const again = await submitAs({ ...client.headers(PURPOSE), ...key });
      expect(again.body.data.submitCase).toMatchObject({ replayed: true, case: { acceptanceNumber: first.body.data.submitCase.case.acceptanceNumber } });
      const byClerk = await submitAs({ ...(await clerk()), ...key }, { ...elderlyCare, district: everywhere.idNumber.slice(0, 6) });
      expect(byClerk.body.data.submitCase.replayed).toBe(false);
      expect(byClerk.body.data.submitCase.case.acceptanceNumber).not.toBe(first.body.data.submitCase.case.acceptanceNumber);
    });

    it('records the app, the resident and the purpose in the audit trail', async () => {
      const client = await consentedApp('Audited app');
      const requestId = `app-submit-${Date.now()}`;
      await submitAs({ ...client.headers(PURPOSE), 'x-request-id': requestId });
      const auditor = { authorization: `Bearer ${await stack.token({ role: 'auditor' })}`, 'x-purpose': 'audit' };
      const { body } = await stack.graphql(AUDIT, { f: { requestId } }, auditor);
      expect(body.data.auditLog.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { actor: `app:${client.id}`, residents: [everywhere.idNumber], fields: expect.arrayContaining(['Mutation.submitCase']), purpose: PURPOSE, outcome: 'OK' },
      ]);
    });

    it('refuses an app whose key lacks cases:write', async () => {
      const client = await app(stack, ['resident:basic'], 'standard', 'Reader only');
      await grant(client.id, ['resident:basic']);
      expect(await refusal(client.headers(PURPOSE))).toMatchObject({ message: 'App "Reader only" lacks permission cases:write', extensions: { code: 'FORBIDDEN', permission: 'cases:write' } });
    });

    it('refuses an app the resident never consented to', async () => {
      const client = await app(stack, ['cases:write'], 'standard', 'Stranger app');
      expect(await refusal(client.headers(PURPOSE))).toMatchObject({ message: expect.stringMatching(/has not consented to app "Stranger app"/), extensions: { code: 'FORBIDDEN', permission: 'consent' } });
    });

    it('refuses an app whose consent does not cover cases:write', async () => {
      const client = await app(stack, ['resident:basic', 'cases:write'], 'standard', 'Under-consented app');
      await grant(client.id, ['resident:basic']);
      expect(await refusal(client.headers(PURPOSE))).toMatchObject({ message: expect.stringMatching(/does not cover cases:write/), extensions: { code: 'FORBIDDEN', permission: 'consent:cases:write' } });
    });

    it('refuses an app stating another purpose than the consent\'s', async () => {
      const client = await consentedApp('Purpose-drifting app');
      expect(await refusal(client.headers('rental-application'))).toMatchObject({
        message: expect.stringMatching(/is for purpose "elderly-care", not "rental-application"/),
        extensions: { code: 'FORBIDDEN', permission: 'consent:purpose' },
      });
    });

    it('refuses an app once the consent has expired', async () => {
      const client = await app(stack, ['cases:write'], 'standard', 'Late app');
      await grant(client.id, ['cases:write'], PURPOSE, 1);
      clock.set(daysFromNow(2));
      try {
        expect(await refusal(client.headers(PURPOSE))).toMatchObject({ message: expect.stringMatching(/expired on/), extensions: { code: 'FORBIDDEN', permission: 'consent' } });
      } finally {
        clock.set(START);
      }
    });

    it('refuses an app once the resident revoked the consent', async () => {
      const client = await consentedApp('Revoked app');
      await stack.graphql(REVOKE, { id: client.grantId }, await resident(everywhere.idNumber));
      expect(await refusal(client.headers(PURPOSE))).toMatchObject({ message: expect.stringMatching(/revoked consent/), extensions: { code: 'FORBIDDEN', permission: 'consent' } });
    });

    it('refuses a district named by an app: civil affairs decides where the case goes', async () => {
      const client = await consentedApp('District-picking app');
      const { body } = await submitAs(client.headers(PURPOSE), { ...elderlyCare, district: '110101' });
      expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/An app does not choose the district/), extensions: { code: 'BAD_USER_INPUT', field: 'district' } });
    });

    it('shows an app the case it submitted while the consent holds, and says why once it is revoked', async () => {
      const client = await consentedApp('Tracking app');
      const n = (await submitAs(client.headers(PURPOSE))).body.data.submitCase.case.acceptanceNumber;
      const read = await stack.graphql(CASE, { n }, client.headers(PURPOSE));
      expect(read.body.data.case).toMatchObject({ acceptanceNumber: n, state: 'ACCEPTED' });

      await stack.graphql(REVOKE, { id: client.grantId }, await resident(everywhere.idNumber));
      const after = await stack.graphql(CASE, { n }, client.headers(PURPOSE));
      expect(after.body.data.case).toBeNull();
      expect(after.body.errors[0]).toMatchObject({ message: expect.stringMatching(/revoked consent/), extensions: { code: 'FORBIDDEN' } });
    });

    it('shows an app nothing of a case another submitter filed, even with the resident\'s consent', async () => {
      const byClerk = await submitAs(await clerk(), { ...elderlyCare, district: everywhere.idNumber.slice(0, 6) });
      const client = await consentedApp('Curious app');
      const { body } = await stack.graphql(CASE, { n: byClerk.body.data.submitCase.case.acceptanceNumber }, client.headers(PURPOSE));
      expect(body).toEqual({ data: { case: null } });
      const list = await stack.graphql('{ cases { totalCount } }', {}, client.headers(PURPOSE));
      expect(list.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'cases:read' });
    });
  });
}
