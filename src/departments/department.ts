import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { DepartmentConfig } from '../config.js';
import type { CacheEntry, CacheWrite, EntityCache } from '../cache/cache.js';
import { departmentUnavailable } from '../errors.js';
import type { Metrics } from '../observability/metrics.js';
import type { Connector } from './connector.js';
import type { DepartmentRecord, LoadedRecord } from './model.js';
import { MalformedRecordError, UpstreamError, type Upstream } from './upstream.js';

/** What one request collects on the side: notices of stale data served. */
export interface CallContext {
  requestId: string;
  /** The request's logger: a failed department call is logged whole here (clients see only its reason). */
  logger: Logger;
  onStale(department: LoadedRecord<unknown>['source'], asOf: string): void;
  onFailure(error: UpstreamError): void;
  /** A department call's start and end (performance.now() ms), answered or not. */
  onCall(startedAt: number, endedAt: number): void;
  /** The department is about to be asked about these residents (the audit trail reserves their access meanwhile). */
  onAsk(idNumbers: readonly string[]): void;
}

/**
 * One department for the whole process: cache first, then the upstream in chunks of `maxBatch`,
 * stale entries when the upstream fails. `loader()` gives each request its own DataLoader.
 */
export class DepartmentService<P> {
  constructor(
    readonly connector: Connector<P>,
    readonly upstream: Upstream,
    private readonly cache: EntityCache,
    private readonly config: DepartmentConfig,
    private readonly metrics: Metrics,
    private readonly keyPrefix: string,
  ) {}

  get code() {
    return this.connector.code;
  }

  cacheKey(idNumber: string): string {
    return `${this.keyPrefix}:${this.connector.key}:person:${idNumber}`;
  }

  loader(call: CallContext): DataLoader<string, LoadedRecord<P> | null> {
    // The cache is read for the whole batch at once; upstream chunking happens below.
    return new DataLoader((ids) => this.loadMany(ids, call), { maxBatchSize: 1000 });
  }

  /** One value or one Error per ID, in order; never rejects the whole batch. */
  async loadMany(ids: readonly string[], call: CallContext): Promise<(LoadedRecord<P> | null | Error)[]> {
    const label = { department: this.connector.key };
    const now = Date.now();
    // A department whose answers are not kept (TTL 0) has none to find: no read, which with Redis
    // was a round trip before every call to it.
    const entries =
      this.config.cacheTtlSeconds > 0
        ? await this.cache.getMany<DepartmentRecord<P>>(ids.map((id) => this.cacheKey(id)))
        : new Array<CacheEntry<DepartmentRecord<P>> | undefined>(ids.length).fill(undefined);
    const results = new Array<LoadedRecord<P> | null | Error>(ids.length);
    const misses: number[] = [];
    entries.forEach((entry, i) => {
      if (entry && now - entry.storedAt < this.config.cacheTtlSeconds * 1000) {
        results[i] = this.loaded(entry, false);
        this.metrics.cacheLookups.inc({ ...label, result: 'hit' });
      } else {
        misses.push(i);
      }
    });
    const chunks = chunk(misses, this.config.maxBatch);
    await Promise.all(chunks.map((c) => this.fetchChunk(c.map((i) => ids[i]!), c, entries, results, call)));
    return results;
  }

  private async fetchChunk(
    chunkIds: string[],
    positions: number[],
    entries: (CacheEntry<DepartmentRecord<P>> | undefined)[],
    results: (LoadedRecord<P> | null | Error)[],
    call: CallContext,
  ): Promise<void> {
    this.metrics.batchSize.observe({ department: this.connector.key }, chunkIds.length);
    call.onAsk(chunkIds);
    const startedAt = performance.now();
    try {
      const found = await this.connector.fetchBatch(this.upstream, chunkIds, call.requestId).finally(() => call.onCall(startedAt, performance.now()));
      const storedAt = Date.now();
      const ttlSeconds = this.config.cacheTtlSeconds + this.config.staleGraceSeconds;
      const writes: CacheWrite<DepartmentRecord<P> | null>[] = [];
      const malformed = new Set<MalformedRecordError>();
      let failure: MalformedRecordError | undefined;
      positions.forEach((pos, i) => {
        const id = chunkIds[i]!;
        const value = found.get(id) ?? null;
        if (value instanceof MalformedRecordError) {
          malformed.add(value);
          this.metrics.malformedRecords.inc({ department: this.connector.key });
          results[pos] = this.staleOrError(entries[pos], value, call);
          if (results[pos] instanceof Error) failure = value;
          return;
        }
        const write = { key: this.cacheKey(id), entry: { value, storedAt }, ttlSeconds };
        writes.push(write);
        results[pos] = this.loaded(write.entry, false);
      });
      // Without the record's ID number (personal data): the request id correlates, the issues say what was wrong.
      for (const error of malformed) call.logger.warn({ department: this.connector.key, reason: error.reason, cause: error.cause }, 'department answered a malformed record');
      if (failure) call.onFailure(failure);
      this.metrics.cacheLookups.inc({ department: this.connector.key, result: 'miss' }, writes.length);
      if (this.config.cacheTtlSeconds > 0) await this.cache.setMany(writes);
    } catch (error) {
      const failure = error instanceof UpstreamError ? error : new UpstreamError(this.connector.key, 'failed', { cause: error });
      call.logger.warn({ department: this.connector.key, reason: failure.reason, cause: failure.cause, ids: chunkIds.length }, 'department call failed');
      positions.forEach((pos) => (results[pos] = this.staleOrError(entries[pos], failure, call)));
      // Stale answers are reported as warnings; only IDs left without any answer are failures.
      if (positions.some((pos) => results[pos] instanceof Error)) call.onFailure(failure);
    }
  }

  private staleOrError(entry: CacheEntry<DepartmentRecord<P>> | undefined, failure: UpstreamError, call: CallContext) {
    const withinGrace =
      entry && Date.now() - entry.storedAt < (this.config.cacheTtlSeconds + this.config.staleGraceSeconds) * 1000;
    if (!withinGrace) {
      this.metrics.cacheLookups.inc({ department: this.connector.key, result: 'miss' });
      return departmentUnavailable(this.connector.code, failure.reason);
    }
    this.metrics.cacheLookups.inc({ department: this.connector.key, result: 'stale' });
    const loaded = this.loaded(entry, true);
    call.onStale(this.connector.code, new Date(entry.storedAt).toISOString());
    return loaded;
  }

  private loaded(entry: CacheEntry<DepartmentRecord<P>>, stale: boolean): LoadedRecord<P> | null {
    if (entry.value === null) return null;
    return { ...entry.value, source: this.connector.code, asOf: new Date(entry.storedAt).toISOString(), stale };
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
