import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';

/**
 * Errors the gateway raised on purpose (GraphQLErrors with a code) pass through; anything else is
 * an internal fault: logged whole, answered as a masked INTERNAL_SERVER_ERROR.
 */
/**
 * Apollo Server loads graphql's CommonJS build and the gateway its ES module build, so
 * `instanceof GraphQLError` fails across them; the class's own tag does not.
 */
function isGraphQLError(value: unknown): value is GraphQLError {
  return Object.prototype.toString.call(value) === '[object GraphQLError]';
}

export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isGraphQLError(original)) {
      // A scalar's own code (e.g. BAD_USER_INPUT for an ID number) beats Apollo's generic validation code.
      const code = isGraphQLError(original.originalError) ? original.originalError.extensions.code : undefined;
      return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
    }
    logger.error({ err: original, path: formatted.path }, 'internal error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
