import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createLoaders, type DepartmentLoaders, type Departments } from './departments/index.js';
import { Notices } from './notices.js';

/** Built fresh for every request: nothing here is shared between requests. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  departments: DepartmentLoaders;
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
    notices,
    now: new Date(),
    maxResidents: deps.maxResidents,
  };
}
