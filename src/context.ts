import type { Logger } from 'pino';
import { createLoaders, type DepartmentLoaders, type Departments } from './departments/index.js';
import { Notices } from './notices.js';
import { requestIdFrom } from './observability/request-id.js';
import { RequestTiming } from './observability/timing.js';
import type { Cases } from './cases/index.js';
import { departmentStatus } from './departments/status.js';
import type { DepartmentStatus } from './generated/graphql.js';
import { Access } from './auth/access.js';
import { authenticate, type Authenticator } from './auth/authenticate.js';
import { purposeFrom } from './auth/purpose.js';
import type { Purpose, Viewer } from './auth/viewer.js';
import { AuditRecorder } from './audit/recorder.js';
import { BackgroundWork } from './departments/background-work.js';
import type { AuditWriter } from './audit/writer.js';
import type { Database } from './db/database.js';
import type { RateLimiter } from './limits/rate-limit.js';

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
  /** Who is asking: always authenticated (the context refuses anonymous requests). */
  viewer: Viewer;
  purpose: Purpose;
  /** Per-request decisions on which residents the viewer may see. */
  access: Access;
  /** Whose personal data this request read, and the access reserved for it while the departments answer (src/audit/plugin.ts). */
  audit: AuditRecorder;
  db: Database;
  /** The audit trail's writer, shared: the log's readers flush it first. */
  auditWriter: AuditWriter;
  cases: Cases;
  /** Its own work while the departments answer (audit reservation, cases lookup), started once they are busy. */
  background: BackgroundWork;
  /** The Idempotency-Key header, for mutations that honour it. */
  idempotencyKey: string | null;
  /** Where this request's time went, for /metrics. */
  timing: RequestTiming;
}

export interface ContextDeps {
  departments: Departments;
  logger: Logger;
  maxResidents: number;
  cases: Cases;
  auth: Authenticator;
  auditWriter: AuditWriter;
  rateLimiter: RateLimiter;
  /** What time it is for a request: the wall clock, or a fixed date in tests of date-bound behaviour. */
  clock(): Date;
}

/**
 * Refuses a request with no valid credentials (UNAUTHENTICATED) or over its rate limit (RATE_LIMITED).
 * `arrivedAt` is when the HTTP request came in (performance.now()), so its timing includes what came before.
 */
export async function buildContext(
  deps: ContextDeps,
  headers: Record<string, string | string[] | undefined>,
  arrivedAt = performance.now(),
  // An event of a subscription is authenticated again but not counted: subscribing was, and a busy
  // stream would otherwise end itself and use up the viewer's quota for ordinary requests.
  { counted = true }: { counted?: boolean } = {},
): Promise<GatewayContext> {
  const timing = new RequestTiming(arrivedAt);
  const requestId = requestIdFrom(headers);
  const purpose = purposeFrom(headers);
  const viewer = await authenticate(deps.auth, headers);
  if (counted) await deps.rateLimiter.check(viewer);
  const notices = new Notices();
  const now = deps.clock();
  const logger = deps.logger.child({ requestId });
  const background = new BackgroundWork((error) => logger.error({ err: error }, 'work meant to run while the departments answered failed'));
  const audit = new AuditRecorder((task) => background.run(task));
  const departments = createLoaders(deps.departments, {
    requestId,
    logger,
    onStale: (department, asOf) => notices.onStale(department, asOf),
    onFailure: (error) => notices.onFailure(error),
    onCall: (startedAt, endedAt) => {
      timing.call(startedAt, endedAt);
      background.heard();
    },
    onAsk: (idNumbers) => {
      background.asking();
      audit.asking(idNumbers);
    },
  });
  return {
    requestId,
    logger,
    departments,
    departmentStatus: () => departmentStatus(deps.departments),
    notices,
    now,
    maxResidents: deps.maxResidents,
    viewer,
    purpose,
    access: new Access(viewer, purpose, departments, deps.auth.db, now),
    audit,
    background,
    db: deps.auth.db,
    auditWriter: deps.auditWriter,
    cases: deps.cases,
    idempotencyKey: typeof headers['idempotency-key'] === 'string' ? headers['idempotency-key'] : null,
    timing,
  };
}
