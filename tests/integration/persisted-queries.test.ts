import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { REDIS_URL, describeWithRedis, uniquePrefix } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { manifestFile } from '../support/trusted-documents.js';

const QUERY = `query Name($id: IdCardNumber!) { resident(idNumber: $id) { name } }`;
const hash = createHash('sha256').update(QUERY).digest('hex');
const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;

/** POSTs with the APQ extension, with or without the document itself. */
async function apq(stack: Stack, withQuery: boolean, sha256Hash = hash) {
  const body: Record<string, unknown> = { variables: { id }, extensions: { persistedQuery: { version: 1, sha256Hash } } };
  if (withQuery) body.query = QUERY;
  const res = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: stack.headers(), body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

function apqBehaviour(env: () => Record<string, string>) {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: env() })));
  afterAll(() => stack.close());

  it('asks for the document when it does not know the hash, then answers by hash alone', async () => {
    const unknown = await apq(stack, false, 'f'.repeat(64));
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await apq(stack, true);
    expect(registered.body.data.resident.name).toBeTruthy();
    const byHash = await apq(stack, false);
    expect(byHash.body.data.resident.name).toBe(registered.body.data.resident.name);
  });
}

describe('automatic persisted queries in process memory', () => apqBehaviour(() => ({})));

describeWithRedis('automatic persisted queries in the real Redis', () => {
  const prefix = uniquePrefix('apq');
  apqBehaviour(() => ({ REDIS_URL, CACHE_PREFIX: prefix }));

  it('a hash registered through one gateway is known to another', async () => {
    const first = await startStack({ env: { REDIS_URL, CACHE_PREFIX: prefix } });
    const second = await startStack({ env: { REDIS_URL, CACHE_PREFIX: prefix } });
    try {
      await apq(first, true);
      const byHash = await apq(second, false);
      expect(byHash.body.data.resident.name).toBeTruthy();
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('trusted documents only', () => {
  let stack: Stack;
  beforeAll(async () => {
    const file = manifestFile(QUERY);
    stack = await startStack({ env: { TRUSTED_DOCUMENTS_FILE: file, TRUSTED_DOCUMENTS_ONLY: 'all' } });
  });
  afterAll(() => stack.close());

  it('answers a registered operation by hash without it ever being sent in full', async () => {
    const { body } = await apq(stack, false);
    expect(body.errors).toBeUndefined();
    expect(body.data.resident.name).toBeTruthy();
  });

  it('refuses any other operation with OPERATION_NOT_TRUSTED', async () => {
    const { status, body } = await stack.graphql(`query Other($id: IdCardNumber!) { resident(idNumber: $id) { name gender } }`, { id });
    expect(status).toBe(403);
    expect(body.errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    expect(body.data).toBeUndefined();
  });
});

describeWithRedis('trusted documents with the real Redis', () => {
  it('are still answered by hash after Redis lost every key', async () => {
    const file = manifestFile(QUERY);
    const prefix = uniquePrefix('trusted');
    const stack = await startStack({ env: { REDIS_URL, CACHE_PREFIX: prefix, TRUSTED_DOCUMENTS_FILE: file, TRUSTED_DOCUMENTS_ONLY: 'all' } });
    try {
      const keys = await stack.gateway.redis!.keys(`${prefix}:*`);
      if (keys.length > 0) await stack.gateway.redis!.del(...keys);
      const { body } = await apq(stack, false);
      expect(body.errors).toBeUndefined();
      expect(body.data.resident.name).toBeTruthy();
    } finally {
      await stack.close();
    }
  });
});
