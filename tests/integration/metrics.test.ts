import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKnownTo } from '../support/demo.js';
import { startStack, type Stack } from '../support/stack.js';

const LATENCY_MS = 30;

describe('/metrics', () => {
  let stack: Stack;
  let text: string;
  beforeAll(async () => {
    stack = await startStack({ mocks: { latencyMs: LATENCY_MS } });
    const id = demoKnownTo('CIVIL_AFFAIRS', 'HOUSING', 'HEALTH').idNumber;
    const query = `query ClerkLookup($id: IdCardNumber!) { resident(idNumber: $id) { name housing { subsidies { kind } } } }`;
    await stack.graphql(query, { id });
    await stack.graphql(query, { id });
    text = await (await fetch(`${stack.url}/metrics`)).text();
  });
  afterAll(() => stack.close());

  const sample = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(series));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('counts requests and their latency by operation', () => {
    expect(sample('ow_graphql_requests_total{operation="ClerkLookup",outcome="ok"}')).toBe(2);
    expect(sample('ow_graphql_request_duration_seconds_count{operation="ClerkLookup"}')).toBe(2);
  });

  it('counts department calls, their latency and batch sizes by department', () => {
    for (const d of ['civilAffairs', 'housing', 'health']) {
      expect(sample(`ow_upstream_calls_total{department="${d}",outcome="ok"}`)).toBe(1);
      expect(sample(`ow_upstream_duration_seconds_count{department="${d}"}`)).toBe(1);
      expect(sample(`ow_upstream_batch_size_count{department="${d}"}`)).toBe(1);
    }
  });

  it('counts cache hits and misses by department', () => {
    expect(sample('ow_cache_lookups_total{department="housing",result="miss"}')).toBe(1);
    expect(sample('ow_cache_lookups_total{department="housing",result="hit"}')).toBe(1);
  });

  it('splits a request that asked departments into its phases, the departments’ part covering their answer time', () => {
    const phase = (name: string, what: 'sum' | 'count') => sample(`ow_graphql_request_phase_seconds_${what}{phase="${name}"}`);
    // The first request asked the departments; the second was answered from the cache.
    for (const name of ['before_departments', 'departments', 'after_departments']) expect(phase(name, 'count')).toBe(1);
    expect(phase('departments', 'sum')).toBeGreaterThanOrEqual(LATENCY_MS / 1000);
    expect(phase('before_departments', 'sum')).toBeGreaterThan(0);
    expect(phase('after_departments', 'sum')).toBeGreaterThan(0);
    expect(phase('before_departments', 'sum')! + phase('after_departments', 'sum')!).toBeLessThan(sample('ow_graphql_request_duration_seconds_sum{operation="ClerkLookup"}')!);
    // Both were audited.
    expect(phase('audit', 'count')).toBe(2);
  });

  it('shows each department’s breaker state', () => {
    for (const d of ['civilAffairs', 'housing', 'health']) expect(sample(`ow_breaker_state{department="${d}"}`)).toBe(0);
  });
});
