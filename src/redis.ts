import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The one Redis connection of a gateway (cache, rate limits, persisted queries, replay guard);
 * pub/sub takes `duplicate()`s. Commands fail fast while Redis is away (no offline queue, short
 * timeout) so that callers fall back at once, and ioredis reconnects by itself.
 */
export function connectRedis(url: string, logger: Logger, commandTimeoutMs = 200): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  logConnectionErrors(redis, logger, 'Redis unavailable: running without it until it returns');
  return redis;
}

/** A warning logged at most once a minute: while Redis is away every command and reconnect attempt fails. */
export function warnOnceAMinute(logger: Logger, message: string): (error: unknown, now?: number) => void {
  let lastLogged = -Infinity;
  return (error, now = Date.now()) => {
    if (now - lastLogged < 60_000) return;
    lastLogged = now;
    logger.warn({ err: error }, message);
  };
}

/** Every connection needs an error listener, or ioredis prints each error to stderr itself. */
export function logConnectionErrors(redis: Redis, logger: Logger, message: string): void {
  redis.on('error', warnOnceAMinute(logger, message));
}

/** Gives Redis a moment at start-up so the first requests already use it; starts without it otherwise. */
export async function waitForRedis(redis: Redis, ms = 2000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), ms);
    const onReady = () => done(true);
    function done(ready: boolean) {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    }
    redis.on('ready', onReady);
  });
}
