import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheWrite, EntityCache } from './cache.js';

/** In-process LRU for a gateway run without REDIS_URL; not shared between replicas. */
export class MemoryCache implements EntityCache {
  readonly kind = 'memory';
  private readonly lru: LRUCache<string, CacheEntry<unknown>>;

  constructor(maxEntries: number) {
    this.lru = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  async getMany<T>(keys: readonly string[]): Promise<(CacheEntry<T> | undefined)[]> {
    return keys.map((k) => this.lru.get(k) as CacheEntry<T> | undefined);
  }

  async setMany<T>(items: readonly CacheWrite<T>[]): Promise<void> {
    for (const { key, entry, ttlSeconds } of items) this.lru.set(key, entry, { ttl: ttlSeconds * 1000 });
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    return keys.filter((k) => this.lru.delete(k)).length;
  }

  healthy(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
