import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createLoaders, type DepartmentLoaders, type Departments } from './departments/index.js';
import { Notices } from './notices.js';
import { departmentStatus } from './departments/status.js';
import type { DepartmentStatus } from './generated/graphql.js';

/** Built fresh for every request: nothing here is shared between requests. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  departments: DepartmentLoaders;
  /** Breaker state, error rate and latency of each department's connection. */
  departmentStatus(): DepartmentStatus[];
  notices: Notices;
  now: Date;
  maxResidents: number;
}

export interface ContextDeps {
  departments: Departments;
  logger: Logger;
  maxResidents: number;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function buildContext(deps: ContextDeps, headers: Record<string, string | string[] | undefined>): GatewayContext {
  const given = headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  const notices = new Notices();
  return {
    requestId,
    logger: deps.logger.child({ requestId }),
    departments: createLoaders(deps.departments, {
      requestId,
      onStale: (department, asOf) => notices.onStale(department, asOf),
      onFailure: (error) => notices.onFailure(error),
    }),
    departmentStatus: () => departmentStatus(deps.departments),
    notices,
    now: new Date(),
    maxResidents: deps.maxResidents,
  };
}
