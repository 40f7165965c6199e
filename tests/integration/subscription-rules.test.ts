import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app, consent } from '../support/auth.js';
import { ELDERLY_MATERIALS, SUBMIT } from '../support/cases.js';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

// Deny by default covers subscribing, not only each event: the field's rule is checked when the
// subscription starts, so a viewer the rule refuses never holds a stream open.

describe('subscribing is held to the field rules', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A working day, so the case's time limit stays within the holiday calendar.
    stack = await startStack({ clock: () => new Date('2026-03-02T10:00:00+08:00') });
  });
  afterAll(() => stack.close());

  it('refuses an app subscribing to caseUpdated, even for a case it submitted and may read', async () => {
    const client = await app(stack, ['cases:write']);
    const idNumber = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
    await consent(stack, idNumber, client.id, ['cases:write']);
    const submitted = await stack.graphql(SUBMIT, { input: { idNumber, matter: 'ELDERLY_CARE', materials: ELDERLY_MATERIALS } }, client.headers());
    const n = submitted.body.data.submitCase.case.acceptanceNumber;
    expect((await stack.graphql(`query ($n: ID!) { case(acceptanceNumber: $n) { acceptanceNumber } }`, { n }, client.headers())).body.data.case).toEqual({ acceptanceNumber: n });

    const ws = createClient({ url: `${stack.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: client.headers(), retryAttempts: 0 });
    try {
      const results = await new Promise<any[]>((resolve, reject) => {
        const received: any[] = [];
        ws.subscribe({ query: `subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { state } }`, variables: { n } }, { next: (r) => received.push(r), error: reject, complete: () => resolve(received) });
        setTimeout(() => reject(new Error('still subscribed after 5 s: the subscription was accepted')), 5000);
      });
      expect(results).toEqual([{ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })] }]);
    } finally {
      await ws.dispose();
    }
  });
});
