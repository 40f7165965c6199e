import type { DepartmentKey } from '../config.js';
import type { Department } from '../generated/graphql.js';
import type { DepartmentRecord } from './model.js';
import type { MalformedRecordError, Upstream } from './upstream.js';

/**
 * What a department module provides: how to ask its API for a batch of people, and how to map
 * its answer to the gateway's model. Everything else (cache, batching, resilience) is shared.
 */
export interface Connector<P> {
  key: DepartmentKey;
  code: Department;
  /**
   * Asks for at most `maxBatch` IDs in one call. An ID missing from the map is not known there; one
   * whose record did not match the wire schema maps to its error (the call still succeeded).
   */
  fetchBatch(upstream: Upstream, idNumbers: readonly string[], requestId: string): Promise<Map<string, DepartmentRecord<P> | MalformedRecordError>>;
}
