import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoResidents, unknownResidents } from '../support/demo.js';
import { app, asUser } from '../support/auth.js';
import { startStack, type Stack } from '../support/stack.js';

// A resident asked by ID who may not be seen is refused before any department is asked, the same
// way whether or not the departments know them: the refusal must not tell whether the person exists.

const [self, known] = demoResidents.filter((r) => r.departments.includes('CIVIL_AFFAIRS')).map((r) => r.idNumber);
const unknown = unknownResidents[0]!;
const LIST = `query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { idNumber name } }`;

describe('residents asked by ID', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  /** residents(known, unknown): the answer, and how many department calls it took. */
  async function askKnownAndUnknown(headers: Record<string, string>) {
    stack.resetCalls();
    const { body } = await stack.graphql(LIST, { ids: [known, unknown] }, headers);
    return { body, calls: Object.values(stack.upstreamCalls()).reduce((a, b) => a + b, 0) };
  }

  it('an app without consent gets the same refusal for a known and an unknown resident, and no department is asked', async () => {
    const client = await app(stack, ['resident:basic']);
    const { body, calls } = await askKnownAndUnknown(client.headers());
    expect(body.data.residents).toEqual([null, null]);
    expect(body.errors.map((e: any) => [e.path, e.extensions])).toEqual([
      [['residents', 0], { code: 'FORBIDDEN', permission: 'consent' }],
      [['residents', 1], { code: 'FORBIDDEN', permission: 'consent' }],
    ]);
    expect(calls).toBe(0);
  });

  it('a resident asking for others gets the same refusal for a known and an unknown resident, and no department is asked', async () => {
    const { body, calls } = await askKnownAndUnknown(await asUser(stack, { role: 'resident', idNumber: self! }, 'self-service'));
    expect(body.data.residents).toEqual([null, null]);
    expect(body.errors.map((e: any) => [e.path, e.extensions])).toEqual([
      [['residents', 0], { code: 'FORBIDDEN', permission: 'self' }],
      [['residents', 1], { code: 'FORBIDDEN', permission: 'self' }],
    ]);
    expect(calls).toBe(0);
  });

  it.each([
    ['resident(idNumber)', `query($id: IdCardNumber!) { resident(idNumber: $id) { name } }`, { id: known }],
    ['residents(idNumbers)', LIST, { ids: [known] }],
  ])('a refused %s is in the audit trail as refused', async (name, query, variables) => {
    const requestId = `asked-refused-${name.replace(/\W/g, '')}-${Date.now()}`;
    const refused = await stack.graphql(query, variables, { ...(await asUser(stack, { role: 'resident', idNumber: self! }, 'self-service')), 'x-request-id': requestId });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const auditor = await asUser(stack, { role: 'auditor' }, 'audit');
    const { body } = await stack.graphql(`query($id: String) { auditLog(filter: { requestId: $id }) { edges { node { refused residents outcome } } } }`, { id: requestId }, auditor);
    expect(body.data.auditLog.edges.map((e: any) => e.node)).toEqual([{ refused: [known], residents: [], outcome: 'REFUSED' }]);
  });
});
