import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { AuditWriter } from '../audit/writer.js';
import { guardSubscriptions } from '../auth/subscribe-guard.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';
import { checkOperationLimits, type OperationLimits } from '../limits/operation-limits.js';
import { sha256, untrusted, type TrustedDocuments } from '../persisted-queries/trusted-documents.js';
import { auditEvents } from './audit.js';
import { publicErrors, publicResult } from './errors.js';
import { asGraphQLError, subscribeWithFreshContexts } from './events.js';

export type Headers = Record<string, string | string[] | undefined>;

export interface SubscriptionDeps {
  schema: GraphQLSchema;
  /** `event`: the context of one event of a subscription, which is not counted against the rate limit again. */
  contextFor(headers: Headers, options?: { event?: boolean }): Promise<GatewayContext>;
  /** The operation limits, and BODY_LIMIT in bytes, which bounds each message as it bounds an HTTP body. */
  limits: OperationLimits & { bodyLimit: number };
  audit: AuditWriter;
  /** Where faults outside any operation's context are logged (a connection or subscription refused for a fault). */
  logger: Logger;
  /** The trusted-documents manifest and whom it binds (TRUSTED_DOCUMENTS_ONLY). */
  trusted: TrustedDocuments;
}

/**
 * graphql-ws on the gateway's own port and path, for subscriptions only: Apollo's request plugins
 * never run here, so queries and mutations are refused (they go over HTTP), and what those plugins
 * do for a subscription is done here. A client's connectionParams stand in for the HTTP headers
 * (`authorization`, `x-api-key`, `x-purpose`, ...) and go through the same context builder as a
 * query. Subscribing is held to the field's rule as each event is (src/auth/subscribe-guard.ts);
 * every subscription is validated, held to the trusted-documents manifest and to the same depth,
 * cost and alias limits as over HTTP. Each event runs with a fresh context (./events.ts), each
 * result that carries personal data is audited like a query's (./audit.ts), and its errors are
 * formatted as Apollo would (./errors.ts).
 */
export function attachSubscriptions(httpServer: http.Server, deps: SubscriptionDeps) {
  // Held to BODY_LIMIT as an HTTP request is: ws reads the frame's length first and closes with 1009
  // before buffering a larger message, so no one gets a connection_init parsed before credentials count.
  const { logger } = deps;
  const wsServer = new WebSocketServer({ noServer: true, path: '/graphql', maxPayload: deps.limits.bodyLimit });
  // Upgrades are handed over here rather than by giving ws the server: given it, ws re-emits the
  // server's own errors (a port in use at start) as its own, and graphql-ws prints each to stderr
  // as an internal fault; startGateway already reports them. handleUpgrade still refuses other paths.
  httpServer.on('upgrade', (req, socket, head) =>
    wsServer.handleUpgrade(req, socket, head, (ws) => {
      wsServer.emit('connection', ws, req);
      // ws has closed the socket by the time it emits 'error'. Nearly always the client's fault: a
      // frame ws refused (over BODY_LIMIT, malformed; code WS_ERR_*, closed with 1009, 1002, 1007).
      // graphql-ws, listening once, printed each to stderr as a fault of the server, with its stack:
      // a line of stderr per connection anyone could open. Logged here as what it is.
      ws.removeAllListeners('error');
      ws.on('error', (error: Error & { code?: string }) => {
        if (error.code?.startsWith('WS_ERR_')) logger.info({ code: error.code, reason: error.message }, 'a client sent a WebSocket frame the gateway refuses; socket closed');
        else logger.error({ err: error }, 'a subscription socket failed; socket closed');
      });
    }),
  );
  const schema = guardSubscriptions(deps.schema);
  const freshContexts = new WeakMap<object, () => Promise<GatewayContext>>();
  const cleanup = useServer<Record<string, unknown>>(
    {
      schema,
      // Bad credentials close the socket with the reason (4401) before any subscription starts; a fault, masked (4500).
      onConnect: async (ctx) => {
        try {
          await deps.contextFor(headersOf(ctx.connectionParams));
          return true;
        } catch (error) {
          // A refusal (credentials, rate limit) is the client's to read; a fault is logged and masked.
          const [answer] = publicErrors(logger, [asGraphQLError(error)]);
          const code = answer!.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR ? CloseCode.InternalServerError : CloseCode.Unauthorized;
          // A close reason may be at most 123 bytes.
          ctx.extra.socket.close(code, Buffer.from(answer!.message).subarray(0, 120).toString());
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        let contextValue: GatewayContext;
        try {
          contextValue = await deps.contextFor(headersOf(ctx.connectionParams));
        } catch (error) {
          // Refused (expired token, RATE_LIMITED) or failed: this operation's error, not the socket's.
          return [asGraphQLError(error)];
        }
        // Subscribing counted against the rate limit; its events do not.
        freshContexts.set(contextValue, () => deps.contextFor(headersOf(ctx.connectionParams), { event: true }));
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('No operation to run: name one with operationName')];
        if (operation.operation !== 'subscription') {
          return [gatewayError(ErrorCode.OPERATION_NOT_SUPPORTED, `Only subscriptions are run over the WebSocket: send this ${operation.operation} over HTTP (POST /graphql)`)];
        }
        const refusal = untrusted(deps.trusted, contextValue.viewer, sha256(payload.query));
        if (refusal) return [refusal];
        const variables = payload.variables ?? {};
        try {
          checkOperationLimits(deps.limits, { schema, document, operation, variables, viewer: contextValue.viewer });
        } catch (error) {
          return [error as GraphQLError];
        }
        return { schema, document, operationName: payload.operationName, variableValues: variables, contextValue };
      },
      subscribe: subscribeWithFreshContexts(freshContexts, auditEvents(deps.audit)),
      onNext: (_ctx, _id, _payload, args, result) => publicResult((args.contextValue as GatewayContext).logger, result),
      onError: (_ctx, _id, _payload, errors) => publicErrors(logger, errors),
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
