import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

// Subscriptions over the WebSocket are held to the same validation and limits as over HTTP, and
// only subscriptions are run there: Apollo's request plugins (trusted documents, error masking,
// notices) never see the WebSocket.
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
  const nobody = 'YC-20260302-110105-999999';

  it('runs a subscription within the limits (here to a case nobody may see: NOT_FOUND, not a limit)', async () => {
    const { results, error } = await run(`subscription { caseUpdated(acceptanceNumber: "${nobody}") { state } }`);
    expect(error).toBeUndefined();
    expect(results[0].errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses queries and mutations with OPERATION_NOT_SUPPORTED: they go over HTTP', async () => {
    const query = await run(`{ resident(idNumber: "${id}") { name } }`);
    expect(query.results).toEqual([]);
    expect(query.error[0]).toMatchObject({ message: expect.stringMatching(/send this query over HTTP/), extensions: { code: 'OPERATION_NOT_SUPPORTED' } });
    const mutation = await run(`mutation { revokeConsent(id: "x") { id } }`);
    expect(mutation.error[0].extensions.code).toBe('OPERATION_NOT_SUPPORTED');
  });

  it('refuses a subscription deeper than the limit with QUERY_TOO_COMPLEX', async () => {
    const { error } = await run(`subscription { caseUpdated(acceptanceNumber: "${nobody}") { parts { materials { code } } } }`);
    expect(error[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(error[0].message).toContain('depth 4 exceeds the limit of 3');
  });

  it('refuses more aliases than allowed', async () => {
    const { error } = await run(`subscription { caseUpdated(acceptanceNumber: "${nobody}") { a: state b: state } }`);
    expect(error[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses an operation that does not validate', async () => {
    const { error } = await run(`subscription { nobody }`);
    expect(error[0].message).toContain('Cannot query field "nobody"');
  });

  it('masks an internal error in a result, as formatError does over HTTP', async () => {
    const db = stack.gateway.cases.db;
    const query = db.query;
    db.query = () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432'));
    try {
      const { results } = await run(`subscription { caseUpdated(acceptanceNumber: "${nobody}") { state } }`);
      expect(results[0].errors).toEqual([{ message: 'Internal server error', path: ['caseUpdated'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    } finally {
      db.query = query;
    }
  });
});
