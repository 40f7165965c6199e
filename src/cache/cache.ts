/** A cached department answer and when the department gave it. `value` null = "not known there". */
export interface CacheEntry<T> {
  value: T | null;
  storedAt: number;
}

export interface CacheWrite<T> {
  key: string;
  entry: CacheEntry<T>;
  /** How long the entry is kept at all: fresh time plus the stale-if-error grace. */
  ttlSeconds: number;
}

/**
 * The one store shared across requests. Reads and writes never throw: a cache that cannot answer
 * answers "miss", so a cache outage costs speed, never a request. `deleteMany` does throw, so an
 * invalidation the cache could not apply is reported to the department, which sends it again.
 */
export interface EntityCache {
  readonly kind: 'redis' | 'memory';
  getMany<T>(keys: readonly string[]): Promise<(CacheEntry<T> | undefined)[]>;
  setMany<T>(items: readonly CacheWrite<T>[]): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<number>;
  /** False while the store is unreachable (the gateway then runs without it). */
  healthy(): boolean;
  close(): Promise<void>;
}
