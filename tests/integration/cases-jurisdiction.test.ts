import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { SUBMIT, clerk, MATERIALS_OF } from '../support/cases.js';

// A district clerk files cases only for residents in their jurisdiction. Naming their own district
// in the input does not widen it: the case answered back would show the resident's name and ID,
// and its departments would be sent the application, for someone the clerk may not look up.

const resident = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const home = resident.idNumber.slice(0, 6);
const AUDIT = `query ($f: AuditFilter) { auditLog(filter: $f, first: 10) { edges { node { residents refused outcome } } } }`;

describe('a clerk filing a case', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ clock: () => new Date('2026-03-02T10:00:00+08:00') });
  });
  afterAll(async () => {
    await stack.close();
  });

  const submit = async (jurisdiction: string[], district: string, requestId: string) =>
    (
      await stack.graphql(
        SUBMIT,
        { input: { matter: 'ELDERLY_CARE', idNumber: resident.idNumber, district, materials: MATERIALS_OF.ELDERLY_CARE } },
        { ...(await clerk(jurisdiction)), 'x-purpose': 'case-handling', 'x-request-id': requestId },
      )
    ).body;

  it('is refused for a resident outside their jurisdiction, though the district named is theirs, and nothing is written or sent', async () => {
    const other = home === '110101' ? '110102' : '110101';
    const calls = () => Object.values(stack.mocks).reduce((n, mock) => n + mock.stats().requests, 0);
    const before = calls();
    const requestId = `submit-elsewhere-${Date.now()}`;
    const body = await submit([other], other, requestId);
    expect(body.data).toBeNull();
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', permission: 'jurisdiction' }, message: expect.stringMatching(/outside your jurisdiction/) });
    expect(JSON.stringify(body)).not.toContain(resident.idNumber);
    expect((await stack.gateway.db.query('SELECT 1 FROM cases WHERE resident_id = $1', [resident.idNumber])).rows).toEqual([]);
    // Civil affairs is asked where the resident is registered (the jurisdiction check); nothing else.
    expect(calls() - before).toBeLessThanOrEqual(1);
    const auditor = { authorization: `Bearer ${await stack.token({ role: 'auditor' })}`, 'x-purpose': 'audit' };
    const records = (await stack.graphql(AUDIT, { f: { requestId } }, auditor)).body.data.auditLog.edges.map((e: { node: unknown }) => e.node);
    expect(records).toEqual([{ residents: [], refused: [resident.idNumber], outcome: 'REFUSED' }]);
  });

  it("files the case for a clerk of the resident's district", async () => {
    const body = await submit([home], home, `submit-home-${Date.now()}`);
    expect(body.errors).toBeUndefined();
    expect(body.data.submitCase.case).toMatchObject({ district: home, state: 'ACCEPTED' });
  });
});
