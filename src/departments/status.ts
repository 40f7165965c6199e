import type { DepartmentStatus } from '../generated/graphql.js';
import { DEPARTMENT_NAMES } from '../errors.js';
import type { Departments } from './index.js';

/** What Query.departments and /readyz report of each department's connection. */
export function departmentStatus(departments: Departments): DepartmentStatus[] {
  return Object.values(departments).map(({ code, upstream }) => ({
    department: code,
    name: DEPARTMENT_NAMES[code],
    breaker: upstream.breakerState,
    recentCalls: upstream.recent.count,
    recentErrorRate: upstream.recent.errorRate(),
    latencyP50Ms: upstream.recent.latency(0.5),
    latencyP95Ms: upstream.recent.latency(0.95),
  }));
}
