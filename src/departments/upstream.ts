import { createHash } from 'node:crypto';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { Pool } from 'undici';
import type { DepartmentConfig, DepartmentKey } from '../config.js';
import type { BreakerState } from '../generated/graphql.js';
import { RecentCalls } from './recent-calls.js';
import { traceUpstream } from '../observability/tracing.js';

/** A department call that failed; `reason` is safe to show a clerk, `cause` is logged. */
export class UpstreamError extends Error {
  constructor(
    readonly department: DepartmentKey,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${department}: ${reason}`, options);
  }
}

/**
 * One person's record in an answer whose envelope parsed: only that person fails. The call itself
 * succeeded, so the retry and the breaker never handle it, even were a decode to throw one.
 */
export class MalformedRecordError extends UpstreamError {}

/** What may be logged of a department's answer body: it holds personal data, so never its text. */
export function describeBody(body: string): { bodyLength: number; bodySha256: string } {
  return { bodyLength: body.length, bodySha256: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Only reads are retried. */
  idempotent: boolean;
  requestId?: string;
}

export interface UpstreamResponse {
  status: number;
  body: string;
}

export interface UpstreamObserver {
  onCall?(department: DepartmentKey, outcome: 'ok' | 'error', seconds: number): void;
}


/**
 * One department's HTTP client: a keep-alive pool, an overall deadline, retries with jittered
 * backoff for reads, a circuit breaker and a bulkhead. Lives for the process; shared by requests.
 */
export class Upstream {
  private readonly pool: Pool;
  private readonly breaker;
  private readonly policy;
  private readonly readPolicy;
  readonly recent = new RecentCalls();

  constructor(
    readonly department: DepartmentKey,
    readonly baseUrl: string,
    readonly config: DepartmentConfig,
    private readonly observer: UpstreamObserver = {},
  ) {
    this.pool = new Pool(baseUrl, { connections: config.connections, keepAliveTimeout: 30_000, pipelining: 1 });
    const notFailFast = handleWhen(
      (e) => !(e instanceof BrokenCircuitError) && !(e instanceof BulkheadRejectedError) && !(e instanceof MalformedRecordError),
    );
    const breaker = () => circuitBreaker(notFailFast, { halfOpenAfter: config.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(config.breakerFailures) });
    this.breaker = breaker();
    // Writes (case dispatch, to the department's application endpoint) break on their own: that
    // endpoint failing must not stop residents' reads, which the dispatcher's retries would do.
    const writeBreaker = breaker();
    // No abort after a call that returned: undici is done with it, and each abort builds a
    // DOMException (2% of CPU per department call in the benchmark's profile).
    const deadline = timeout(config.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
    const limit = bulkhead(config.maxConcurrent, config.maxQueued);
    const retries = retry(notFailFast, {
      maxAttempts: config.retries,
      backoff: new ExponentialBackoff({ initialDelay: 25, maxDelay: 250 }),
    });
    // One deadline, outermost, so it counts time queued in the bulkhead and a caller never waits past
    // the timeout. The breaker still counts a department that stops answering: the deadline aborts
    // the call's signal, the HTTP request fails with it, and that failure reaches the breaker.
    this.policy = wrap(deadline, limit, writeBreaker);
    this.readPolicy = wrap(deadline, limit, this.breaker, retries);
  }

  get breakerState(): BreakerState {
    return (['CLOSED', 'OPEN', 'HALF_OPEN', 'ISOLATED'] as const)[this.breaker.state] ?? 'CLOSED';
  }

  get isOpen(): boolean {
    return this.breaker.state === CircuitState.Open || this.breaker.state === CircuitState.Isolated;
  }

  /**
   * Sends one call. `decode` runs inside the policy, so an answer the department marks as failed
   * (or garbage) is retried and counted by the breaker like a transport error. `decode` hands back
   * a malformed record as a value (MalformedRecordError), not a throw, so it fails only its person.
   */
  async request<T>(req: UpstreamRequest, decode: (res: UpstreamResponse) => T): Promise<T> {
    const started = performance.now();
    const policy = req.idempotent ? this.readPolicy : this.policy;
    try {
      const res = await policy.execute(async ({ signal }) => decode(await this.send(req, signal)));
      this.observe(true, started);
      return res;
    } catch (error) {
      this.observe(false, started);
      throw this.explain(error);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private observe(ok: boolean, started: number): void {
    const ms = performance.now() - started;
    this.recent.record(ok, ms);
    this.observer.onCall?.(this.department, ok ? 'ok' : 'error', ms / 1000);
  }

  private async send(req: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { ...req.headers };
    if (req.requestId) headers['x-request-id'] = req.requestId;
    return traceUpstream(this.department, headers, async () => {
      const res = await this.pool.request({ method: req.method, path: req.path, headers, body: req.body, signal });
      const body = await res.body.text();
      // 5xx is a failure of the call (retried, counted by the breaker); any other status is left to
      // the connector's decode, which says what that department means by it.
      if (res.statusCode >= 500) throw new UpstreamError(this.department, `answered HTTP ${res.statusCode}`, { cause: { status: res.statusCode, ...describeBody(body) } });
      return { status: res.statusCode, body };
    });
  }

  private explain(error: unknown): UpstreamError {
    if (error instanceof UpstreamError) return error;
    if (error instanceof BrokenCircuitError) return new UpstreamError(this.department, 'circuit open after repeated failures', { cause: error });
    if (error instanceof BulkheadRejectedError) return new UpstreamError(this.department, 'too many calls in flight', { cause: error });
    if (error instanceof TaskCancelledError) return new UpstreamError(this.department, `no answer within ${this.config.timeoutMs} ms`, { cause: error });
    return new UpstreamError(this.department, 'unreachable', { cause: error });
  }
}
