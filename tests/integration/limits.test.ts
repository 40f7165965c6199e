import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoResidents, demoKnownTo } from '../support/demo.js';
import { app, asUser, consent } from '../support/auth.js';
import { describeWithRedis, REDIS_URL, uniquePrefix } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';

const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;

describe('request limits', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { MAX_DEPTH: '6', MAX_ALIASES: '3', MAX_COST: '2000', BODY_LIMIT: '2kb' } })));
  afterAll(() => stack.close());

  const code = (body: { errors?: { extensions: { code: string } }[] }) => body.errors?.[0]?.extensions.code;

  it('refuses a query deeper than the limit', async () => {
    const { status, body } = await stack.graphql(`{ resident(idNumber: "${id}") { civilAffairs { household { headIdNumber } assistance { program } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const deep = `query { a: resident(idNumber: "${id}") { civilAffairs { household { headIdNumber } } } __schema { types { fields { type { ofType { ofType { name } } } } } } }`;
    const refused = await stack.graphql(deep);
    expect(code(refused.body)).toBe('QUERY_TOO_COMPLEX');
    expect(refused.body.errors[0].message).toMatch(/depth 7 exceeds the limit of 6/);
  });

  it('refuses more aliases than the limit', async () => {
    const q = `{ ${[1, 2, 3, 4].map((i) => `r${i}: resident(idNumber: "${id}") { name }`).join(' ')} }`;
    const { status, body } = await stack.graphql(q);
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/4 aliases exceed the limit of 3/);
  });

  it('prices a list per resident and per department asked', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => demoResidents[i % demoResidents.length]!.idNumber);
    const light = await stack.graphql(`query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { name } }`, { ids });
    expect(light.body.errors).toBeUndefined();
    const heavy = await stack.graphql(`query($ids: [IdCardNumber!]!) { residents(idNumbers: $ids) { name civilAffairs { stale } housing { stale } health { stale } serviceStatus { status } } }`, { ids });
    expect(code(heavy.body)).toBe('QUERY_TOO_COMPLEX');
    // Each resident: the lookup (every department is asked), name, three profiles, service status.
    expect(heavy.body.errors[0].extensions).toMatchObject({ cost: 40 * (30 + 1 + 11 + 11 + 11 + 31), max: 2000 });
  });

  it('prices a list given as a variable default like a list sent, without asking any department', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => demoResidents[i % demoResidents.length]!.idNumber);
    const before = stack.upstreamCalls();
    const q = `query($ids: [IdCardNumber!]! = ${JSON.stringify(ids)}) { residents(idNumbers: $ids) { name civilAffairs { stale } housing { stale } health { stale } serviceStatus { status } } }`;
    const { body } = await stack.graphql(q);
    expect(code(body)).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors[0].extensions).toMatchObject({ cost: 40 * (30 + 1 + 11 + 11 + 11 + 31), max: 2000 });
    expect(stack.upstreamCalls()).toEqual(before);
  });

  it('refuses a batch of operations in one request', async () => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser(stack, { role: 'clerk' })) },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser(stack, { role: 'clerk' })) },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(4000) } }),
    });
    expect(res.status).toBe(413);
  });

  it('refuses a simple cross-site request (CSRF prevention)', async () => {
    const res = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: await asUser(stack, { role: 'clerk' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });
});

describe('introspection in production', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { INTROSPECTION: 'false' } })));
  afterAll(() => stack.close());

  it('answers staff and refuses apps', async () => {
    expect((await stack.graphql('{ __schema { queryType { name } } }')).body.data.__schema.queryType.name).toBe('Query');
    const client = await app(stack, ['resident:basic']);
    const { status, body } = await stack.graphql('{ __schema { queryType { name } } }', {}, client.headers());
    expect(status).toBe(403);
    expect(body.errors[0].message).toMatch(/Introspection is available to staff only/);
  });
});

function rateLimits(env: () => Record<string, string>) {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { RATE_LIMIT_USER: '3', RATE_LIMIT_APP_BASIC: '2', RATE_LIMIT_WINDOW_S: '60', ...env() } })));
  afterAll(() => stack.close());

  it('answers 429 with Retry-After once a user has used up the window, without affecting other users', async () => {
    const headers = await asUser(stack, { role: 'clerk', subject: `clerk-${Math.random()}` });
    for (let i = 0; i < 3; i++) expect((await stack.graphql('{ __typename }', {}, headers)).status).toBe(200);
    const { status, body, headers: h } = await stack.graphql('{ __typename }', {}, headers);
    expect(status).toBe(429);
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(Number(h.get('retry-after'))).toBeGreaterThan(0);
    const other = await asUser(stack, { role: 'clerk', subject: `clerk-${Math.random()}` });
    expect((await stack.graphql('{ __typename }', {}, other)).status).toBe(200);
  });

  it('limits an app by its tier', async () => {
    const client = await app(stack, ['resident:basic'], 'basic');
    await consent(stack, id, client.id, ['resident:basic']);
    for (let i = 0; i < 2; i++) expect((await stack.graphql('{ __typename }', {}, client.headers())).status).toBe(200);
    const { status, body } = await stack.graphql('{ __typename }', {}, client.headers());
    expect(status).toBe(429);
    expect(body.errors[0].message).toMatch(/tier basic.*more than 2 requests in 60 s/);
  });
}

describe('rate limits in memory', () => rateLimits(() => ({})));
describeWithRedis('rate limits in the real Redis', () => rateLimits(() => ({ REDIS_URL, CACHE_PREFIX: uniquePrefix('limits') })));
