import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditWriter } from '../../src/audit/writer.js';
import type { GatewayContext } from '../../src/context.js';
import { createLogger } from '../../src/observability/logger.js';
import { sha256 } from '../../src/persisted-queries/trusted-documents.js';
import { buildSchema } from '../../src/schema.js';
import { attachSubscriptions } from '../../src/subscriptions/server.js';

// An app held to the trusted-documents manifest (TRUSTED_DOCUMENTS_ONLY=apps) is held to it over the
// WebSocket too, where Apollo's trustedDocumentsPlugin never runs. The subscription server alone, on
// a real socket: the refusal comes before anything runs, so the context holds only the viewer.
const REGISTERED = 'subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { state } }';

describe('trusted documents over graphql-ws', () => {
  let server: http.Server;
  let client: Client;
  beforeAll(async () => {
    server = http.createServer();
    const viewer = { kind: 'app', appId: 'a1', name: 'Test app', scopes: ['cases:write'], tier: 'standard' };
    const contextFor = async () => ({ viewer, logger: createLogger('silent') }) as unknown as GatewayContext;
    const limits = { maxDepth: 10, maxCost: 20000, maxAliases: 30, introspection: true };
    const trusted = { mode: 'apps' as const, manifest: new Map([[sha256(REGISTERED), REGISTERED]]) };
    attachSubscriptions(server, { schema: buildSchema(), contextFor, limits, audit: {} as AuditWriter, trusted });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = createClient({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses an app a subscription not in the manifest with OPERATION_NOT_TRUSTED', async () => {
    const error = await new Promise<any>((resolve) => {
      client.subscribe({ query: 'subscription { caseUpdated(acceptanceNumber: "YC-1") { state parts { state } } }' }, { next: () => undefined, error: resolve, complete: () => resolve(undefined) });
    });
    expect(error[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
  });
});
