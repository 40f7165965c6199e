import pino from 'pino';
import { expect, it } from 'vitest';
import { MAX_QUEUED_CHANGES, memoryCaseEvents, redisCaseEvents } from '../../src/cases/events.js';
import { connectRedis } from '../../src/redis.js';

// A subscriber that stops reading holds at most MAX_QUEUED_CHANGES changes, one per case, and the
// gateway says when it drops one.

const change = (i: number) => ({ acceptanceNumber: `YC-20260302-110105-${String(i).padStart(6, '0')}`, district: '110105' });

async function take(iterator: AsyncIterableIterator<unknown>, n: number) {
  const taken = [];
  for (let i = 0; i < n; i++) taken.push((await iterator.next()).value);
  return taken;
}

it('keeps the newest changes for a slow subscriber, one per case, and logs what it drops', async () => {
  const warnings: unknown[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  const events = memoryCaseEvents(logger);
  const subscriber = events.listen(() => true);
  const total = MAX_QUEUED_CHANGES + 50;
  for (let i = 1; i <= total; i++) await events.publish(change(i));
  for (let i = 1; i <= total; i++) await events.publish(change(total)); // the same case again: nothing new to tell

  const queued = await take(subscriber, MAX_QUEUED_CHANGES);
  expect(queued[0]).toEqual(change(51));
  expect(queued.at(-1)).toEqual(change(total));
  expect(warnings).toHaveLength(50);
  expect(warnings[0]).toMatchObject({ case: change(1).acceptanceNumber, msg: 'slow case subscriber: oldest queued change dropped' });

  // Nothing else is queued: the next change is the next one published.
  await events.publish(change(1));
  expect((await subscriber.next()).value).toEqual(change(1));
  await subscriber.return?.();
  await events.close();
});

it('tells its own subscribers while Redis is away, never rejects, and says so once a minute, not per change', async () => {
  const lines: { msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  // Nothing listens on port 1: every command fails at once, as with the gateway's Redis down.
  const redis = connectRedis('redis://127.0.0.1:1', logger);
  const events = await redisCaseEvents(redis, `test-${Date.now()}`, logger);
  const subscriber = events.listen(() => true);
  try {
    for (let i = 1; i <= 5; i++) await expect(events.publish(change(i))).resolves.toBeUndefined();
    expect((await take(subscriber, 5)).map((c) => (c as { acceptanceNumber: string }).acceptanceNumber)).toEqual([1, 2, 3, 4, 5].map((i) => change(i).acceptanceNumber));
    expect(lines.filter((l) => l.msg.startsWith('case changes not sent to other replicas'))).toHaveLength(1);
  } finally {
    await subscriber.return?.();
    await events.close();
    redis.disconnect();
  }
});
