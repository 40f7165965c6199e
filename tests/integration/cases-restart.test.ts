import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMocks, type MockHandle } from '../../mocks/index.js';
import type { DepartmentKey } from '../../src/config.js';
import { demoKnownTo } from '../support/demo.js';
import { describeWithPostgres, freshPostgresDatabase } from '../support/services.js';
import { CASE, FAST_DISPATCH, RENTAL_MATERIALS, SUBMIT, clerk, deskApplications, until } from '../support/cases.js';

const everywhere = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH');

/** `npm start` as production runs it, on the given database and department URLs; answers once it listens. */
async function startGatewayProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  // Node itself, not the tsx wrapper: a signal must reach the gateway, not a parent that leaves it running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /"url":"(http:\/\/[^"]+)\/graphql"[^\n]*gateway listening/.exec(out);
      if (listening) resolve(listening[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

// The gateway process dies (SIGKILL: no shutdown, a claim may be in flight) while a department is
// down; a new process on the same database delivers the held-back part once the department is back.
describeWithPostgres('one-window cases across a gateway process crash', () => {
  let mocks: Record<DepartmentKey, MockHandle>;
  let closeMocks: () => Promise<void>;
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    ({ mocks, close: closeMocks } = await startMocks());
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    env = {
      ...FAST_DISPATCH,
      // A claim the killed process held is claimed again after this lease.
      CASES_DISPATCH_LEASE_MS: '300',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: 'memory://',
      REDIS_URL: '',
      DATABASE_URL: fresh.url,
      UPSTREAM_CIVIL_AFFAIRS_URL: mocks.civilAffairs.url,
      UPSTREAM_HOUSING_URL: mocks.housing.url,
      UPSTREAM_HEALTH_URL: mocks.health.url,
    };
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await closeMocks();
    await drop();
  });

  const graphql = async (url: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-purpose': 'counter-service', ...(await clerk()) },
      body: JSON.stringify({ query, variables }),
    });
    return ((await res.json()) as any).data;
  };

  it('delivers the part of a department that was down exactly once, after the gateway process was killed and started again', async () => {
    mocks.housing.configure({ mode: 'down' });
    const first = await startGatewayProcess(env);
    children.push(first.child);
    const submitted = await graphql(first.url, SUBMIT, { input: { idNumber: everywhere.idNumber, matter: 'PUBLIC_RENTAL_LOW_INCOME', materials: RENTAL_MATERIALS } });
    const n: string = submitted.submitCase.case.acceptanceNumber;
    await until(async () => (await graphql(first.url, CASE, { n })).case.history.some((e: any) => e.kind === 'DISPATCH_FAILED' && e.department === 'HOUSING'), 'housing failed once');

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    mocks.housing.configure({ mode: 'normal' });
    const second = await startGatewayProcess(env);
    children.push(second.child);

    const done = await until(async () => {
      const c = (await graphql(second.url, CASE, { n })).case;
      return c.state === 'IN_PROGRESS' && c;
    }, 'housing dispatched by the new process');
    expect(done.parts.find((p: any) => p.department === 'HOUSING')).toMatchObject({ state: 'SUBMITTED', reference: expect.stringMatching(/^ZJ/) });
    expect((await deskApplications(mocks.housing.url))[n]).toMatchObject({ received: 1 });
    expect((await deskApplications(mocks.civilAffairs.url))[n]).toMatchObject({ received: 1 });

    second.child.kill('SIGTERM');
    expect((await once(second.child, 'exit'))[0]).toBe(0);
  });
});
