import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mask } from '../../src/auth/masking.js';
import { demoResidents } from '../support/demo.js';
import { app, asUser, consent } from '../support/auth.js';
import { startStack, type Stack } from '../support/stack.js';

// What each viewer gets back over HTTP for ID numbers, phone numbers and addresses: the values are
// checked against the department's own records, so removing masking, or masking for the wrong viewer, fails.

const FIELDS = `idNumber civilAffairs { phone address household { headIdNumber } } housing { phone registeredAddress }`;
const ONE = `query($id: IdCardNumber!) { resident(idNumber: $id) { ${FIELDS} } }`;
const LIST = `query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { ${FIELDS} } }`;

interface Person {
  idNumber: string;
  phone: string;
  address: string;
  household: { headIdNumber: string };
}

/** What the viewer sees unmasked: phone and address, and the ID number of someone else (the household head). */
interface Shown {
  contact: boolean;
  othersIdNumbers: boolean;
}

/** The resident as the gateway should answer: the ID number asked for is echoed as given, the rest per `shown`. */
function expected(r: Person, shown: Shown) {
  const phone = shown.contact ? r.phone : mask('phone', r.phone);
  const address = shown.contact ? r.address : mask('address', r.address);
  const head = shown.othersIdNumbers ? r.household.headIdNumber : mask('idNumber', r.household.headIdNumber);
  return { idNumber: r.idNumber, civilAffairs: { phone, address, household: { headIdNumber: head } }, housing: { phone, registeredAddress: address } };
}

describe('masking as clients see it', () => {
  let stack: Stack;
  /** Two residents known to civil affairs and housing, each in a household headed by someone else. */
  let records: [Person, Person];
  const viewers: { [name: string]: { headers: Record<string, string>; shown: Shown; self?: boolean } } = {};

  beforeAll(async () => {
    stack = await startStack();
    const ids = demoResidents.filter((r) => r.departments.includes('CIVIL_AFFAIRS') && r.departments.includes('HOUSING')).map((r) => r.idNumber);
    const res = await fetch(`${stack.mocks.civilAffairs.url}/api/v1/persons:batchGet`, { method: 'POST', body: JSON.stringify({ idNumbers: ids }) });
    const persons = ((await res.json()) as { persons: Person[] }).persons.filter((p) => p.household.headIdNumber !== p.idNumber);
    records = [persons[0]!, persons.find((p) => p.household.headIdNumber !== persons[0]!.household.headIdNumber && p.household.headIdNumber !== persons[0]!.idNumber)!];

    const [first] = records;
    const client = await app(stack, ['resident:basic', 'civil_affairs:read', 'housing:read']);
    for (const r of records) await consent(stack, r.idNumber, client.id, ['resident:basic', 'civil_affairs:read', 'housing:read']);
    const masked = { contact: false, othersIdNumbers: false };
    const full = { contact: true, othersIdNumbers: true };
    viewers['clerk, purpose counter-service'] = { headers: await asUser(stack, { role: 'clerk' }, 'counter-service'), shown: masked };
    viewers['clerk, purpose case-handling'] = { headers: await asUser(stack, { role: 'clerk' }, 'case-handling'), shown: full };
    viewers['supervisor, purpose counter-service'] = { headers: await asUser(stack, { role: 'supervisor' }, 'counter-service'), shown: masked };
    viewers['supervisor, purpose identity-verification'] = { headers: await asUser(stack, { role: 'supervisor' }, 'identity-verification'), shown: full };
    viewers['the resident themself'] = {
      headers: await asUser(stack, { role: 'resident', idNumber: first.idNumber }, 'self-service'),
      shown: { contact: true, othersIdNumbers: false },
      self: true,
    };
    viewers['an app with consent'] = { headers: client.headers(), shown: masked };
  });
  afterAll(() => stack.close());

  const names = [
    'clerk, purpose counter-service',
    'clerk, purpose case-handling',
    'supervisor, purpose counter-service',
    'supervisor, purpose identity-verification',
    'the resident themself',
    'an app with consent',
  ];

  it.each(names)('resident(idNumber), %s', async (name) => {
    const { headers, shown } = viewers[name]!;
    const { body } = await stack.graphql(ONE, { id: records[0].idNumber }, headers);
    expect(body.errors).toBeUndefined();
    expect(body.data.resident).toEqual(expected(records[0], shown));
  });

  it.each(names)('residents(idNumbers), %s', async (name) => {
    const { headers, shown, self } = viewers[name]!;
    const asked = self ? [records[0]] : records;
    const { body } = await stack.graphql(LIST, { ids: asked.map((r) => r.idNumber) }, headers);
    expect(body.errors).toBeUndefined();
    expect(body.data.residents).toEqual(asked.map((r) => expected(r, shown)));
  });

  it('an ID number in a comment, a variable or another root field does not unmask the household head', async () => {
    const { headers } = viewers['clerk, purpose counter-service']!;
    const [r] = records;
    const head = r.household.headIdNumber;
    const query = `# ${head}
      query($id: IdCardNumber!, $head: IdCardNumber) {
        resident(idNumber: $id) { idNumber civilAffairs { household { headIdNumber } } }
        cases(filter: { idNumber: $head }) { totalCount }
      }`;
    const { body } = await stack.graphql(query, { id: r.idNumber, head }, headers);
    expect(body.data.resident).toEqual({ idNumber: r.idNumber, civilAffairs: { household: { headIdNumber: mask('idNumber', head) } } });
  });

  it('an auditor reads no resident, and reads the ID numbers in the audit log in full', async () => {
    const auditor = await asUser(stack, { role: 'auditor' }, 'audit');
    const refused = await stack.graphql(ONE, { id: records[0].idNumber }, auditor);
    expect(refused.body.data.resident).toBeNull();
    expect(refused.body.errors[0].extensions.permission).toBe('role:clerk|supervisor');

    const requestId = `masking-${Date.now()}`;
    await stack.graphql(LIST, { ids: records.map((r) => r.idNumber) }, { ...viewers['clerk, purpose counter-service']!.headers, 'x-request-id': requestId });
    const { body } = await stack.graphql(`query($id: String) { auditLog(filter: { requestId: $id }) { edges { node { residents } } } }`, { id: requestId }, auditor);
    expect(body.data.auditLog.edges[0].node.residents).toEqual(records.map((r) => r.idNumber).sort());
  });
});
