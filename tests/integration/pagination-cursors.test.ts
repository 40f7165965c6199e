import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { asUser } from '../support/auth.js';
import { ELDERLY_MATERIALS, SUBMIT, clerk } from '../support/cases.js';
import { startStack, type Stack } from '../support/stack.js';

// A cursor is client input: one whose number does not fit the database's bigint is bad input, not a failure.

const resident = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const cursor = (text: string) => Buffer.from(text).toString('base64url');
const CASES = `query ($after: String) { cases(first: 1, after: $after, filter: { idNumber: "${resident.idNumber}" }) { pageInfo { hasNextPage endCursor } edges { node { acceptanceNumber } } } }`;
const AUDIT = `query ($after: String) { auditLog(first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { seq } } } }`;

describe('pagination cursors', () => {
  let stack: Stack;
  let staff: Record<string, string>;
  let auditor: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack();
    staff = await clerk();
    auditor = await asUser(stack, { role: 'auditor' }, 'audit');
    for (let i = 0; i < 2; i++) {
      const { body } = await stack.graphql(SUBMIT, { input: { idNumber: resident.idNumber, matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS } }, staff);
      expect(body.errors).toBeUndefined();
    }
  });
  afterAll(() => stack.close());

  it.each([
    ['cases', CASES, 'case:99999999999999999999'],
    ['auditLog', AUDIT, 'audit:99999999999999999999'],
  ])('refuses a %s cursor whose number overflows a bigint as bad input', async (field, query, text) => {
    const { body } = await stack.graphql(query, { after: cursor(text) }, field === 'cases' ? staff : auditor);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages cases with the cursor it gave', async () => {
    const first = (await stack.graphql(CASES, {}, staff)).body.data.cases;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await stack.graphql(CASES, { after: first.pageInfo.endCursor }, staff);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.cases.edges).toHaveLength(1);
    expect(next.body.data.cases.edges[0].node.acceptanceNumber).not.toBe(first.edges[0].node.acceptanceNumber);
  });

  it('pages the audit log with the cursor it gave', async () => {
    await stack.graphql(AUDIT, {}, auditor);
    const first = (await stack.graphql(AUDIT, {}, auditor)).body.data.auditLog;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await stack.graphql(AUDIT, { after: first.pageInfo.endCursor }, auditor);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.auditLog.edges[0].node.seq).toBeLessThan(first.edges[0].node.seq);
  });
});
