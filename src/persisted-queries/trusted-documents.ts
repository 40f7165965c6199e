import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';
import type { QueryStore } from './store.js';

export type TrustedMode = 'off' | 'apps' | 'all';

/** How a document is named in the manifest, and how Apollo hashes a query. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A manifest `{ "<sha256 of the document>": "<document>" }`, as GraphQL Code Generator's persisted documents write it. */
export function loadManifest(path: string): Map<string, string> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(raw)) {
    const actual = sha256(document);
    if (actual !== hash) throw new Error(`Trusted documents: ${path} lists ${hash}, but its document hashes to ${actual}`);
    manifest.set(hash, document);
  }
  return manifest;
}

/**
 * Registered documents answer by hash alone on every replica, without a first round trip, from
 * memory: a flushed or restarted Redis cannot make them unknown. Other hashes go to `store` (APQ).
 */
export function withManifest(manifest: Map<string, string>, store: QueryStore): QueryStore {
  return {
    get: async (key) => manifest.get(key.replace(/^apq:/, '')) ?? store.get(key),
    set: (key, value, options) => store.set(key, value, options),
    delete: (key) => store.delete(key),
  };
}

export interface TrustedDocuments {
  mode: TrustedMode;
  /** sha256 of the document → the document. */
  manifest: Map<string, string>;
}

/** The refusal of an operation (by its sha256) not in the manifest, when the mode holds this viewer to it. */
export function untrusted({ mode, manifest }: TrustedDocuments, viewer: Viewer, queryHash: string): GraphQLError | undefined {
  if (mode === 'off' || (mode === 'apps' && viewer.kind !== 'app') || manifest.has(queryHash)) return undefined;
  return gatewayError(ErrorCode.OPERATION_NOT_TRUSTED, 'Only registered operations are accepted: send the sha256 hash of a document in the trusted-documents manifest', {
    http: { status: 403 },
  });
}

/** Refuses operations not in the manifest, for apps only or for every caller. */
export function trustedDocumentsPlugin(mode: TrustedMode, manifest: Map<string, string>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash, contextValue }) {
          const refusal = untrusted({ mode, manifest }, contextValue.viewer, queryHash);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
