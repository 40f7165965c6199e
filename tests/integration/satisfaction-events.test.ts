import { afterAll, beforeAll, expect, it } from 'vitest';
import { rateCase } from '../../src/cases/satisfaction.js';
import type { GatewayContext } from '../../src/context.js';
import { demoKnownTo } from '../support/demo.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { FAST_DISPATCH, completeCase, submitCase } from '../support/cases.js';

// Rating a case tells its subscribers whoever rates it: the cases module publishes, not a resolver.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');

describeWithPostgres('a rating and the live updates', () => {
  let stack: Stack;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    stack = await startStack({ env: { ...FAST_DISPATCH, DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await stack?.close();
    await drop?.();
  });

  it('publishes the change from rateCase itself', async () => {
    const { acceptanceNumber } = await submitCase(stack, 'NEWBORN', '110105', everywhere.idNumber);
    await completeCase(stack, acceptanceNumber, new Date().toISOString());
    const { cases, logger } = stack.gateway;
    const heard = cases.events.listen((change) => change.acceptanceNumber === acceptanceNumber);
    // Only what rateCase uses of a request's context: a city-wide clerk, now, the cases service.
    const ctx = {
      viewer: { kind: 'staff', subject: 'clerk-wang', role: 'clerk', jurisdiction: { city: true } },
      now: new Date(),
      cases,
      logger,
      audit: { touch: () => undefined },
    } as unknown as GatewayContext;
    const rated = await rateCase(cases.db, ctx, { acceptanceNumber, score: 5 });
    expect(rated.rating).toMatchObject({ score: 5, onBehalf: true });
    const next = await Promise.race([heard.next(), new Promise((resolve) => setTimeout(() => resolve('nothing published'), 1000))]);
    expect(next).toEqual({ value: { acceptanceNumber, district: '110105' }, done: false });
    await heard.return?.();
  });
});
