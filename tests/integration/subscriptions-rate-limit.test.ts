import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { CASE, submitCase, supervisor, until } from '../support/cases.js';

// Subscribing counts against the viewer's rate limit; the events that follow do not, so watching a
// busy district neither ends the stream with RATE_LIMITED nor uses up the viewer's quota for queries.

const LIMIT = 6;
const CASES_UPDATED = `subscription ($d: String!) { casesUpdated(district: $d) { acceptanceNumber } }`;

describe('subscription events and the rate limit', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    // A long window, so the test does not straddle two of them; a working day for the case's time limit.
    stack = await startStack({ env: { RATE_LIMIT_USER: String(LIMIT), RATE_LIMIT_WINDOW_S: '3600' }, clock: () => new Date('2026-03-02T10:00:00+08:00') });
  });
  afterAll(async () => {
    await client?.dispose();
    await stack.close();
  });

  it('delivers more events than the limit, keeps the subscription open, and leaves the quota to queries', async () => {
    const n = (await submitCase(stack, 'ELDERLY_CARE', '110105', demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber)).acceptanceNumber;
    const headers = await supervisor();
    client = createClient({ url: `${stack.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: headers, retryAttempts: 0, lazy: false });
    const received: any[] = [];
    let ended = false;
    client.subscribe({ query: CASES_UPDATED, variables: { d: '110105' } }, { next: (r) => received.push(r), error: () => (ended = true), complete: () => (ended = true) });
    const publish = () => stack.gateway.cases.events.publish({ acceptanceNumber: n, district: '110105' });
    await until(async () => (await publish(), received.length > 0), 'subscription live');

    for (let i = received.length; i < 3 * LIMIT; i++) {
      await publish();
      await until(async () => received.length > i, `event ${i + 1}`);
    }
    expect(received.every((r) => r.data?.casesUpdated.acceptanceNumber === n)).toBe(true);
    expect(ended).toBe(false);

    // Connecting and subscribing took two of the six.
    for (let i = 0; i < LIMIT - 2; i++) expect((await stack.graphql(CASE, { n }, headers)).status).toBe(200);
    expect((await stack.graphql(CASE, { n }, headers)).status).toBe(429);
  });
});
