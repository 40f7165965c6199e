import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeClient } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config.js';
import { signDevToken } from '../../src/auth/tokens.js';
import { DEV_ALG, devKey } from '../../src/auth/dev-key.js';
import { demoKnownTo } from '../support/demo.js';
import { app } from '../support/auth.js';
import { startStack, type Stack } from '../support/stack.js';

const Q = `query($id: IdCardNumber!) { resident(idNumber: $id) { name } }`;
const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;

describe('authentication', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack()));
  afterAll(() => stack.close());

  const refused = async (headers: Record<string, string>) => {
    const { status, body } = await stack.graphql(Q, { id }, headers);
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    return body.errors[0].message as string;
  };

  it('accepts the default city-wide clerk token', async () => {
    const { status, body } = await stack.graphql(Q, { id });
    expect(status).toBe(200);
    expect(body.data.resident.name).toEqual(expect.any(String));
  });

  it('refuses a request with no credentials, saying so', async () => {
    expect(await refused({ authorization: '' })).toMatch(/No credentials/);
  });

  it('refuses a token signed with another key as a bad signature', async () => {
    const { privateKey } = await generateKeyPair('EdDSA');
    const config = loadConfig({ DATA_DIR: 'memory://' }).auth;
    const forged = await new SignJWT({ role: 'clerk', jurisdiction: ['city'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'forged' })
      .setSubject('mallory')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await refused({ authorization: `Bearer ${forged}` })).toMatch(/Bad token signature/);
  });

  it('refuses an expired token as expired', async () => {
    const config = loadConfig({ DATA_DIR: 'memory://' }).auth;
    const expired = await signDevToken(config, { sub: 'clerk-1', role: 'clerk', jurisdiction: ['city'] }, Math.floor(Date.now() / 1000) - 60);
    expect(await refused({ authorization: `Bearer ${expired}` })).toMatch(/Token expired/);
  });

  it('refuses a token without an expiry, though signed with the right key', async () => {
    const config = loadConfig({ DATA_DIR: 'memory://' }).auth;
    const key = await devKey(config.devKeyFile!);
    const forever = await new SignJWT({ role: 'clerk', jurisdiction: ['city'] })
      .setProtectedHeader({ alg: DEV_ALG, kid: key.kid })
      .setSubject('clerk-1')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .sign(key.privateKey);
    expect(await refused({ authorization: `Bearer ${forever}` })).toMatch(/Token rejected: .*"exp"/);
  });

  it('refuses a token whose claims do not name a known role', async () => {
    const config = loadConfig({ DATA_DIR: 'memory://' }).auth;
    const odd = await signDevToken(config, { sub: 'x', role: 'janitor', jurisdiction: ['city'] });
    expect(await refused({ authorization: `Bearer ${odd}` })).toMatch(/claims are invalid/);
  });

  it('refuses an unknown API key, and a revoked one naming the revocation', async () => {
    expect(await refused({ 'x-api-key': 'ow_nope_nope' })).toMatch(/Unknown API key/);
    const client = await app(stack, ['resident:basic']);
    await revokeClient(stack.gateway.db, client.id);
    expect(await refused(client.headers())).toMatch(/revoked/);
  });

  it('stores API keys hashed, never in the clear', async () => {
    const client = await app(stack, ['resident:basic']);
    const { rows } = await stack.gateway.db.query<{ key_hash: string }>('SELECT key_hash FROM api_clients WHERE id = $1', [client.id]);
    expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.key_hash).not.toContain(client.key);
  });

  it('refuses to start in production on the development key', () => {
    const secret = 'a-production-hook-secret';
    const secrets = { HOOK_SECRET_CIVIL_AFFAIRS: secret, HOOK_SECRET_HOUSING: secret, HOOK_SECRET_HEALTH: secret, PUBLIC_URL: 'https://one-window.example' };
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: 'x', ...secrets }).auth.devKeyFile).toBeUndefined();
  });
});
