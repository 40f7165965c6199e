import { LRUCache } from 'lru-cache';
import { createLocalJWKSet, createRemoteJWKSet, errors, exportJWK, importSPKI, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { AuthConfig } from '../config.js';
import { parseIdNumber } from '../identity/id-number.js';
import { DEV_ALG, devKey } from './dev-key.js';
import { unauthenticated } from './errors.js';
import { STAFF_ROLES, type Viewer } from './viewer.js';

// Staff and residents sign in with the city's identity provider; the gateway only verifies.

const DISTRICT = /^\d{6}$/;

/** `jurisdiction` is a list of district codes, or ["city"] for the whole city. */
const claimsSchema = z.discriminatedUnion('role', [
  z.object({ role: z.enum(STAFF_ROLES), sub: z.string().min(1), jurisdiction: z.array(z.string()).min(1) }),
  z.object({ role: z.literal('resident'), sub: z.string().min(1), id_number: z.string() }),
]);

export type TokenVerifier = (token: string) => Promise<Viewer>;

/**
 * A clerk sends the same token with every request of a shift; verifying its signature each time
 * was ~7% of the gateway's CPU. A verified token's viewer is kept until the token expires (at
 * most 5 minutes, so a changed key set is noticed), keyed by the whole token.
 */
export async function createTokenVerifier(config: AuthConfig): Promise<TokenVerifier> {
  const key = await verificationKey(config);
  const verified = new LRUCache<string, Viewer>({ max: 10_000 });
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      // A token without an expiry would be good forever: refused, as an identity provider always sets one.
      ({ payload } = await jwtVerify(token, key, { issuer: config.issuer, audience: config.audience, requiredClaims: ['exp'] }));
    } catch (error) {
      throw unauthenticated(reason(error));
    }
    const viewer = viewerFromClaims(payload);
    const untilExpiry = payload.exp ? payload.exp * 1000 - Date.now() : 0;
    if (untilExpiry > 0) verified.set(token, viewer, { ttl: Math.min(untilExpiry, 5 * 60_000) });
    return viewer;
  };
}

async function verificationKey(config: AuthConfig): Promise<JWTVerifyGetKey> {
  if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl));
  if (config.publicKey) {
    const key = await importSPKI(config.publicKey, config.algorithm);
    return async () => key;
  }
  const dev = await devKey(config.devKeyFile!);
  return createLocalJWKSet({ keys: [{ ...(await exportJWK(dev.publicKey)), kid: dev.kid, alg: DEV_ALG }] });
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'Token expired: sign in again';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'Bad token signature: the token was not issued by this gateway\'s identity provider';
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `Token rejected: ${error.message}`;
  return 'Malformed token: send Authorization: Bearer <JWT>';
}

function viewerFromClaims(payload: JWTPayload): Viewer {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw unauthenticated(`Token claims are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const claims = parsed.data;
  if (claims.role === 'resident') {
    const id = parseIdNumber(claims.id_number);
    if (!id.ok) throw unauthenticated(`Token claims are invalid: id_number ${id.reason}`);
    return { kind: 'resident', subject: claims.sub, idNumber: id.value.idNumber };
  }
  const districts = claims.jurisdiction;
  if (districts.includes('city')) return { kind: 'staff', subject: claims.sub, role: claims.role, jurisdiction: { city: true } };
  const bad = districts.find((d) => !DISTRICT.test(d));
  if (bad) throw unauthenticated(`Token claims are invalid: jurisdiction "${bad}" is not a 6-digit district code`);
  return { kind: 'staff', subject: claims.sub, role: claims.role, jurisdiction: { city: false, districts } };
}

/** Signs a development token with the development key (`npm run token`, tests). */
export async function signDevToken(config: AuthConfig, claims: Record<string, unknown> & { sub: string }, expiresIn: string | number = '8h'): Promise<string> {
  if (!config.devKeyFile) throw new Error('The development key is refused in production: tokens come from the identity provider');
  const key = await devKey(config.devKeyFile);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: DEV_ALG, kid: key.kid })
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key.privateKey);
}
