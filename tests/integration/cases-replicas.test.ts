import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Gateway } from '../../src/server.js';
import { demoKnownTo } from '../support/demo.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { FAST_DISPATCH, RENTAL_MATERIALS, SUBMIT, deskApplications, until } from '../support/cases.js';

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');

/** Calls to housing this replica saw answered: after housing is back, only its dispatches. */
async function housingAnswered(gateway: Gateway): Promise<number> {
  const { values } = await gateway.metrics.upstreamCalls.get();
  return values.find((v) => v.labels.department === 'housing' && v.labels.outcome === 'ok')?.value ?? 0;
}

// Two replicas behind one load balancer drain one outbox in one PostgreSQL database.
describeWithPostgres('one-window cases with two gateway replicas on one database', () => {
  let stack: Stack;
  let second: Gateway;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    // One claim per round: a replica busy with one dispatch leaves the next to the other replica.
    stack = await startStack({ env: { ...FAST_DISPATCH, CASES_DISPATCH_BATCH: '1', DATABASE_URL: fresh.url } });
    second = await stack.replica();
  });
  afterAll(async () => {
    await second.close();
    await stack.close();
    await drop();
  });

  const undelivered = async (department: string) =>
    Number((await stack.gateway.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM case_outbox WHERE department = $1 AND delivered_at IS NULL`, [department])).rows[0]!.n);

  it('delivers every part held back while a department was down exactly once, both replicas taking a share', async () => {
    stack.mocks.housing.configure({ mode: 'down' });
    const numbers: string[] = [];
    for (const gateway of [stack.gateway, second, stack.gateway, second, stack.gateway, second]) {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: stack.headers(),
        body: JSON.stringify({ query: SUBMIT, variables: { input: { idNumber: everywhere.idNumber, matter: 'PUBLIC_RENTAL_LOW_INCOME', materials: RENTAL_MATERIALS } } }),
      });
      numbers.push(((await res.json()) as any).data.submitCase.case.acceptanceNumber);
    }
    await until(async () => {
      const { rows } = await stack.gateway.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM case_outbox WHERE department = 'housing' AND attempts >= 2`);
      return Number(rows[0]!.n) === numbers.length;
    }, 'every housing part retried');
    expect(await undelivered('civilAffairs')).toBe(0);

    const before = [await housingAnswered(stack.gateway), await housingAnswered(second)];
    // Slow answers keep each claim in flight long enough for the other replica to claim the next row.
    stack.mocks.housing.configure({ mode: 'normal', latencyMs: 30 });
    await until(async () => (await undelivered('housing')) === 0, 'every housing part delivered');

    const housing = await deskApplications(stack.mocks.housing.url);
    expect(Object.keys(housing).sort()).toEqual([...numbers].sort());
    expect(Object.values(housing).map((a) => a.received)).toEqual(numbers.map(() => 1));
    const civilAffairs = await deskApplications(stack.mocks.civilAffairs.url);
    expect(Object.values(civilAffairs).map((a) => a.received)).toEqual(numbers.map(() => 1));

    const shares = [(await housingAnswered(stack.gateway)) - before[0]!, (await housingAnswered(second)) - before[1]!];
    expect(shares[0]! + shares[1]!).toBe(numbers.length);
    expect(shares.every((n) => n > 0)).toBe(true);
    const { rows } = await stack.gateway.db.query<{ acceptance_number: string; state: string; dispatched: string }>(
      `SELECT c.acceptance_number, c.state, (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'DISPATCHED')::text AS dispatched FROM cases c`,
    );
    expect(rows.every((r) => r.state === 'IN_PROGRESS' && r.dispatched === '2')).toBe(true);
  });
});
