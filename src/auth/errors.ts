import { HeaderMap } from '@apollo/server';
import { ErrorCode, gatewayError } from '../errors.js';

// Whole-request refusals carry their HTTP status for Apollo (extensions.http); field denials do not.

export const unauthenticated = (message: string) =>
  gatewayError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } });

export const forbidden = (message: string, permission: string) => gatewayError(ErrorCode.FORBIDDEN, message, { permission });

export const rateLimited = (message: string, retryAfterSeconds: number) =>
  gatewayError(ErrorCode.RATE_LIMITED, message, {
    retryAfter: retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });
