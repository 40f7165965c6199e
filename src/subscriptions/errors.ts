import type { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { distinctErrors } from '../auth/refusals.js';
import { formatError } from '../observability/format-error.js';

// Apollo's formatError and oneErrorPerRefusal never see the WebSocket: its errors go through them here,
// so an internal fault is masked (and logged whole) there as over HTTP, and a refusal is said once.

export const publicErrors = (logger: Logger, errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
  distinctErrors(errors.map((error) => formatError(logger)(error.toJSON(), error)));

export function publicResult(logger: Logger, result: ExecutionResult): FormattedExecutionResult {
  return result.errors ? { ...result, errors: publicErrors(logger, result.errors) } : (result as FormattedExecutionResult);
}
