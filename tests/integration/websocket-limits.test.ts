import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

// Operations over the WebSocket are held to the same validation and limits as over HTTP.
describe('operations over graphql-ws', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_DEPTH: '3', MAX_ALIASES: '1' } });
    const { authorization, 'x-purpose': purpose } = stack.headers();
    client = createClient({ url: `${stack.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization, 'x-purpose': purpose }, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    await stack.close();
  });

  /** Runs one operation to its end: its results, or the error it was refused with. */
  const run = (query: string) =>
    new Promise<{ results: any[]; error?: any }>((resolve) => {
      const results: any[] = [];
      client.subscribe({ query }, { next: (r) => results.push(r), error: (error) => resolve({ results, error }), complete: () => resolve({ results }) });
    });

  const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;

  it('answers a query within the limits', async () => {
    const { results, error } = await run(`{ resident(idNumber: "${id}") { name } }`);
    expect(error).toBeUndefined();
    expect(results[0].data.resident.name).toBeTruthy();
  });

  it('refuses a query deeper than the limit with QUERY_TOO_COMPLEX', async () => {
    const { error } = await run(`{ resident(idNumber: "${id}") { civilAffairs { household { householdId } } } }`);
    expect(error[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(error[0].message).toContain('depth 4 exceeds the limit of 3');
  });

  it('refuses more aliases than allowed', async () => {
    const { error } = await run(`{ a: resident(idNumber: "${id}") { name } b: resident(idNumber: "${id}") { name } }`);
    expect(error[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses an operation that does not validate', async () => {
    const { error } = await run(`{ nobody }`);
    expect(error[0].message).toContain('Cannot query field "nobody"');
  });
});
