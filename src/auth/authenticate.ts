import type { Database } from '../db/database.js';
import { checkApiKey } from './api-keys.js';
import { unauthenticated } from './errors.js';
import type { TokenVerifier } from './tokens.js';
import type { Viewer } from './viewer.js';

export interface Authenticator {
  verifyToken: TokenVerifier;
  db: Database;
}

/** Every request names who is asking: a bearer token (staff, residents) or an API key (apps). */
export async function authenticate(auth: Authenticator, headers: Record<string, string | string[] | undefined>): Promise<Viewer> {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (authorization && apiKey) throw unauthenticated('Send either Authorization: Bearer or X-Api-Key, not both');
  if (typeof apiKey === 'string' && apiKey) {
    const check = await checkApiKey(auth.db, apiKey);
    if (!check.ok) throw unauthenticated(check.reason);
    return check.viewer;
  }
  if (typeof authorization === 'string' && authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
    return auth.verifyToken(match[1]!);
  }
  throw unauthenticated('No credentials: send Authorization: Bearer <token> (staff, residents) or X-Api-Key: <key> (apps)');
}
