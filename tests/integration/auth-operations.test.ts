import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/auth/viewer.js';
import { demoKnownTo } from '../support/demo.js';
import { app, asUser, consent } from '../support/auth.js';
import { startStack, type Stack } from '../support/stack.js';

// Every role and app against every operation outside a resident's department fields: the gateway's
// status, the audit log, consent, and one-window cases. Allowed: past the rules (the operation's own
// answer, e.g. NOT_FOUND for a number that does not exist); refused: FORBIDDEN naming the permission.

const resident = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
const NO_CASE = 'YC-20260302-110105-999999';

type Viewer = 'clerk' | 'supervisor' | 'auditor' | 'resident' | 'app with resident:basic' | 'app with every scope';
const VIEWERS: Viewer[] = ['clerk', 'supervisor', 'auditor', 'resident', 'app with resident:basic', 'app with every scope'];

/** Each operation, who gets past its rule, and what those viewers then get when it is not plain data. */
const OPERATIONS: Record<string, { query: string; allowed: Viewer[]; then?: string }> = {
  departments: { query: '{ departments { department breaker } }', allowed: ['clerk', 'supervisor', 'auditor'] },
  auditLog: { query: '{ auditLog(first: 1) { edges { cursor } } }', allowed: ['auditor'] },
  myConsents: { query: '{ myConsents { id } }', allowed: ['resident'] },
  grantConsent: {
    query: `mutation { grantConsent(input: { appId: "no-such-app", scopes: ["resident:basic"], purpose: "rental-application", expiresAt: "${inAMonth}" }) { id } }`,
    allowed: ['resident'],
    then: 'NOT_FOUND',
  },
  revokeConsent: { query: 'mutation { revokeConsent(id: "no-such-grant") { id } }', allowed: ['resident'], then: 'NOT_FOUND' },
  case: { query: `{ case(acceptanceNumber: "${NO_CASE}") { state } }`, allowed: ['clerk', 'supervisor', 'resident', 'app with every scope'] },
  cases: { query: '{ cases(first: 1) { totalCount } }', allowed: ['clerk', 'supervisor', 'resident'] },
  submitCase: {
    query: `mutation { submitCase(input: { matter: "NO_SUCH_MATTER", idNumber: "${resident}", materials: [] }) { replayed } }`,
    allowed: ['clerk', 'app with every scope'],
    then: 'BAD_USER_INPUT',
  },
  rateCase: { query: `mutation { rateCase(input: { acceptanceNumber: "${NO_CASE}", score: 5 }) { state } }`, allowed: ['clerk', 'resident'], then: 'NOT_FOUND' },
  supervision: { query: '{ supervision { overdue { count } } }', allowed: ['supervisor'] },
  satisfactionStats: { query: '{ satisfactionStats(period: { from: "2026-01-01", to: "2026-01-31" }) { total } }', allowed: ['clerk', 'supervisor'] },
};

describe('who may use which operation', () => {
  let stack: Stack;
  const headers = {} as Record<Viewer, Record<string, string>>;

  beforeAll(async () => {
    stack = await startStack();
    headers.clerk = await asUser(stack, { role: 'clerk' });
    headers.supervisor = await asUser(stack, { role: 'supervisor' });
    headers.auditor = await asUser(stack, { role: 'auditor' }, 'audit');
    headers.resident = await asUser(stack, { role: 'resident', idNumber: resident }, 'self-service');
    // Apps with the resident's consent for all they hold: scopes and consent open residents' data, not these operations.
    for (const [viewer, scopes] of [['app with resident:basic', ['resident:basic']], ['app with every scope', [...SCOPES]]] as const) {
      const client = await app(stack, [...scopes], 'standard', viewer);
      await consent(stack, resident, client.id, [...scopes]);
      headers[viewer] = client.headers();
    }
  });
  afterAll(() => stack.close());

  const cases = Object.keys(OPERATIONS).flatMap((operation) => VIEWERS.map((viewer) => [viewer, operation] as const));

  it.each(cases)('%s using %s', async (viewer, operation) => {
    const { query, allowed, then } = OPERATIONS[operation]!;
    const { body } = await stack.graphql(query, {}, headers[viewer]);
    if (!allowed.includes(viewer)) {
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', permission: expect.any(String) });
    } else if (then) {
      expect(body.errors?.[0]?.extensions.code).toBe(then);
    } else {
      expect(body.errors).toBeUndefined();
      expect(body.data).toHaveProperty(operation);
    }
  });
});
