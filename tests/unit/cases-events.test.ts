import pino from 'pino';
import { expect, it } from 'vitest';
import { MAX_QUEUED_CHANGES, memoryCaseEvents } from '../../src/cases/events.js';

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
