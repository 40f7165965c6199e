import type { EntityCache } from '../cache/cache.js';
import type { Departments } from '../departments/index.js';

/**
 * What /readyz reports. The gateway is still ready when the cache or a department is degraded
 * (it serves without them), so those make the status "degraded", not "unavailable".
 */
export function readiness(cache: EntityCache, departments: Departments) {
  const cacheState = { kind: cache.kind, status: cache.healthy() ? 'ok' : 'degraded' };
  const depts = Object.fromEntries(
    Object.values(departments).map((d) => [d.connector.key, { breaker: d.upstream.breakerState, status: d.upstream.isOpen ? 'degraded' : 'ok' }]),
  );
  const degraded = cacheState.status !== 'ok' || Object.values(depts).some((d) => d.status !== 'ok');
  return { status: degraded ? ('degraded' as const) : ('ok' as 'ok' | 'degraded' | 'unavailable'), cache: cacheState, departments: depts };
}
