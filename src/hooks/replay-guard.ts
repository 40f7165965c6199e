import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { TOLERANCE_SECONDS } from './signature.js';

/**
 * Remembers the signatures of calls that succeeded within the signature window, so a captured call
 * cannot be replayed. A call that failed is not remembered: its sender may send it again, signed the
 * same within the same second, and must not be told it was a replay (the hooks' effects are
 * idempotent, so two identical calls racing each other do no harm).
 */
export interface ReplayGuard {
  /** True when a call with this signature already succeeded. */
  seen(signature: string): Promise<boolean>;
  /** Once the call has succeeded: from now on the signature is a replay. */
  remember(signature: string): Promise<void>;
}

export class MemoryReplayGuard implements ReplayGuard {
  private readonly done = new LRUCache<string, true>({ max: 100_000, ttl: TOLERANCE_SECONDS * 2 * 1000 });

  async seen(signature: string): Promise<boolean> {
    return this.done.has(signature);
  }

  async remember(signature: string): Promise<void> {
    this.done.set(signature, true);
  }
}

/** Shared by every replica through Redis; the caller decides what to do when Redis is away. */
export class RedisReplayGuard implements ReplayGuard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async seen(signature: string): Promise<boolean> {
    return (await this.redis.exists(this.key(signature))) > 0;
  }

  async remember(signature: string): Promise<void> {
    await this.redis.set(this.key(signature), '1', 'EX', TOLERANCE_SECONDS * 2);
  }

  private key(signature: string): string {
    return `${this.prefix}:hook-seen:${signature}`;
  }
}
