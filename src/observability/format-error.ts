import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';

/**
 * Errors the gateway raised on purpose (GraphQLErrors with a code) pass through; anything else is
 * an internal fault: logged whole, answered as a masked INTERNAL_SERVER_ERROR.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GraphQLError) {
      // A scalar's own code (e.g. BAD_USER_INPUT for an ID number) beats Apollo's generic validation code.
      const code = original.originalError instanceof GraphQLError ? original.originalError.extensions.code : undefined;
      return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
    }
    logger.error({ err: original, path: formatted.path }, 'internal error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
