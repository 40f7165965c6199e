import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { population } from '../../mocks/seed/population.js';
import { sign } from '../../src/hooks/signature.js';
import { DEV_HOOK_SECRETS } from '../../src/config.js';
import { demoKnownTo } from '../support/demo.js';
import { REDIS_URL, describeWithRedis, uniquePrefix } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';

const RESIDENT = `query($id: IdCardNumber!) { resident(idNumber: $id) { name civilAffairs { districtName asOf stale } housing { subsidies { kind } asOf stale } health { vaccinations { vaccine } stale } serviceStatus { reference } } }`;
const LIST = `query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { name civilAffairs { districtName } housing { subsidies { kind } } health { vaccinations { vaccine } } } }`;
const NONE = { civilAffairs: 0, housing: 0, health: 0 };
const ONE_EACH = { civilAffairs: 1, housing: 1, health: 1 };
// Civil affairs' deadline in these stacks: an invalidation is repeated once calls in flight are past it.
const IN_FLIGHT_TIMEOUT_MS = 800;

/** The behaviours every cache gives, in Redis and in process memory alike. */
function cacheBehaviour(env: () => Record<string, string>) {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { UPSTREAM_CIVIL_AFFAIRS_TIMEOUT_MS: String(IN_FLIGHT_TIMEOUT_MS), ...env() } })));
  afterAll(() => stack.close());
  afterEach(() => stack.resetCalls());

  it('serves a resident read twice from one set of department calls', async () => {
    const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
    const first = await stack.graphql(RESIDENT, { id });
    expect(stack.upstreamCalls()).toEqual(ONE_EACH);
    const second = await stack.graphql(RESIDENT, { id });
    expect(stack.upstreamCalls()).toEqual(ONE_EACH);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.data.resident.civilAffairs.stale).toBe(false);
  });

  it('serves a 50-resident list read after each resident was read once without any department call', async () => {
    const ids = population().residents.slice(200, 250).map((r) => r.idNumber);
    for (const id of ids) await stack.graphql(RESIDENT, { id });
    stack.resetCalls();
    const { body } = await stack.graphql(LIST, { ids });
    expect(body.errors).toBeUndefined();
    expect(body.data.residents).toHaveLength(50);
    expect(stack.upstreamCalls()).toEqual(NONE);
  });

  it('remembers that a department does not know a person', async () => {
    const id = demoKnownTo('HOUSING').idNumber;
    await stack.graphql(RESIDENT, { id });
    stack.resetCalls();
    const { body } = await stack.graphql(RESIDENT, { id });
    expect(body.data.resident.civilAffairs).toBeNull();
    expect(stack.upstreamCalls()).toEqual(NONE);
  });

  it('re-fetches what a department names in a signed invalidation hook, and nothing else', async () => {
    const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
    await stack.graphql(RESIDENT, { id });
    const body = JSON.stringify({ idNumbers: [id] });
    const res = await fetch(`${stack.url}/hooks/civil-affairs/changed`, { method: 'POST', headers: sign(DEV_HOOK_SECRETS.civilAffairs, body), body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, dropped: 1 });
    stack.resetCalls();
    await stack.graphql(RESIDENT, { id });
    expect(stack.upstreamCalls()).toEqual({ civilAffairs: 1, housing: 0, health: 0 });
  });

  it('drops again, once calls in flight have answered, what one of them wrote after the invalidation', async () => {
    const id = population().residents.slice(400).find((r) => r.civilAffairs)!.idNumber; // read by no other test here
    stack.mocks.civilAffairs.configure({ latencyMs: 300 });
    const reading = stack.graphql(RESIDENT, { id });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const body = JSON.stringify({ idNumbers: [id] });
    const invalidated = Date.now();
    const res = await fetch(`${stack.url}/hooks/civil-affairs/changed`, { method: 'POST', headers: sign(DEV_HOOK_SECRETS.civilAffairs, body), body });
    expect(await res.json()).toEqual({ received: 1, dropped: 0 });
    await reading;
    stack.mocks.civilAffairs.configure({ latencyMs: 0 });
    // The call in flight wrote what it read before the change; past its deadline that is dropped too.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, invalidated + IN_FLIGHT_TIMEOUT_MS + 500 - Date.now())));
    stack.resetCalls();
    await stack.graphql(RESIDENT, { id });
    expect(stack.upstreamCalls().civilAffairs).toBe(1);
  });
}

