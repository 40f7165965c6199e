import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

// The development signing key: made on first use, then shared by the gateway and `npm run token`
// through one file. Config leaves its path unset in production, so it can never verify there.

export const DEV_ALG = 'EdDSA';

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface DevKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function devKey(file: string): Promise<DevKey> {
  const stored = readKeyFile(file) ?? (await createKeyFile(file));
  return {
    kid: stored.kid,
    privateKey: (await importJWK(stored.privateJwk, DEV_ALG)) as CryptoKey,
    publicKey: (await importJWK(stored.publicJwk, DEV_ALG)) as CryptoKey,
  };
}

function readKeyFile(file: string): KeyFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Development key file ${file} is unreadable; delete it to make a new one`, { cause: error });
  }
}

/** Written whole to a temporary file, then linked into place: processes racing on first use agree on one key. */
async function createKeyFile(file: string): Promise<KeyFile> {
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALG, { extractable: true });
  const created: KeyFile = { kid: `dev-${randomUUID().slice(0, 8)}`, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(temporary, JSON.stringify(created), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readKeyFile(file)!;
}
