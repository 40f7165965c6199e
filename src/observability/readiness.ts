import type { EntityCache } from '../cache/cache.js';
import type { Database } from '../db/database.js';
import type { Departments } from '../departments/index.js';

/**
 * What /readyz reports. Without its database the gateway cannot write the audit trail, so it
 * serves no personal data: "unavailable" (503, the load balancer takes it out). Without the
 * cache or a department it still serves, so those make it "degraded" (200).
 */
export async function readiness(cache: EntityCache, db: Database, departments: Departments) {
  const database = { kind: db.kind, status: (await db.healthy()) ? 'ok' : 'unavailable' };
  const cacheState = { kind: cache.kind, status: cache.healthy() ? 'ok' : 'degraded' };
  const depts = Object.fromEntries(
    Object.values(departments).map((d) => [d.connector.key, { breaker: d.upstream.breakerState, status: d.upstream.isOpen ? 'degraded' : 'ok' }]),
  );
  const degraded = cacheState.status !== 'ok' || Object.values(depts).some((d) => d.status !== 'ok');
  const status = database.status !== 'ok' ? 'unavailable' : degraded ? 'degraded' : 'ok';
  return { status, database, cache: cacheState, departments: depts };
}
