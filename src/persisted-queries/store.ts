import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** The key-value interface Apollo Server keeps automatic persisted queries in. */
export interface QueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/** Shared by every replica, so a hash registered on one is found on all; a Redis outage is a miss. */
export class RedisQueryStore implements QueryStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string) {
    return (await this.redis.get(this.prefix + key).catch(() => null)) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }) {
    const write = options?.ttl ? this.redis.set(this.prefix + key, value, 'EX', options.ttl) : this.redis.set(this.prefix + key, value);
    await write.catch(() => undefined);
  }

  async delete(key: string) {
    await this.redis.del(this.prefix + key).catch(() => undefined);
  }
}

export class MemoryQueryStore implements QueryStore {
  private readonly lru = new LRUCache<string, string>({ max: 10_000 });

  async get(key: string) {
    return this.lru.get(key);
  }

  async set(key: string, value: string, options?: { ttl?: number | null }) {
    this.lru.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : {});
  }

  async delete(key: string) {
    return this.lru.delete(key);
  }
}
