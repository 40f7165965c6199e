import { createClient } from '../../src/auth/api-keys.js';
import { insertGrant } from '../../src/auth/consent-store.js';
import type { DevTokenRequest } from '../../src/auth/dev-tokens.js';
import type { Scope, Tier } from '../../src/auth/viewer.js';
import type { Stack } from './stack.js';

// Credentials for the auth, consent, audit and limits suites.

export const asUser = async (stack: Stack, request: DevTokenRequest, purpose = 'counter-service') => ({
  authorization: `Bearer ${await stack.token(request)}`,
  'x-purpose': purpose,
});

export async function app(stack: Stack, scopes: Scope[], tier: Tier = 'standard', name = 'Test app') {
  const { client, key } = await createClient(stack.gateway.db, { name, scopes, tier });
  return { id: client.id, name, key, headers: (purpose = 'rental-application') => ({ 'x-api-key': key, 'x-purpose': purpose }) };
}

export const consent = (stack: Stack, idNumber: string, appId: string, scopes: Scope[], purpose = 'rental-application', days = 30) =>
  insertGrant(stack.gateway.db, { idNumber, appId, scopes, purpose, expiresAt: new Date(Date.now() + days * 86_400_000) });
