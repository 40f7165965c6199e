import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';

/**
 * Apollo Server loads graphql's CommonJS build and the gateway its ES module build, so
 * `instanceof GraphQLError` fails across them; the class's own tag does not.
 */
function isGraphQLError(value: unknown): value is GraphQLError {
  return Object.prototype.toString.call(value) === '[object GraphQLError]';
}

/** Codes said on purpose: ours, and Apollo's for a request it would not run. INTERNAL_SERVER_ERROR is never one. */
const DELIBERATE = new Set<unknown>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
]);

/**
 * A fault rather than an answer: anything not a GraphQLError, or a GraphQLError that only wraps one
 * without a deliberate code — as Apollo wraps an error thrown while building the context
 * ("Context creation failed: connect ECONNREFUSED ...").
 */
function isInternal(error: unknown): boolean {
  if (!isGraphQLError(error)) return true;
  const wrapsFault = error.originalError != null && !isGraphQLError(error.originalError);
  return wrapsFault && !DELIBERATE.has(error.extensions.code);
}

/**
 * Errors the gateway raised on purpose (GraphQLErrors with a code) pass through; anything else is
 * an internal fault: logged whole, answered as a masked INTERNAL_SERVER_ERROR.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (!isInternal(original)) {
      const graphQLError = original as GraphQLError;
      // A scalar's own code (e.g. BAD_USER_INPUT for an ID number) beats Apollo's generic validation code.
      const code = isGraphQLError(graphQLError.originalError) ? graphQLError.originalError.extensions.code : undefined;
      return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
    }
    logger.error({ err: original, path: formatted.path }, 'internal error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
