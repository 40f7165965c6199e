import type { Redis } from 'ioredis';
import type { CacheEntry, CacheWrite, EntityCache } from './cache.js';

/** Department answers in Redis: one MGET per batch, one pipelined SET per batch. */
export class RedisCache implements EntityCache {
  readonly kind = 'redis';

  constructor(readonly redis: Redis) {}

  async getMany<T>(keys: readonly string[]): Promise<(CacheEntry<T> | undefined)[]> {
    if (keys.length === 0 || !this.healthy()) return keys.map(() => undefined);
    try {
      const raw = await this.redis.mget(...keys);
      return raw.map((r) => (r === null ? undefined : (JSON.parse(r) as CacheEntry<T>)));
    } catch {
      return keys.map(() => undefined);
    }
  }

  async setMany<T>(items: readonly CacheWrite<T>[]): Promise<void> {
    if (items.length === 0 || !this.healthy()) return;
    const pipeline = this.redis.pipeline();
    for (const { key, entry, ttlSeconds } of items) pipeline.set(key, JSON.stringify(entry), 'EX', Math.max(1, ttlSeconds));
    await pipeline.exec().catch(() => undefined);
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.redis.del(...keys);
  }

  healthy(): boolean {
    return this.redis.status === 'ready';
  }

  async close(): Promise<void> {}
}
