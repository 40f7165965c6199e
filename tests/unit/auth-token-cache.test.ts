import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTokenVerifier, signDevToken } from '../../src/auth/tokens.js';

describe('verified tokens are remembered only until they expire', () => {
  const config = loadConfig({ AUTH_DEV_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'ow-key-')), 'key.json') }).auth;

  it('accepts a token again without a fresh check, and refuses it once expired', async () => {
    const verify = await createTokenVerifier(config);
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = await signDevToken(config, { sub: 'clerk-7', role: 'clerk', jurisdiction: ['110105'] }, expiresAt);
    const first = await verify(token);
    expect(await verify(token)).toBe(first);
    await new Promise((r) => setTimeout(r, expiresAt * 1000 - Date.now() + 50));
    await expect(verify(token)).rejects.toThrow(/Token expired/);
  });

  it('never remembers a refusal: a bad token stays refused, a good one is still accepted', async () => {
    const verify = await createTokenVerifier(config);
    const token = await signDevToken(config, { sub: 'clerk-8', role: 'clerk', jurisdiction: ['city'] });
    const tampered = `${token.slice(0, -4)}AAAA`;
    await expect(verify(tampered)).rejects.toThrow(/Bad token signature|Malformed/);
    await expect(verify(tampered)).rejects.toThrow(/Bad token signature|Malformed/);
    expect((await verify(token)).kind).toBe('staff');
  });
});
