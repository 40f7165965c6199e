import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';

describeWithPostgres('/readyz and the database', () => {
  let stack: Stack;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    stack = await startStack({ env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await stack.close();
    await database.drop();
  });

  const readyz = async () => {
    const res = await fetch(`${stack.url}/readyz`);
    return { status: res.status, body: (await res.json()) as any };
  };

  it('is ready with its database, and unavailable (503) without it, since no audit record could be written', async () => {
    const up = await readyz();
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', database: { kind: 'postgres', status: 'ok' } } });

    await database.drop();
    const down = await readyz();
    expect(down).toMatchObject({ status: 503, body: { status: 'unavailable', database: { status: 'unavailable' } } });
  });
});
