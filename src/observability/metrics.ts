import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus series of one gateway instance (own registry, so several instances can share a process in tests). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ow_' });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: 'ow_graphql_requests_total',
      help: 'GraphQL requests by operation and outcome',
      labelNames: ['operation', 'outcome'],
      registers,
    }),
    requestSeconds: new Histogram({
      name: 'ow_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    requestPhaseSeconds: new Histogram({
      name: 'ow_graphql_request_phase_seconds',
      help: 'Where the time of a request that asked departments went: before_departments, departments (first call to last answer), after_departments (to the result), audit (writing its record)',
      labelNames: ['phase'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    upstreamCalls: new Counter({
      name: 'ow_upstream_calls_total',
      help: 'Calls to department APIs by department and outcome',
      labelNames: ['department', 'outcome'],
      registers,
    }),
    upstreamSeconds: new Histogram({
      name: 'ow_upstream_duration_seconds',
      help: 'Department call latency',
      labelNames: ['department'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),
    cacheLookups: new Counter({
      name: 'ow_cache_lookups_total',
      help: 'Cache lookups of department answers by department and result (hit, miss, stale)',
      labelNames: ['department', 'result'],
      registers,
    }),
    malformedRecords: new Counter({
      name: 'ow_upstream_malformed_records_total',
      help: "Records a department answered that its wire schema refused (that resident's field failed; the call counted as ok)",
      labelNames: ['department'],
      registers,
    }),
    batchSize: new Histogram({
      name: 'ow_upstream_batch_size',
      help: 'ID numbers per department call',
      labelNames: ['department'],
      buckets: [1, 2, 5, 10, 20, 50, 100],
      registers,
    }),
    breakerState: new Gauge({
      name: 'ow_breaker_state',
      help: 'Circuit breaker state per department: 0 closed, 1 half-open, 2 open',
      labelNames: ['department'],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
