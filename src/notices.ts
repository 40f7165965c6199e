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

/** The part of a result the notices are added to (Apollo's single result). */
export interface NoticedResult {
  data?: unknown;
  errors?: readonly unknown[];
  extensions?: Record<string, unknown>;
}

/**
 * What a request learns on the side while resolving: departments that failed (reported once each
 * where no field error already names them) and stale data served. Added to the response by a plugin.
 */
export class Notices {
  readonly stale = new Map<Department, StaleNotice>();
  private readonly failures = new Map<Department, UpstreamError>();
  private readonly reported = new Set<Department>();
  private readonly pending: Promise<unknown>[] = [];
  private completed: Promise<void> | undefined;

  /**
   * A department call the result may not wait for (a resident is known at the first department's
   * answer): the response still waits for it, so its failure is reported and audited every time.
   */
  track(call: Promise<unknown>): void {
    this.pending.push(call.catch(() => undefined));
  }

  /**
   * Once every tracked call has settled, adds the unreported failures and the stale warnings to the
   * result; once per request, so every plugin that reads the result awaits this first.
   */
  complete(result: NoticedResult): Promise<void> {
    this.completed ??= this.settle().then(() => {
      const extra = this.unreported().map((e) => ({ message: e.message, extensions: e.extensions }));
      if (extra.length > 0 && result.data !== undefined) result.errors = [...(result.errors ?? []), ...extra];
      if (this.stale.size > 0) result.extensions = { ...result.extensions, warnings: [...this.stale.values()] };
    });
    return this.completed;
  }

  private async settle(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }

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
