import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { manifestFile } from '../support/trusted-documents.js';

// The gateway's trusted-documents manifest binds operations over the WebSocket too, where Apollo's
// trustedDocumentsPlugin never runs (TRUSTED_DOCUMENTS_ONLY=all, so the clerk of the test stack is bound).
const REGISTERED = 'subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { state } }';

describe('trusted documents over graphql-ws', () => {
  let stack: Stack;
  let client: Client;
  beforeAll(async () => {
    const file = manifestFile(REGISTERED);
    stack = await startStack({ env: { TRUSTED_DOCUMENTS_FILE: file, TRUSTED_DOCUMENTS_ONLY: 'all' } });
    const { authorization, 'x-purpose': purpose } = stack.headers();
    client = createClient({ url: `${stack.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization, 'x-purpose': purpose }, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    await stack.close();
  });

  const firstError = (query: string, variables?: Record<string, unknown>) =>
    new Promise<any>((resolve) => {
      client.subscribe({ query, variables }, { next: (r) => resolve(r.errors), error: resolve, complete: () => resolve(undefined) });
    });

  it('refuses a subscription not in the manifest with OPERATION_NOT_TRUSTED', async () => {
    const error = await firstError('subscription { caseUpdated(acceptanceNumber: "YC-1") { state parts { state } } }');
    expect(error[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
  });

  it('lets a registered subscription through to the usual checks', async () => {
    const error = await firstError(REGISTERED, { n: 'YC-20260302-110105-000001' });
    expect(error?.[0]?.extensions?.code).not.toBe('OPERATION_NOT_TRUSTED');
  });
});
