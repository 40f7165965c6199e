import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoResidents } from '../support/demo.js';
import { app, asUser, consent } from '../support/auth.js';
import { startStack, type Stack } from '../support/stack.js';

// A refused resident is one error at that resident's path, however many of their fields were asked,
// and the error still names the missing permission.

const known = demoResidents.filter((r) => r.departments.includes('CIVIL_AFFAIRS'));
const [a, b, c] = known.map((r) => r.idNumber);
const LIST = `query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { idNumber name gender birthDate civilAffairs { districtCode household { headIdNumber } } } }`;
const NULLABLE_ONLY = `query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { name civilAffairs { districtCode } } }`;

describe('one refusal per resident', () => {
  let stack: Stack;
  let client: Awaited<ReturnType<typeof app>>;
  beforeAll(async () => {
    stack = await startStack();
    client = await app(stack, ['resident:basic', 'civil_affairs:read']);
    await consent(stack, a!, client.id, ['resident:basic', 'civil_affairs:read']);
  });
  afterAll(() => stack.close());

  it('gives an app one error for a resident without consent, however many fields it asked', async () => {
    const { body } = await stack.graphql(LIST, { ids: [a, b] }, client.headers());
    expect(body.data.residents[0].name).toEqual(expect.any(String));
    expect(body.data.residents[1]).toBeNull();
    expect(body.errors).toEqual([
      { message: expect.stringMatching(/has not consented to app "Test app"/), path: ['residents', 1], extensions: { code: 'FORBIDDEN', permission: 'consent' } },
    ]);
  });

  it('gives each refused resident of a list an error of its own', async () => {
    const headers = await asUser(stack, { role: 'resident', idNumber: a! });
    const { body } = await stack.graphql(LIST, { ids: [a, b, c] }, headers);
    expect(body.errors.map((e: { path: unknown[] }) => e.path)).toEqual([['residents', 1], ['residents', 2]]);
    expect(body.errors.map((e: { extensions: { permission: string } }) => e.extensions.permission)).toEqual(['self', 'self']);
  });

  it('places the refusal at the resident also when only nullable fields were asked', async () => {
    const { body } = await stack.graphql(NULLABLE_ONLY, { ids: [b] }, client.headers());
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['residents', 0], extensions: { permission: 'consent' } });
  });

  it('records a resident whose consent refused every field asked as refused, not read', async () => {
    const narrow = await app(stack, ['resident:basic', 'civil_affairs:read'], 'standard', 'Narrower app');
    await consent(stack, a!, narrow.id, ['resident:basic']);
    const auditor = await asUser(stack, { role: 'auditor' }, 'audit');
    const recordOf = async (query: string) => {
      const requestId = `consent-refused-${Math.random()}`;
      await stack.graphql(query, { ids: [a] }, { ...narrow.headers(), 'x-request-id': requestId });
      const { body } = await stack.graphql(`query ($f: AuditFilter) { auditLog(filter: $f) { edges { node { residents refused outcome } } } }`, { f: { requestId } }, auditor);
      return body.data.auditLog.edges.map((e: { node: unknown }) => e.node);
    };
    expect(await recordOf(`query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { civilAffairs { districtCode } } }`)).toEqual([{ residents: [], refused: [a], outcome: 'REFUSED' }]);
    expect(await recordOf(`query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { name civilAffairs { districtCode } } }`)).toEqual([{ residents: [a], refused: [a], outcome: 'PARTIAL' }]);
  });

  it('still refuses field by field what the resident\'s consent does not cover', async () => {
    const narrow = await app(stack, ['resident:basic', 'civil_affairs:read'], 'standard', 'Narrow app');
    await consent(stack, a!, narrow.id, ['resident:basic']);
    const { body } = await stack.graphql(LIST, { ids: [a] }, narrow.headers());
    expect(body.data.residents[0].name).toEqual(expect.any(String));
    expect(body.errors).toEqual([
      { message: expect.stringMatching(/does not cover civil_affairs:read/), path: ['residents', 0, 'civilAffairs'], locations: expect.any(Array), extensions: { code: 'FORBIDDEN', permission: 'consent:civil_affairs:read' } },
    ]);
  });
});
