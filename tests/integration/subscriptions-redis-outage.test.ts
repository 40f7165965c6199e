import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { OwnRedis } from '../support/redis-server.js';
import { describeWithPostgres, describeWithRedis, freshPostgresDatabase, uniquePrefix } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { FAST_DISPATCH, clerk, submitCase, until } from '../support/cases.js';

const CASE_UPDATED = `subscription ($n: ID!) { caseUpdated(acceptanceNumber: $n) { acceptanceNumber } }`;

// Needs the redis-server binary: the suite starts its gateways while a Redis of its own is down,
// then starts it, as a replica restarted during a Redis outage would see it.
describeWithRedis('live case updates when Redis is down at start-up', () => {
  describeWithPostgres('two replicas on one database', () => {
    let redis: OwnRedis;
    let a: Stack;
    let b: Stack;
    let drop: () => Promise<void>;
    const clients: Client[] = [];
    const stderr = vi.spyOn(console, 'error');
    beforeAll(async () => {
      redis = await OwnRedis.start();
      await redis.stop();
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      const env = { ...FAST_DISPATCH, DATABASE_URL: fresh.url, REDIS_URL: redis.url, EVENTS_CHANNEL_PREFIX: uniquePrefix('cases'), CACHE_PREFIX: uniquePrefix('cache') };
      const clock = () => new Date('2026-03-02T10:00:00+08:00');
      a = await startStack({ env, clock });
      b = await startStack({ env, clock });
    });
    afterAll(async () => {
      for (const c of clients) await c.dispose();
      await a?.close();
      await b?.close();
      await redis.stop();
      await drop?.();
      stderr.mockRestore();
    });

    it("delivers a replica's own changes meanwhile, and the other replica's once Redis is up", async () => {
      const n = (await submitCase(a, 'ELDERLY_CARE', '110105', demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber)).acceptanceNumber;
      const onB = createClient({ url: `${b.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: await clerk(), retryAttempts: 0, lazy: false });
      clients.push(onB);
      const received: any[] = [];
      onB.subscribe({ query: CASE_UPDATED, variables: { n } }, { next: (r) => received.push(r), error: () => undefined, complete: () => undefined });
      const change = { acceptanceNumber: n, district: '110105' };
      const publish = (on: Stack) => on.gateway.cases.events.publish(change).catch(() => undefined);

      await until(async () => (await publish(b), received.length > 0), "B's own change while Redis is down");
      expect(received[0].data.caseUpdated.acceptanceNumber).toBe(n);

      await redis.start();
      received.length = 0;
      await until(async () => (await publish(a), received.length > 0), "A's change on B once Redis is up");
      expect(received[0].data.caseUpdated.acceptanceNumber).toBe(n);
      expect(stderr.mock.calls.filter(([first]) => String(first).includes('[ioredis]'))).toEqual([]);
    });
  });
});
