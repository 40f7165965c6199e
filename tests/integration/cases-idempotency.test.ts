import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { demoKnownTo } from '../support/demo.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { ELDERLY_MATERIALS, SUBMIT } from '../support/cases.js';

// Two submissions with one Idempotency-Key: the loser of the race to insert answers the winner's
// case, or a coded CONFLICT when that case cannot be read back, never a null case.

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');

describeWithPostgres('a submission losing the race for its idempotency key', () => {
  let stack: Stack;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    stack = await startStack({ env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await stack?.close();
    await drop?.();
  });

  it('answers CONFLICT when the winning case cannot be found by its key', async () => {
    const input = { idNumber: everywhere.idNumber, matter: 'ELDERLY_CARE', district: '110105', materials: ELDERLY_MATERIALS };
    const first = await stack.graphql(SUBMIT, { input }, { 'idempotency-key': 'window-7-0001' });
    expect(first.body.errors).toBeUndefined();

    // The look-up by key misses the winner (as when it commits between the look-up and the insert,
    // then cannot be read back): the insert meets the key and inserts nothing.
    const db: Database = stack.gateway.db;
    const query = db.query;
    db.query = (async (sql: string, params?: unknown[], name?: string) =>
      /idempotency_key = \$2/.test(sql) ? { rows: [] } : query.call(db, sql, params, name)) as Database['query'];
    try {
      const again = await stack.graphql(SUBMIT, { input }, { 'idempotency-key': 'window-7-0001' });
      expect(again.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    } finally {
      db.query = query;
    }
  });
});
