import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/viewer.js';
import { demoKnownTo, demoResidents } from '../support/demo.js';
import { app, asUser, consent } from '../support/auth.js';
import { startStack, type Stack } from '../support/stack.js';

// Every role and app scope against every department field of a resident: allowed reads succeed,
// the rest are FORBIDDEN naming the missing permission.

const resident = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const FIELDS = {
  basic: 'name',
  civilAffairs: 'civilAffairs { districtCode }',
  housing: 'housing { stale }',
  health: 'health { stale }',
  serviceStatus: 'serviceStatus { reference }',
} as const;
type Field = keyof typeof FIELDS;
const ALL = Object.keys(FIELDS) as Field[];
const SCOPE_OF: Record<Field, Scope> = {
  basic: 'resident:basic',
  civilAffairs: 'civil_affairs:read',
  housing: 'housing:read',
  health: 'health:read',
  serviceStatus: 'matters:read',
};

describe('who may read which field', () => {
  let stack: Stack;
  const viewers: Record<string, { headers: Record<string, string>; allowed: Field[] }> = {};

  beforeAll(async () => {
    stack = await startStack();
    viewers.clerk = { headers: await asUser(stack, { role: 'clerk' }), allowed: ALL };
    viewers.supervisor = { headers: await asUser(stack, { role: 'supervisor' }), allowed: ALL };
    viewers.auditor = { headers: await asUser(stack, { role: 'auditor' }), allowed: [] };
    viewers['resident (self)'] = { headers: await asUser(stack, { role: 'resident', idNumber: resident.idNumber }, 'self-service'), allowed: ALL };
    const basicOnly = await app(stack, ['resident:basic'], 'standard', 'app with resident:basic only');
    await consent(stack, resident.idNumber, basicOnly.id, ['resident:basic']);
    viewers['app with resident:basic only'] = { headers: basicOnly.headers(), allowed: ['basic'] };
    for (const field of ALL.filter((f) => f !== 'basic')) {
      // An app holding resident:basic plus one department scope, with the resident's consent for both.
      const scopes: Scope[] = ['resident:basic', SCOPE_OF[field]];
      const client = await app(stack, scopes, 'standard', `app with ${SCOPE_OF[field]}`);
      await consent(stack, resident.idNumber, client.id, scopes);
      viewers[`app with ${SCOPE_OF[field]}`] = { headers: client.headers(), allowed: ['basic', field] };
    }
  });
  afterAll(() => stack.close());

  const cases = () =>
    ['clerk', 'supervisor', 'auditor', 'resident (self)', 'app with resident:basic only', ...ALL.filter((f) => f !== 'basic').map((f) => `app with ${SCOPE_OF[f]}`)].flatMap((viewer) =>
      ALL.map((field) => [viewer, field] as const),
    );

  it.each(cases())('%s reading %s', async (viewer, field) => {
    const { headers, allowed } = viewers[viewer]!;
    const query = `query($id: IdCardNumber!) { resident(idNumber: $id) { gender ${FIELDS[field]} } }`;
    const { body } = await stack.graphql(query, { id: resident.idNumber }, headers);
    if (allowed.includes(field)) {
      expect(body.errors).toBeUndefined();
      expect(body.data.resident).not.toBeNull();
    } else {
      expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(body.errors[0].extensions.permission).toEqual(expect.any(String));
    }
  });
});

describe('refusals, each with its own message', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack()));
  afterAll(() => stack.close());

  const other = demoResidents.find((r) => r.idNumber !== resident.idNumber && r.departments.length > 0)!;
  const outside = demoResidents.find((r) => r.departments.includes('CIVIL_AFFAIRS') && !r.idNumber.startsWith('110101'))!;
  const Q = `query($id: IdCardNumber!) { resident(idNumber: $id) { name } }`;
  const HEALTH = `query($id: IdCardNumber!) { resident(idNumber: $id) { health { stale } } }`;

  const error = async (query: string, id: string, headers: Record<string, string>) => {
    const { body } = await stack.graphql(query, { id }, headers);
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    return body.errors[0].message as string;
  };

  it('a clerk outside the resident\'s district', async () => {
    const headers = await asUser(stack, { role: 'clerk', districts: ['110101'] });
    expect(await error(Q, outside.idNumber, headers)).toMatch(/outside your jurisdiction \(110101\)/);
  });

  it('a resident reading someone else', async () => {
    const headers = await asUser(stack, { role: 'resident', idNumber: resident.idNumber });
    expect(await error(Q, other.idNumber, headers)).toMatch(/Residents may read only their own data/);
  });

  it('an app without consent', async () => {
    const client = await app(stack, ['resident:basic']);
    expect(await error(Q, resident.idNumber, client.headers())).toMatch(/has not consented to app/);
  });

  it('an app whose consent expired', async () => {
    const client = await app(stack, ['resident:basic']);
    await consent(stack, resident.idNumber, client.id, ['resident:basic'], 'rental-application', -1);
    expect(await error(Q, resident.idNumber, client.headers())).toMatch(/expired on/);
  });

  it('an app whose consent was for another purpose', async () => {
    const client = await app(stack, ['resident:basic']);
    await consent(stack, resident.idNumber, client.id, ['resident:basic'], 'rental-application');
    expect(await error(Q, resident.idNumber, client.headers('marketing'))).toMatch(/is for purpose "rental-application", not "marketing"/);
  });

  it('an app whose key lacks the scope', async () => {
    const client = await app(stack, ['resident:basic']);
    await consent(stack, resident.idNumber, client.id, ['resident:basic']);
    expect(await error(HEALTH, resident.idNumber, client.headers())).toMatch(/lacks permission health:read/);
  });

  it('health data without a purpose', async () => {
    expect(await error(HEALTH, resident.idNumber, { 'x-purpose': '' })).toMatch(/Health data requires a stated purpose/);
  });

  it('an auditor reading residents', async () => {
    expect(await error(Q, resident.idNumber, await asUser(stack, { role: 'auditor' }))).toMatch(/Role auditor lacks permission role:clerk\|supervisor/);
  });

  it('in a list, only the resident without consent is refused; the others are served', async () => {
    const client = await app(stack, ['resident:basic']);
    await consent(stack, resident.idNumber, client.id, ['resident:basic']);
    const { body } = await stack.graphql(`query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { idNumber name } }`, { ids: [resident.idNumber, other.idNumber] }, client.headers());
    expect(body.data.residents[0].name).toBe(resident.name);
    expect(body.data.residents[1]).toBeNull();
    expect(body.errors.every((e: { path: unknown[] }) => e.path[1] === 1)).toBe(true);
    expect(body.errors[0].message).toMatch(/has not consented/);
  });
});
