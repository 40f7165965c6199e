import { afterAll, beforeAll, expect, it } from 'vitest';
import { population } from '../../mocks/seed/population.js';
import { OwnRedis } from '../support/redis-server.js';
import { describeWithRedis } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';

const QUERY = `query($id: IdCardNumber!) { resident(idNumber: $id) { name civilAffairs { districtName } housing { subsidies { kind } } health { stale } } }`;
const NONE = { civilAffairs: 0, housing: 0, health: 0 };
const [a, b, c] = population().residents.filter((r) => r.civilAffairs && r.housing && r.health).map((r) => r.idNumber);

// Needs the redis-server binary: the suite stops and restarts a Redis of its own, never the shared one.
describeWithRedis('Redis going away and coming back', () => {
  let redis: OwnRedis;
  let stack: Stack;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    stack = await startStack({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await stack.close();
    await redis.stop();
  });

  const readiness = async () => (await fetch(`${stack.url}/readyz`)).json() as Promise<{ status: string; cache: { status: string } }>;

  it('serves every request while Redis is down, says so in /readyz, and uses the cache again when it returns', async () => {
    await stack.graphql(QUERY, { id: a });
    stack.resetCalls();
    await stack.graphql(QUERY, { id: a });
    expect(stack.upstreamCalls()).toEqual(NONE);
    expect((await readiness()).cache.status).toBe('ok');

    await redis.stop();
    for (const id of [a, b]) {
      const { status, body } = await stack.graphql(QUERY, { id });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.resident.name).toBeTruthy();
    }
    const degraded = await readiness();
    expect(degraded).toMatchObject({ status: 'degraded', cache: { status: 'degraded' } });
    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);

    await redis.start();
    for (let i = 0; i < 60 && (await readiness()).cache.status !== 'ok'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await readiness()).cache.status).toBe('ok');
    await stack.graphql(QUERY, { id: c });
    stack.resetCalls();
    await stack.graphql(QUERY, { id: c });
    expect(stack.upstreamCalls()).toEqual(NONE);
  });
});
