import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { logConnectionErrors, warnOnceAMinute } from '../redis.js';
import type { CaseChange } from './model.js';

// Live case updates. With Redis every replica publishes to one channel and hears every other
// replica there (its own changes, in process), so a subscriber sees an update whichever gateway received it; without Redis, in process.

export interface CaseEvents {
  /**
   * Tells this replica's subscribers, and the others' through Redis when it is up. Never rejects: a
   * change Redis could not carry is logged (once a minute while it is away), and the change itself
   * is already stored; only other replicas' live views miss it.
   */
  publish(change: CaseChange): Promise<void>;
  /** Changes that pass `filter`, until the iterator is returned (the client unsubscribed). */
  listen(filter: (change: CaseChange) => boolean): AsyncIterableIterator<CaseChange>;
  close(): Promise<void>;
}

const LOCAL = 'case-change';

export function memoryCaseEvents(logger: Logger): CaseEvents {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    async publish(change) {
      emitter.emit(LOCAL, change);
    },
    listen: (filter) => listenOn(emitter, filter, logger),
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** `redis` publishes (the gateway's shared connection); a duplicate connection subscribes. */
export async function redisCaseEvents(redis: Redis, prefix: string, logger: Logger): Promise<CaseEvents> {
  const channel = `${prefix}:case-changes`;
  // A replica's own changes reach its subscribers in process, whether Redis (or its subscription
  // there) is up or not; their echo from the channel is skipped by this mark.
  const origin = randomUUID();
  // No retry limit and no timeout: SUBSCRIBE waits however long Redis is away at start-up, and ioredis
  // subscribes again after every reconnect, so an outage only delays other replicas' updates.
  const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
  logConnectionErrors(subscriber, logger, "case changes: Redis unavailable, other replicas' updates wait until it returns");
  const emitter = new EventEmitter().setMaxListeners(0);
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let published: CaseChange & { origin?: string };
    try {
      published = JSON.parse(message) as CaseChange & { origin?: string };
      if (typeof published?.acceptanceNumber !== 'string') throw new Error('no acceptance number');
    } catch (error) {
      logger.warn({ err: error }, 'ignored a malformed case change on the channel');
      return;
    }
    const { origin: publishedBy, ...change } = published;
    if (publishedBy !== origin) emitter.emit(LOCAL, change);
  });
  let closed = false;
  const unpublished = warnOnceAMinute(logger, 'case changes not sent to other replicas: Redis unavailable (logged once a minute)');
  // Fails only when closed before Redis ever answered.
  subscriber.subscribe(channel).catch((error: unknown) => closed || logger.warn({ err: error }, 'case changes: subscribe failed'));
  return {
    async publish(change) {
      emitter.emit(LOCAL, change);
      await redis.publish(channel, JSON.stringify({ ...change, origin })).catch((error: unknown) => unpublished(error));
    },
    listen: (filter) => listenOn(emitter, filter, logger),
    async close() {
      closed = true;
      emitter.removeAllListeners();
      subscriber.disconnect();
    },
  };
}

/** Changes a subscriber has not taken yet; beyond this the oldest go (the client is too slow to keep up). */
export const MAX_QUEUED_CHANGES = 100;

function listenOn(emitter: EventEmitter, filter: (change: CaseChange) => boolean, logger: Logger): AsyncIterableIterator<CaseChange> {
  const queued: CaseChange[] = [];
  let waiting: ((result: IteratorResult<CaseChange>) => void) | undefined;
  let done = false;
  const onChange = (change: CaseChange) => {
    if (!filter(change)) return;
    if (waiting) {
      waiting({ value: change, done: false });
      waiting = undefined;
      return;
    }
    // A subscriber is sent the case as it is when the change is taken, so one queued change per case says it all.
    if (queued.some((q) => q.acceptanceNumber === change.acceptanceNumber)) return;
    queued.push(change);
    if (queued.length > MAX_QUEUED_CHANGES) {
      const dropped = queued.shift()!;
      logger.warn({ case: dropped.acceptanceNumber, queued: queued.length }, 'slow case subscriber: oldest queued change dropped');
    }
  };
  emitter.on(LOCAL, onChange);
  const finish = async (): Promise<IteratorResult<CaseChange>> => {
    done = true;
    emitter.off(LOCAL, onChange);
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return { value: undefined, done: true };
  };
  return {
    next: () => {
      if (queued.length > 0) return Promise.resolve({ value: queued.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: finish,
    throw: async (error) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
