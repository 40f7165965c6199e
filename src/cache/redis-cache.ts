import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CacheEntry, CacheWrite, EntityCache } from './cache.js';

/**
 * Department answers in Redis: one MGET per batch, one pipelined SET per batch. Commands fail
 * fast while Redis is away (no offline queue, short command timeout) and ioredis reconnects by itself.
 */
export class RedisCache implements EntityCache {
  readonly kind = 'redis';
  readonly redis: Redis;

  constructor(url: string, private readonly logger: Logger, commandTimeoutMs = 200) {
    this.redis = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: commandTimeoutMs,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    let lastLogged = 0;
    this.redis.on('error', (error) => {
      // A down Redis reports on every reconnect attempt; once a minute is enough for the log.
      if (Date.now() - lastLogged > 60_000) {
        lastLogged = Date.now();
        this.logger.warn({ err: error }, 'cache: Redis unavailable, serving without cache');
      }
    });
  }

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

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
