import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { population } from '../../mocks/seed/population.js';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

const QUERY = `query($id: IdCardNumber!) { resident(idNumber: $id) { name civilAffairs { districtName } housing { asOf stale subsidies { kind } } health { stale } } }`;
const DEPARTMENTS = `{ departments { department breaker recentCalls recentErrorRate latencyP50Ms } }`;
const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const housingState = async (stack: Stack) =>
  (await stack.graphql(DEPARTMENTS)).body.data.departments.find((d: { department: string }) => d.department === 'HOUSING');

describe('circuit breaker', () => {
  let stack: Stack;
  beforeAll(
    async () =>
      (stack = await startStack({
        env: { UPSTREAM_HOUSING_BREAKER_FAILURES: '3', UPSTREAM_HOUSING_BREAKER_HALF_OPEN_MS: '400', UPSTREAM_HOUSING_RETRIES: '0', UPSTREAM_HOUSING_CACHE_TTL_S: '0', UPSTREAM_HOUSING_STALE_GRACE_S: '0' },
      })),
  );
  afterAll(() => stack.close());

  it('opens after repeated failures, then fails fast without calling the department, and closes when it recovers', async () => {
    stack.mocks.housing.configure({ mode: 'down' });
    for (let i = 0; i < 3; i++) await stack.graphql(QUERY, { id });
    expect((await housingState(stack)).breaker).toBe('OPEN');

    stack.resetCalls();
    const { body } = await stack.graphql(QUERY, { id });
    expect(stack.mocks.housing.stats().requests).toBe(0);
    expect(body.data.resident.housing).toBeNull();
    expect(body.data.resident.civilAffairs).not.toBeNull();
    const error = body.errors.find((e: { extensions: { department: string } }) => e.extensions.department === 'HOUSING');
    expect(error.extensions.code).toBe('DEPARTMENT_UNAVAILABLE');
    expect(error.message).toContain('circuit open');

    stack.mocks.housing.configure({ mode: 'normal' });
    await sleep(450);
    const recovered = await stack.graphql(QUERY, { id });
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.resident.housing).not.toBeNull();
    expect((await housingState(stack)).breaker).toBe('CLOSED');
  });

  it('reports each department’s recent error rate and latency', async () => {
    const { body } = await stack.graphql(DEPARTMENTS);
    const housing = body.data.departments.find((d: { department: string }) => d.department === 'HOUSING');
    expect(housing.recentCalls).toBeGreaterThan(0);
    expect(housing.recentErrorRate).toBeGreaterThan(0);
    expect(housing.latencyP50Ms).toBeGreaterThanOrEqual(0);
  });
});

describe('stale-if-error', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { UPSTREAM_HOUSING_CACHE_TTL_S: '1', UPSTREAM_HOUSING_STALE_GRACE_S: '600', UPSTREAM_HOUSING_RETRIES: '0' } })));
  afterAll(() => stack.close());

  it('serves an expired entry marked stale, with its time, when the department fails', async () => {
    const fresh = await stack.graphql(QUERY, { id });
    const asOf = fresh.body.data.resident.housing.asOf;
    await sleep(1100);
    stack.mocks.housing.configure({ mode: 'down' });
    const { body } = await stack.graphql(QUERY, { id });
    expect(body.errors).toBeUndefined();
    expect(body.data.resident.housing).toMatchObject({ stale: true, asOf });
    expect(body.data.resident.health.stale).toBe(false);
    expect(body.extensions.warnings).toEqual([expect.objectContaining({ code: 'STALE_DATA', department: 'HOUSING', asOf })]);
  });

  it('without an entry to fall back on, the department is unavailable as before', async () => {
    stack.mocks.housing.configure({ mode: 'down' });
    const other = population().residents.find((r) => r.housing)!.idNumber;
    const { body } = await stack.graphql(QUERY, { id: other });
    expect(body.data.resident.housing).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'HOUSING' });
  });
});

