import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

// The GraphQL-over-HTTP spec as clients meet it: POST JSON, GET for queries, status codes, media types.
describe('GraphQL over HTTP', () => {
  let stack: Stack;
  const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
  const query = `query($id: IdCardNumber!) { resident(idNumber: $id) { name } }`;
  beforeAll(async () => (stack = await startStack()));
  afterAll(() => stack.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/graphql`, { method: 'POST', headers: stack.headers(headers), body });

  it('answers a POST with application/graphql-response+json when the client accepts it', async () => {
    const res = await post(JSON.stringify({ query, variables: { id } }), { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(((await res.json()) as any).data.resident.name).toBeTruthy();
  });

  it('answers a query sent as GET', async () => {
    const params = new URLSearchParams({ query, variables: JSON.stringify({ id }) });
    const res = await fetch(`${stack.url}/graphql?${params}`, { headers: stack.headers({ 'apollo-require-preflight': 'true', 'content-type': '' }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.resident.name).toBeTruthy();
  });

  it('refuses a GET that could be a cross-site request forgery', async () => {
    const params = new URLSearchParams({ query, variables: JSON.stringify({ id }) });
    const res = await fetch(`${stack.url}/graphql?${params}`, { headers: stack.headers({ 'content-type': '' }) });
    expect(res.status).toBe(400);
  });

  it('answers 400 with a coded JSON error, not a stack trace, for a body that is not JSON', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as any;
    expect(body.errors[0]).toEqual({ message: 'The request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('answers the body parser\'s own 4xx with a coded JSON error, not a 500: an unknown charset, on GraphQL and on a hook', async () => {
    const res = await post(JSON.stringify({ query: `{ __typename }` }), { 'content-type': 'application/json; charset=foo' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as any).errors[0]).toMatchObject({ message: expect.stringMatching(/cannot be read: unsupported charset/), extensions: { code: 'BAD_USER_INPUT' } });
    const hook = await fetch(`${stack.url}/hooks/housing/cases`, { method: 'POST', headers: { 'content-type': 'application/json; charset=foo' }, body: '{}' });
    expect(hook.status).toBe(415);
    expect(((await hook.json()) as any).error.code).toBe('BAD_USER_INPUT');
  });

  it('answers 413 with a coded JSON error for a body over the limit', async () => {
    const res = await post(JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers 400 with GRAPHQL_PARSE_FAILED for a query that does not parse', async () => {
    const res = await post(JSON.stringify({ query: '{ resident(' }), { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers 400 with GRAPHQL_VALIDATION_FAILED for a field that does not exist', async () => {
    const res = await post(JSON.stringify({ query: '{ nobody }' }), { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('echoes the caller’s X-Request-Id, or gives one', async () => {
    const given = await post(JSON.stringify({ query, variables: { id } }), { 'x-request-id': 'desk-7-000123' });
    expect(given.headers.get('x-request-id')).toBe('desk-7-000123');
    const generated = await post(JSON.stringify({ query, variables: { id } }));
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
