import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { describeWithPostgres, describeWithRedis, freshPostgresDatabase, REDIS_URL, uniquePrefix } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { ELDERLY_MATERIALS, FAST_DISPATCH, SUBMIT, clerk, postHook, resident, until } from '../support/cases.js';

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');

function connect(url: string, headers: Record<string, string>): Client {
  return createClient({ url: url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: headers, retryAttempts: 0, lazy: false });
}

/** Collects what a subscription sends until the test reads it. */
function collect(client: Client, query: string, variables: Record<string, unknown>) {
  const received: any[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe({ query, variables }, { next: (v) => received.push(v), error: (e) => errors.push(e), complete: () => undefined });
  return { received, errors, stop };
}

// Two gateways on one database and one Redis: a hook received by B reaches a subscriber on A.
describeWithRedis('case updates across gateway instances', () => {
  describeWithPostgres('through the real Redis', () => {
    let a: Stack;
    let b: Stack;
    let drop: () => Promise<void>;
    let headers: Record<string, string>;
    const clients: Client[] = [];
    beforeAll(async () => {
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      const env = { ...FAST_DISPATCH, DATABASE_URL: fresh.url, REDIS_URL, EVENTS_CHANNEL_PREFIX: uniquePrefix('cases'), CACHE_PREFIX: uniquePrefix('cache') };
      // Accepted on a fixed working day, so the cases' time limits stay within the holiday calendar.
      const clock = () => new Date('2026-03-02T10:00:00+08:00');
      a = await startStack({ env, clock });
      b = await startStack({ env, clock });
      headers = await clerk();
    });
    afterAll(async () => {
      for (const c of clients) await c.dispose();
      await a.close();
      await b.close();
      await drop();
    });

    it('delivers an update posted to one instance to a subscriber on the other', async () => {
      const submitted = await a.graphql(SUBMIT, { input: { idNumber: everywhere.idNumber, matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS } }, headers);
      const n = submitted.body.data.submitCase.case.acceptanceNumber;
      const district = submitted.body.data.submitCase.case.district;
      await until(async () => (await a.graphql(`query ($n: ID!) { case(acceptanceNumber: $n) { state } }`, { n }, headers)).body.data.case.state === 'IN_PROGRESS', 'dispatched');

      const onA = connect(a.url, headers);
      clients.push(onA);
      const one = collect(onA, `subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { acceptanceNumber parts { department state } } }`, { n });
      const all = collect(onA, `subscription ($d: String!) { casesUpdated(district: $d) { acceptanceNumber state } }`, { d: district });
      // The subscriptions are live once a change published now reaches them; retry until one does.
      await until(async () => {
        await b.gateway.cases.events.publish({ acceptanceNumber: n, district });
        return one.received.length > 0 && all.received.length > 0;
      }, 'subscriptions live');
      one.received.length = 0;
      all.received.length = 0;

      const hook = await postHook(b.url, 'health', { deliveryId: 'wj-sub-1', acceptanceNumber: n, state: 'IN_REVIEW', note: '体检预约已排期' });
      expect(hook.body.status).toBe('recorded');
      const update = await until(async () => one.received.find((m) => m.data?.caseUpdated.parts.some((p: any) => p.department === 'HEALTH' && p.state === 'IN_REVIEW')), 'update on A');
      expect(update.data.caseUpdated.acceptanceNumber).toBe(n);
      await until(async () => all.received.find((m) => m.data?.casesUpdated.acceptanceNumber === n), 'district update on A');
      expect(one.errors).toEqual([]);
    });

    it('authorizes subscriptions like queries: another resident cannot follow a case, and no credentials close the socket', async () => {
      const submitted = await a.graphql(SUBMIT, { input: { idNumber: everywhere.idNumber, matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS } }, headers);
      const n = submitted.body.data.submitCase.case.acceptanceNumber;
      const stranger = connect(a.url, await resident(demoKnownTo('CIVIL_AFFAIRS').idNumber));
      clients.push(stranger);
      const refused = collect(stranger, `subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { acceptanceNumber } }`, { n });
      await until(async () => refused.received.length > 0 || refused.errors.length > 0, 'refusal');
      expect(JSON.stringify(refused.received[0] ?? refused.errors[0])).toMatch(/NOT_FOUND|FORBIDDEN/);

      const anonymous = connect(a.url, {});
      clients.push(anonymous);
      const closed = collect(anonymous, `subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { acceptanceNumber } }`, { n });
      await until(async () => closed.errors.length > 0, 'socket closed');
      expect(String((closed.errors[0] as { reason?: string }).reason)).toMatch(/credentials/i);
    });
  });
});
