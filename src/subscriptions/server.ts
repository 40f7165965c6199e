import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GatewayContext } from '../context.js';
import type { Database } from '../db/database.js';
import { auditEvents } from './audit.js';

export type Headers = Record<string, string | string[] | undefined>;

/**
 * graphql-ws on the gateway's own port and path. A client's connectionParams stand in for the
 * HTTP headers (`authorization`, `x-api-key`, `x-purpose`, ...), and go through the same context
 * builder as a query, so a subscription is authorized exactly like one, and each event that carries
 * personal data is audited like one (./audit.ts).
 */
export function attachSubscriptions(httpServer: http.Server, schema: GraphQLSchema, contextFor: (headers: Headers) => Promise<GatewayContext>, db: Database) {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const audit = auditEvents(db);
  const cleanup = useServer<Record<string, unknown>>(
    {
      schema,
      // Bad credentials close the socket with the reason before any subscription starts.
      onConnect: async (ctx) => {
        await contextFor(headersOf(ctx.connectionParams));
        return true;
      },
      context: (ctx) => contextFor(headersOf(ctx.connectionParams)),
      onNext: (_ctx, _id, _payload, args, result) => audit(args, result),
    },
    wsServer,
  );
  const plugin: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      return {
        async drainServer() {
          await cleanup.dispose();
        },
      };
    },
  };
  return { plugin, wsServer };
}

/** connectionParams as lower-case header names; only string values count. */
function headersOf(params: Record<string, unknown> | undefined): Headers {
  const headers: Headers = {};
  for (const [name, value] of Object.entries(params ?? {})) if (typeof value === 'string') headers[name.toLowerCase()] = value;
  return headers;
}
