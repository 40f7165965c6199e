import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_LABELS } from '../../src/observability/operation-labels.js';
import { startStack, type Stack } from '../support/stack.js';
import { manifestFile } from '../support/trusted-documents.js';

// Operation names are chosen by clients: a stream of new ones must not grow /metrics (each would be
// series kept for the life of the process).

const FLOOD = MAX_OPERATION_LABELS + 50;
// A trusted document's name is labelled whenever it first comes, even after the bound is reached.
const TRUSTED = 'query CounterTrusted { __typename }';

describe('/metrics operation labels', () => {
  let stack: Stack;
  let text: string;
  beforeAll(async () => {
    const file = manifestFile(TRUSTED);
    stack = await startStack({ env: { TRUSTED_DOCUMENTS_FILE: file } });
    await stack.graphql('query Known { __typename }');
    for (let i = 0; i < FLOOD; i++) await stack.graphql(`query Unique${randomBytes(6).toString('hex')} { __typename }`);
    await stack.graphql('query Known { __typename }');
    await stack.graphql(TRUSTED);
    text = await (await fetch(`${stack.url}/metrics`)).text();
  });
  afterAll(() => stack.close());

  const series = (prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));
  const sample = (line: string) => Number(series(line)[0]?.split(' ').at(-1));

  it('labels at most the bound of distinct names, and counts the rest as "other"', () => {
    const operations = new Set(series('ow_graphql_requests_total{').map((l) => /operation="([^"]*)"/.exec(l)![1]));
    // The bound, "other", and the trusted document's name.
    expect(operations.size).toBe(MAX_OPERATION_LABELS + 2);
    expect(series('ow_graphql_request_duration_seconds_count{')).toHaveLength(MAX_OPERATION_LABELS + 2);
    // "Known" took one place before the flood, so all but MAX - 1 of the flood are "other".
    expect(sample('ow_graphql_requests_total{operation="other",outcome="ok"}')).toBe(FLOOD - (MAX_OPERATION_LABELS - 1));
  });

  it('labels a trusted document by its name, though it first came after the bound was reached', () => {
    expect(sample('ow_graphql_requests_total{operation="CounterTrusted",outcome="ok"}')).toBe(1);
  });

  it('still labels a name seen before the bound was reached by its name', () => {
    expect(sample('ow_graphql_requests_total{operation="Known",outcome="ok"}')).toBe(2);
    expect(sample('ow_graphql_request_duration_seconds_count{operation="Known"}')).toBe(2);
  });
});
