import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASES, clerk, submitCase, until } from '../support/cases.js';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

// A case carries its resident's ID number and name: every answer that hands out a case is in the
// audit trail with the residents, the actor and the purpose, whichever fields were asked, and
// subscription events (which never pass Apollo's request plugins) as well as queries.

const a = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const b = demoKnownTo('CIVIL_AFFAIRS');
const districtOf = (idNumber: string) => idNumber.slice(0, 6);
const AUDIT = `query ($f: AuditFilter) { auditLog(filter: $f, first: 10) { edges { node { actor role residents fields purpose operation outcome } } } }`;

for (const database of DATABASES) {
  database.describe(`audit of case reads (${database.name})`, () => {
    let stack: Stack;
    let drop: () => Promise<void>;
    let auditor: Record<string, string>;
    const sockets: Client[] = [];
    beforeAll(async () => {
      const fresh = await database.fresh();
      drop = fresh.drop;
      stack = await startStack({ env: fresh.env, clock: () => new Date('2026-03-02T10:00:00+08:00') });
      auditor = { authorization: `Bearer ${await stack.token({ role: 'auditor' })}`, 'x-purpose': 'audit' };
    });
    afterAll(async () => {
      for (const socket of sockets) await socket.dispose();
      await stack.close();
      await drop();
    });

    const recordsOf = async (requestId: string) => (await stack.graphql(AUDIT, { f: { requestId } }, auditor)).body.data.auditLog.edges.map((e: { node: unknown }) => e.node);

    it('records both residents, the actor and the purpose when cases() returns their cases, though no ID number was asked', async () => {
      await submitCase(stack, 'ELDERLY_CARE', districtOf(a.idNumber), a.idNumber);
      await submitCase(stack, 'NEWBORN', districtOf(b.idNumber), b.idNumber);
      const requestId = `cases-list-${Date.now()}`;
      const { body } = await stack.graphql(`{ cases(first: 100) { edges { node { acceptanceNumber state } } } }`, {}, { ...(await clerk()), 'x-purpose': 'case-handling', 'x-request-id': requestId });
      expect(body.data.cases.edges.length).toBeGreaterThanOrEqual(2);
      expect(await recordsOf(requestId)).toEqual([
        {
          actor: 'staff:clerk-wang',
          role: 'clerk',
          residents: [a.idNumber, b.idNumber].sort(),
          fields: ['CaseConnection.edges', 'CaseEdge.node', 'Case.acceptanceNumber', 'Case.state', 'Query.cases'].sort(),
          purpose: 'case-handling',
          operation: null,
          outcome: 'OK',
        },
      ]);
    });

    it('records nobody when the case asked for is not one the viewer may see', async () => {
      const n = (await submitCase(stack, 'ELDERLY_CARE', districtOf(a.idNumber), a.idNumber)).acceptanceNumber;
      const requestId = `case-elsewhere-${Date.now()}`;
      const { body } = await stack.graphql(`query ($n: ID!) { case(acceptanceNumber: $n) { state } }`, { n }, { ...(await clerk(['110000'])), 'x-request-id': requestId });
      expect(body.data.case).toBeNull();
      expect(await recordsOf(requestId)).toEqual([]);
    });

    it('records the resident of each subscription event, with the subscriber and the purpose', async () => {
      const n = (await submitCase(stack, 'ELDERLY_CARE', districtOf(a.idNumber), a.idNumber)).acceptanceNumber;
      const requestId = `case-events-${Date.now()}`;
      const socket = createClient({
        url: `${stack.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { ...(await clerk()), 'x-purpose': 'case-handling', 'x-request-id': requestId },
        retryAttempts: 0,
      });
      sockets.push(socket);
      const received: unknown[] = [];
      socket.subscribe({ query: `subscription Follow($n: ID!) { caseUpdated(acceptanceNumber: $n) { state } }`, variables: { n } }, { next: (v) => received.push(v), error: () => undefined, complete: () => undefined });
      // Live once a change published now reaches the subscriber; then two more events.
      await until(async () => (await stack.gateway.cases.events.publish({ acceptanceNumber: n, district: districtOf(a.idNumber) }), received.length > 0), 'subscription live');
      const before = received.length;
      for (let i = 0; i < 2; i++) await stack.gateway.cases.events.publish({ acceptanceNumber: n, district: districtOf(a.idNumber) });
      await until(async () => received.length >= before + 2, 'two more events');

      const records = await until(async () => {
        const found = await recordsOf(requestId);
        return found.length === received.length && found;
      }, 'one record per event');
      expect(records[0]).toEqual({
        actor: 'staff:clerk-wang',
        role: 'clerk',
        residents: [a.idNumber],
        fields: ['Case.state', 'Subscription.caseUpdated'],
        purpose: 'case-handling',
        operation: 'Follow',
        outcome: 'OK',
      });
    });

    it('records the resident of the case a clerk submits', async () => {
      const requestId = `submit-${Date.now()}`;
      const input = { idNumber: b.idNumber, matter: 'NEWBORN', district: districtOf(b.idNumber), materials: ['ID_CARD', 'MARRIAGE_CERTIFICATE', 'BIRTH_RECORD', 'HOUSEHOLD_REGISTER'] };
      await stack.graphql(`mutation ($input: SubmitCaseInput!) { submitCase(input: $input) { replayed } }`, { input }, { 'x-request-id': requestId });
      expect((await recordsOf(requestId))[0]).toMatchObject({ actor: 'staff:clerk-dev', residents: [b.idNumber], purpose: 'counter-service' });
    });
  });
}
