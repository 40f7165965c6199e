import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { app } from '../support/auth.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';

// A fault while building the context (here: the database, which holds the API keys, is gone) is an
// internal error like any other: masked in the answer, never the driver's message.

describeWithPostgres('a fault while building the context', () => {
  let stack: Stack;
  let key: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    stack = await startStack({ env: { DATABASE_URL: fresh.url } });
    key = (await app(stack, ['resident:basic'])).key;
    await drop();
  });
  afterAll(() => stack.close());

  it('answers a request with an API key masked, not with the database error', async () => {
    const { body } = await stack.graphql('{ matters { code } }', undefined, { 'x-api-key': key });
    expect(body.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });

  it('closes a WebSocket with an API key without the database error in the reason', async () => {
    const client = createClient({ url: `${stack.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { 'x-api-key': key }, retryAttempts: 0 });
    try {
      const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
        client.subscribe({ query: 'subscription { casesUpdated(district: "110105") { state } }' }, { next: () => undefined, error: (e) => resolve(e as never), complete: () => undefined });
      });
      expect({ code: closed.code, reason: closed.reason }).toEqual({ code: 4500, reason: 'Internal server error' });
    } finally {
      await client.dispose();
    }
  });
});
