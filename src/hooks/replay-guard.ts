import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { TOLERANCE_SECONDS } from './signature.js';

/** Remembers signatures seen within the signature window, so a captured call cannot be replayed. */
export interface ReplayGuard {
  /** True the first time a signature is seen; false for a replay. */
  firstSeen(signature: string): Promise<boolean>;
}

export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new LRUCache<string, true>({ max: 100_000, ttl: TOLERANCE_SECONDS * 2 * 1000 });

  async firstSeen(signature: string): Promise<boolean> {
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, true);
    return true;
  }
}

/** Shared by every replica through Redis (SET NX); the caller decides what to do when Redis is away. */
export class RedisReplayGuard implements ReplayGuard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async firstSeen(signature: string): Promise<boolean> {
    const set = await this.redis.set(`${this.prefix}:hook-seen:${signature}`, '1', 'EX', TOLERANCE_SECONDS * 2, 'NX');
    return set === 'OK';
  }
}