describe('cache in process memory (no REDIS_URL)', () => {
  cacheBehaviour(() => ({}));
});

describeWithRedis('cache in the real Redis', () => {
  const prefix = uniquePrefix('cache');
  cacheBehaviour(() => ({ REDIS_URL, CACHE_PREFIX: prefix }));

  it('survives a gateway restart', async () => {
    const stack = await startStack({ env: { REDIS_URL, CACHE_PREFIX: uniquePrefix('restart') } });
    try {
      const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
      await stack.graphql(RESIDENT, { id });
      await stack.restart();
      // The new process connects to Redis in the background; serve once it has.
      for (let i = 0; i < 50 && ((await (await fetch(`${stack.url}/readyz`)).json()) as any).cache.status !== 'ok'; i++) await new Promise((r) => setTimeout(r, 100));
      stack.resetCalls();
      const { body } = await stack.graphql(RESIDENT, { id });
      expect(body.data.resident.name).toBeTruthy();
      expect(stack.upstreamCalls()).toEqual(NONE);
    } finally {
      await stack.close();
    }
  });
});

describe('invalidation hook security', () => {
  let stack: Stack;
  const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
  const body = JSON.stringify({ idNumbers: [id] });
  const post = (headers: Record<string, string>, department = 'housing', payload = body) =>
    fetch(`${stack.url}/hooks/${department}/changed`, { method: 'POST', headers, body: payload });
  beforeAll(async () => (stack = await startStack()));
  afterAll(() => stack.close());

  it('refuses an unsigned call', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.message).toContain('missing signature headers');
  });

  it('refuses a call signed with another department’s secret', async () => {
    const res = await post(sign(DEV_HOOK_SECRETS.health, body));
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.message).toContain('signature does not match');
  });

  it('refuses a body changed after signing', async () => {
    const res = await post(sign(DEV_HOOK_SECRETS.housing, body), 'housing', JSON.stringify({ idNumbers: [] }));
    expect(res.status).toBe(401);
  });

  it('refuses an old signature', async () => {
    const res = await post(sign(DEV_HOOK_SECRETS.housing, body, Math.floor(Date.now() / 1000) - 3600));
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.message).toContain('outside the allowed window');
  });

  it('refuses the same signed call twice', async () => {
    const headers = sign(DEV_HOOK_SECRETS.housing, body);
    expect((await post(headers)).status).toBe(200);
    expect((await post(headers)).status).toBe(409);
  });

  it('refuses a body that is not a list of ID numbers with a clear error', async () => {
    const bad = JSON.stringify({ ids: 'x' });
    const res = await post(sign(DEV_HOOK_SECRETS.housing, bad), 'housing', bad);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('BAD_USER_INPUT');
  });
});

describe('a department whose answers are not kept', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { UPSTREAM_HEALTH_CACHE_TTL_S: '0' } })));
  afterAll(() => stack.close());

  it('is asked every time, and its cache is never read', async () => {
    const read: string[] = [];
    const cache = stack.gateway.cache;
    const getMany = cache.getMany.bind(cache);
    cache.getMany = ((keys: string[]) => (read.push(...keys), getMany(keys))) as typeof cache.getMany;
    const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
    for (let i = 0; i < 2; i++) expect((await stack.graphql(RESIDENT, { id })).body.errors).toBeUndefined();
    expect(stack.upstreamCalls()).toEqual({ civilAffairs: 1, housing: 1, health: 2 });
    expect(read.some((key) => key.includes(':civilAffairs:'))).toBe(true);
    expect(read.filter((key) => key.includes(':health:'))).toEqual([]);
  });
});
