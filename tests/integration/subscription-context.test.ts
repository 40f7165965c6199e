import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';
import { submitCase, until } from '../support/cases.js';

// A subscription is not a licence: each event is authorized with a context of its own, as a query
// would be, so credentials that lapse stop the events.

const CASE_UPDATED = `subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { acceptanceNumber state } }`;

describe('subscriptions authorize every event afresh', () => {
  let stack: Stack;
  let n: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    // A working day, so the case's time limit stays within the holiday calendar.
    stack = await startStack({ clock: () => new Date('2026-03-02T10:00:00+08:00') });
    n = (await submitCase(stack, 'ELDERLY_CARE', '110105', demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber)).acceptanceNumber;
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await stack.close();
  });

  /** A clerk's connection whose token expires in `seconds`; answers the client and when the token lapses. */
  async function shortLivedClerk(seconds: number) {
    const expiresAt = Date.now() + seconds * 1000;
    const token = await stack.token({ role: 'clerk', expiresIn: `${seconds}s` });
    const client = createClient({ url: `${stack.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
    clients.push(client);
    return { client, lapsed: () => new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 1500)) };
  }

  it('refuses the first event after the token expired, instead of delivering it, and ends the subscription', async () => {
    const { client, lapsed } = await shortLivedClerk(2);
    const received: any[] = [];
    let completed = false;
    client.subscribe({ query: CASE_UPDATED, variables: { n } }, { next: (r) => received.push(r), error: () => undefined, complete: () => (completed = true) });
    await until(async () => {
      await stack.gateway.cases.events.publish({ acceptanceNumber: n, district: '110105' });
      return received.length > 0;
    }, 'subscription live');
    expect(received[0].data.caseUpdated.acceptanceNumber).toBe(n);

    await lapsed();
    received.length = 0;
    await stack.gateway.cases.events.publish({ acceptanceNumber: n, district: '110105' });
    await until(async () => received.length > 0, 'the event after expiry');
    expect(received[0].data).toBeUndefined();
    expect(received[0].errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await until(async () => completed, 'the subscription ended');
  });

  it('refuses a subscription asked after the token expired with its own error, keeping the socket open', async () => {
    const { client, lapsed } = await shortLivedClerk(2);
    await lapsed();
    const error = await new Promise<any>((resolve) => {
      client.subscribe({ query: CASE_UPDATED, variables: { n } }, { next: () => undefined, error: resolve, complete: () => resolve(undefined) });
    });
    expect(Array.isArray(error)).toBe(true);
    expect(error[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
