import type { GraphQLError } from 'graphql';
import type { Department } from './generated/graphql.js';
import { ErrorCode, departmentUnavailable } from './errors.js';
import type { UpstreamError } from './departments/upstream.js';
import { DEPARTMENT_CODE } from './config.js';

export interface StaleNotice {
  code: ErrorCode.STALE_DATA;
  department: Department;
  asOf: string;
  message: string;
}

/**
 * What a request learns on the side while resolving: departments that failed (reported once each
 * where no field error already names them) and stale data served. Added to the response by a plugin.
 */
export class Notices {
  readonly stale = new Map<Department, StaleNotice>();
  private readonly failures = new Map<Department, UpstreamError>();
  private readonly reported = new Set<Department>();

  onStale(department: Department, asOf: string): void {
    const known = this.stale.get(department);
    if (known && known.asOf <= asOf) return;
    this.stale.set(department, { code: ErrorCode.STALE_DATA, department, asOf, message: `${department} could not answer; showing data as of ${asOf}` });
  }

  onFailure(error: UpstreamError): void {
    this.failures.set(DEPARTMENT_CODE[error.department], error);
  }

  /** A field resolver raised this department's error itself. */
  markReported(department: Department): void {
    this.reported.add(department);
  }

  /** Failures no field error mentions, e.g. when only `serviceStatus` was asked for. */
  unreported(): GraphQLError[] {
    return [...this.failures.entries()]
      .filter(([d]) => !this.reported.has(d))
      .map(([d, e]) => departmentUnavailable(d, e.reason));
  }
}