describe('retries and bulkhead', () => {
  let stack: Stack;
  beforeAll(
    async () =>
      (stack = await startStack({
        env: {
          UPSTREAM_CIVIL_AFFAIRS_RETRIES: '1',
          UPSTREAM_CIVIL_AFFAIRS_CACHE_TTL_S: '0',
          UPSTREAM_HEALTH_MAX_CONCURRENT: '1',
          UPSTREAM_HEALTH_MAX_QUEUED: '0',
          UPSTREAM_HEALTH_CACHE_TTL_S: '0',
        },
      })),
  );
  afterAll(() => stack.close());

  it('retries a failed read once before giving up', async () => {
    stack.mocks.civilAffairs.configure({ mode: 'garbage' });
    stack.resetCalls();
    const { body } = await stack.graphql(QUERY, { id });
    stack.mocks.civilAffairs.configure({ mode: 'normal' });
    expect(body.data.resident.civilAffairs).toBeNull();
    expect(stack.mocks.civilAffairs.stats().requests).toBe(2);
  });

  it('refuses calls beyond a department’s concurrency limit at once instead of queueing them', async () => {
    stack.mocks.health.configure({ latencyMs: 300 });
    const [a, b] = await Promise.all([stack.graphql(QUERY, { id }), stack.graphql(QUERY, { id: demoKnownTo('HEALTH').idNumber })]);
    stack.mocks.health.configure({ latencyMs: 0 });
    const messages = [a, b].flatMap((r) => (r.body.errors ?? []).map((e: { message: string }) => e.message));
    expect(messages).toEqual([expect.stringContaining('too many calls in flight')]);
  });
});

describe('deadline', () => {
  let stack: Stack;
  beforeAll(
    async () =>
      (stack = await startStack({
        env: { UPSTREAM_HEALTH_TIMEOUT_MS: '300', UPSTREAM_HEALTH_MAX_CONCURRENT: '1', UPSTREAM_HEALTH_MAX_QUEUED: '10', UPSTREAM_HEALTH_CACHE_TTL_S: '0', UPSTREAM_HEALTH_RETRIES: '0' },
      })),
  );
  afterAll(() => stack.close());

  it('counts time queued behind a busy department, so no caller waits past the timeout', async () => {
    stack.mocks.health.configure({ latencyMs: 250 });
    const ids = population().residents.filter((r) => r.health).slice(0, 4).map((r) => r.idNumber);
    const started = performance.now();
    const answers = await Promise.all(ids.map((id) => stack.graphql(`query($id: IdCardNumber!) { resident(idNumber: $id) { health { stale } } }`, { id })));
    const elapsed = performance.now() - started;
    stack.mocks.health.configure({ latencyMs: 0 });
    // One call at a time, 250 ms each: queued callers give up at 300 ms instead of waiting ~1 s.
    expect(elapsed).toBeLessThan(800);
    const timedOut = answers.filter((a) => a.body.errors?.some((e: { message: string }) => e.message.includes('no answer within 300 ms')));
    expect(timedOut.length).toBeGreaterThan(0);
  });
});

describe('a department that stops answering', () => {
  let stack: Stack;
  beforeAll(
    async () =>
      (stack = await startStack({
        env: { UPSTREAM_HEALTH_TIMEOUT_MS: '100', UPSTREAM_HEALTH_BREAKER_FAILURES: '2', UPSTREAM_HEALTH_RETRIES: '0', UPSTREAM_HEALTH_CACHE_TTL_S: '0', UPSTREAM_HEALTH_STALE_GRACE_S: '0' },
      })),
  );
  afterAll(() => stack.close());

  it('opens the breaker on calls that time out, then fails fast without calling it', async () => {
    const HEALTH = `query($id: IdCardNumber!) { resident(idNumber: $id) { health { stale } } }`;
    stack.mocks.health.configure({ latencyMs: 400 });
    for (let i = 0; i < 2; i++) {
      const { body } = await stack.graphql(HEALTH, { id });
      expect(body.errors[0].message).toContain('no answer within 100 ms');
    }
    const state = (await stack.graphql(DEPARTMENTS)).body.data.departments.find((d: { department: string }) => d.department === 'HEALTH');
    expect(state.breaker).toBe('OPEN');
    stack.resetCalls();
    const { body } = await stack.graphql(HEALTH, { id });
    stack.mocks.health.configure({ latencyMs: 0 });
    expect(body.errors[0].message).toContain('circuit open');
    expect(stack.mocks.health.stats().requests).toBe(0);
  });
});
