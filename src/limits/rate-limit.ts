import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { rateLimited } from '../auth/errors.js';
import { actorOf, type Viewer } from '../auth/viewer.js';
import { warnOnceAMinute } from '../redis.js';

// Requests per fixed window, per app (by its tier) and per user. Counted in Redis when there is one,
// so every replica shares the count; in process memory otherwise (one laptop, one replica), and
// while Redis is away.

export interface WindowCounter {
  /** Counts one request under `key` (which names its window); answers the count so far. */
  increment(key: string, windowSeconds: number): Promise<number>;
}

export class RedisCounter implements WindowCounter {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, windowSeconds: number): Promise<number> {
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, windowSeconds + 1).exec()) as [[Error | null, number]];
    return count;
  }
}

export class MemoryCounter implements WindowCounter {
  private readonly counts = new Map<string, { count: number; expires: number }>();

  async increment(key: string, windowSeconds: number): Promise<number> {
    const now = Date.now();
    if (this.counts.size > 10_000) for (const [k, v] of this.counts) if (v.expires <= now) this.counts.delete(k);
    const entry = this.counts.get(key);
    const next = entry && entry.expires > now ? entry.count + 1 : 1;
    this.counts.set(key, { count: next, expires: entry && entry.expires > now ? entry.expires : now + windowSeconds * 1000 });
    return next;
  }
}

export class RateLimiter {
  /** Counts while the shared counter fails. */
  private readonly local = new MemoryCounter();
  private readonly warnOutage: ReturnType<typeof warnOnceAMinute>;

  constructor(
    private readonly counter: WindowCounter,
    private readonly limits: Config['rateLimits'],
    private readonly prefix: string,
    logger: Logger,
  ) {
    this.warnOutage = warnOnceAMinute(logger, 'rate-limit counter unavailable: counting per replica in memory until it returns');
  }

  /** Throws RATE_LIMITED (HTTP 429, Retry-After) once the viewer has used up this window. */
  async check(viewer: Viewer, now = Date.now()): Promise<void> {
    const { windowSeconds } = this.limits;
    const limit = viewer.kind === 'app' ? this.limits.app[viewer.tier] : this.limits.user;
    const window = Math.floor(now / 1000 / windowSeconds);
    const key = `${this.prefix}:rl:${actorOf(viewer)}:${window}`;
    let count: number;
    try {
      count = await this.counter.increment(key, windowSeconds);
    } catch (error) {
      // A Redis outage must neither take the gateway down nor lift the limits: each replica counts
      // on its own meanwhile, so a viewer may get up to (replicas × limit) until Redis is back.
      this.warnOutage(error, now);
      count = await this.local.increment(key, windowSeconds);
    }
    if (count <= limit) return;
    const retryAfter = Math.max(1, Math.ceil((window + 1) * windowSeconds - now / 1000));
    const who = viewer.kind === 'app' ? `App "${viewer.name}" (tier ${viewer.tier})` : 'You';
    throw rateLimited(`${who} made more than ${limit} requests in ${windowSeconds} s; retry after ${retryAfter} s`, retryAfter);
  }
}
