import { GraphQLError } from 'graphql';
import type { Department } from './generated/graphql.js';

/** The one enum of error codes the gateway puts in `extensions.code`. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  DEPARTMENT_UNAVAILABLE = 'DEPARTMENT_UNAVAILABLE',
  STALE_DATA = 'STALE_DATA',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  OPERATION_NOT_TRUSTED = 'OPERATION_NOT_TRUSTED',
  /** A query or mutation over the WebSocket: only subscriptions are run there. */
  OPERATION_NOT_SUPPORTED = 'OPERATION_NOT_SUPPORTED',
  AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (message: string, extensions?: Record<string, unknown>) =>
  gatewayError(ErrorCode.BAD_USER_INPUT, message, extensions);

export function departmentUnavailable(department: Department, reason: string): GraphQLError {
  return gatewayError(ErrorCode.DEPARTMENT_UNAVAILABLE, `${DEPARTMENT_NAMES[department]} is unavailable: ${reason}`, {
    department,
  });
}

export const DEPARTMENT_NAMES: Record<Department, string> = {
  CIVIL_AFFAIRS: 'Civil affairs (民政)',
  HOUSING: 'Housing (住建)',
  HEALTH: 'Health (卫健)',
};

/** A thrown value as an Error: itself when it is one, else one that says it and keeps it as its cause. */
export const asError = (thrown: unknown): Error => (thrown instanceof Error ? thrown : new Error(String(thrown), { cause: thrown }));

/** For exhaustive switches: the compiler proves this is never reached. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
