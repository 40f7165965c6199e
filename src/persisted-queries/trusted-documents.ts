import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';
import type { QueryStore } from './store.js';

export type TrustedMode = 'off' | 'apps' | 'all';

/** A manifest `{ "<sha256 of the document>": "<document>" }`, as GraphQL Code Generator's persisted documents write it. */
export function loadManifest(path: string): Map<string, string> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(raw)) {
    const actual = createHash('sha256').update(document).digest('hex');
    if (actual !== hash) throw new Error(`Trusted documents: ${path} lists ${hash}, but its document hashes to ${actual}`);
    manifest.set(hash, document);
  }
  return manifest;
}

/** Registered documents answer by hash alone on every replica, without a first round trip. */
export async function preload(store: QueryStore, manifest: Map<string, string>): Promise<void> {
  await Promise.all([...manifest].map(([hash, document]) => store.set(`apq:${hash}`, document, { ttl: null })));
}

/** Refuses operations not in the manifest, for apps only or for every caller. */
export function trustedDocumentsPlugin(mode: TrustedMode, manifest: Map<string, string>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash, contextValue }) {
          if (mode === 'off' || (mode === 'apps' && contextValue.viewer.kind !== 'app')) return;
          if (!manifest.has(queryHash)) {
            throw gatewayError(ErrorCode.OPERATION_NOT_TRUSTED, 'Only registered operations are accepted: send the sha256 hash of a document in the trusted-documents manifest', {
              http: { status: 403 },
            });
          }
        },
      };
    },
  };
}
