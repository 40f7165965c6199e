import { afterAll, beforeAll, expect, it } from 'vitest';
import { asUser } from '../support/auth.js';
import { OwnRedis } from '../support/redis-server.js';
import { describeWithRedis } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';

// Needs the redis-server binary: the suite stops and restarts a Redis of its own, never the shared one.
describeWithRedis('rate limits while Redis is down', () => {
  let redis: OwnRedis;
  let stack: Stack;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    stack = await startStack({ env: { REDIS_URL: redis.url, RATE_LIMIT_USER: '3', RATE_LIMIT_WINDOW_S: '60' } });
  });
  afterAll(async () => {
    await stack.close();
    await redis.stop();
  });

  const user = () => asUser(stack, { role: 'clerk', subject: `clerk-${Math.random()}` });
  const statuses = async (headers: Record<string, string>, n: number) => {
    const seen: number[] = [];
    for (let i = 0; i < n; i++) seen.push((await stack.graphql('{ __typename }', {}, headers)).status);
    return seen;
  };

  it('still answers 429 past the limit, counting in the gateway\'s memory', async () => {
    await redis.stop();
    expect(await statuses(await user(), 4)).toEqual([200, 200, 200, 429]);
  });

  it('counts in Redis again once it returns', async () => {
    await redis.start();
    for (let i = 0; i < 60 && stack.gateway.redis!.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    const headers = await user();
    expect(await statuses(headers, 1)).toEqual([200]);
    expect(await stack.gateway.redis!.keys('*:rl:*')).toHaveLength(1);
  });
});
