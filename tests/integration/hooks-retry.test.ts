import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_HOOK_SECRETS } from '../../src/config.js';
import type { Database, Queryable } from '../../src/db/database.js';
import { sign } from '../../src/hooks/signature.js';
import { demoKnownTo } from '../support/demo.js';
import { REDIS_URL, describeWithRedis, uniquePrefix } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { CASE, FAST_DISPATCH, postHook, submitCase, until } from '../support/cases.js';

// A department whose call failed (5xx) sends it again at once: signed in the same second, the
// retry carries the very same signature, and must be taken rather than refused as a replay.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');
const RESIDENT = `query($id: IdCardNumber!) { resident(idNumber: $id) { civilAffairs { districtName } } }`;

/** The next transaction that stores a hook delivery fails there, as when its connection is lost. */
function loseNextDeliveryWrite(db: Database) {
  const transaction = db.transaction.bind(db);
  let armed = true;
  db.transaction = <T>(fn: (tx: Queryable) => Promise<T>) =>
    transaction((tx) =>
      fn({
        query: <R>(sql: string, params?: unknown[], name?: string) => {
          if (!armed || !sql.includes('case_hook_deliveries')) return tx.query<R>(sql, params, name);
          armed = false;
          return Promise.reject(new Error('Connection terminated unexpectedly'));
        },
      }),
    );
}

function retryBehaviour(env: () => Record<string, string>) {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { ...FAST_DISPATCH, ...env() } })));
  afterAll(() => stack.close());

  it('records a progress report whose first attempt failed when the same signed call comes again, and refuses it a third time', async () => {
    const { acceptanceNumber: n } = await submitCase(stack, 'NEWBORN', '110101', everywhere.idNumber);
    await until(async () => (await stack.graphql(CASE, { n })).body.data.case.state === 'IN_PROGRESS', 'dispatched');
    const report = { deliveryId: `${n}:retry`, acceptanceNumber: n, state: 'IN_REVIEW' };
    const headers = sign(DEV_HOOK_SECRETS.civilAffairs, JSON.stringify(report));

    loseNextDeliveryWrite(stack.gateway.db);
    expect((await postHook(stack.url, 'civilAffairs', report, headers)).status).toBeGreaterThanOrEqual(500);
    expect(await postHook(stack.url, 'civilAffairs', report, headers)).toMatchObject({ status: 200, body: { status: 'recorded' } });
    expect((await postHook(stack.url, 'civilAffairs', report, headers)).status).toBe(409);

    const c = (await stack.graphql(CASE, { n })).body.data.case;
    expect(c.parts.find((p: { department: string }) => p.department === 'CIVIL_AFFAIRS').state).toBe('IN_REVIEW');
    expect(c.history.filter((e: { kind: string }) => e.kind === 'PROGRESS')).toEqual([{ kind: 'PROGRESS', department: 'CIVIL_AFFAIRS', state: 'IN_REVIEW' }]);
  });

  it('drops the cached entries when an invalidation that failed is sent again with the same signature, and refuses it a third time', async () => {
    const id = everywhere.idNumber;
    await stack.graphql(RESIDENT, { id });
    const body = JSON.stringify({ idNumbers: [id] });
    const headers = sign(DEV_HOOK_SECRETS.civilAffairs, body);
    const post = () => fetch(`${stack.url}/hooks/civil-affairs/changed`, { method: 'POST', headers, body });
    const cache = stack.gateway.cache;
    const deleteMany = cache.deleteMany.bind(cache);
    cache.deleteMany = async () => {
      cache.deleteMany = deleteMany;
      throw new Error('Connection is closed.');
    };

    expect((await post()).status).toBe(503);
    const retried = await post();
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ received: 1, dropped: 1 });
    expect((await post()).status).toBe(409);
    stack.resetCalls();
    await stack.graphql(RESIDENT, { id });
    expect(stack.upstreamCalls().civilAffairs).toBe(1);
  });
}

describe('hooks retried after a failure, replay guard in process memory', () => {
  retryBehaviour(() => ({}));
});

describeWithRedis('hooks retried after a failure, replay guard in the real Redis', () => {
  const prefix = uniquePrefix('hooks-retry');
  retryBehaviour(() => ({ REDIS_URL, CACHE_PREFIX: prefix }));
});
