import type { AuthConfig } from '../config.js';
import { parseIdNumber } from '../identity/id-number.js';
import { signDevToken } from './tokens.js';
import { STAFF_ROLES, type StaffRole } from './viewer.js';

// Development tokens for `npm run token` and the tests: the claims the city's identity provider issues.

export interface DevTokenRequest {
  role: StaffRole | 'resident';
  /** Staff only; none means the whole city. */
  districts?: string[];
  /** Residents only: whose token it is. */
  idNumber?: string;
  subject?: string;
  expiresIn?: string | number;
}

export function devTokenClaims(request: DevTokenRequest): Record<string, unknown> & { sub: string } {
  if (request.role === 'resident') {
    const id = parseIdNumber(request.idNumber ?? '');
    if (!id.ok) throw new Error(`A resident token needs --id-number: ${request.idNumber ? id.reason : 'missing'}`);
    return { sub: request.subject ?? `resident-${id.value.idNumber}`, role: 'resident', id_number: id.value.idNumber };
  }
  if (!STAFF_ROLES.includes(request.role)) throw new Error(`role must be one of ${[...STAFF_ROLES, 'resident'].join(', ')}`);
  const bad = request.districts?.find((d) => !/^\d{6}$/.test(d));
  if (bad) throw new Error(`--district must be 6-digit district codes, got "${bad}"`);
  const jurisdiction = request.districts?.length ? request.districts : ['city'];
  return { sub: request.subject ?? `${request.role}-dev`, role: request.role, jurisdiction };
}

export const devToken = (config: AuthConfig, request: DevTokenRequest) => signDevToken(config, devTokenClaims(request), request.expiresIn);
