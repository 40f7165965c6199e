import type { Logger } from 'pino';
import type { CasesConfig, DepartmentKey } from '../config.js';
import type { Database } from '../db/database.js';
import type { Departments } from '../departments/index.js';
import { UpstreamError } from '../departments/upstream.js';
import type { CaseEvents } from './events.js';
import { DEPARTMENT_CODE } from '../config.js';
import { addEvent } from './store.js';
import { completeIfDone } from './progress.js';
import { APPLICATION_WIRE, type Answer, type Application } from './wire.js';

interface Claimed {
  id: string;
  case_id: string;
  department: DepartmentKey;
  payload: Application;
  attempts: number;
}

/**
 * Drains the outbox towards the departments. A claim pushes the row's next attempt one lease ahead
 * (under FOR UPDATE SKIP LOCKED, so replicas never claim the same row); the HTTP call happens
 * outside any transaction; a replica dying mid-call leaves the row to be claimed again.
 */
export class Dispatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly departments: Departments,
    private readonly events: CaseEvents,
    private readonly config: CasesConfig['dispatch'],
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New work is in the outbox: look now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.dispatchBatch();
      } catch (error) {
        this.logger.error({ err: error }, 'case dispatch round failed; retrying at the next poll');
      }
      if (claimed === 0 && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.config.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** One round: claims due rows and sends them all; answers how many it claimed. */
  async dispatchBatch(): Promise<number> {
    const { rows } = await this.db.query<Claimed>(
      `UPDATE case_outbox SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
        WHERE id IN (SELECT id FROM case_outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()
                     ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id, case_id::text AS case_id, department, payload, attempts`,
      [this.config.batch, this.config.leaseMs],
    );
    await Promise.all(rows.map((row) => this.send(row)));
    return rows.length;
  }

  private async send(row: Claimed): Promise<void> {
    const wire = APPLICATION_WIRE[row.department];
    const upstream = this.departments[row.department].upstream;
    let answer: Answer;
    try {
      // A refusal is decoded as an answer, not thrown: the department is up, so neither the
      // breaker its residents' reads share nor the retries should count it as a failure.
      answer = await upstream.request({ ...wire.request(row.payload), idempotent: false }, (res) => wire.answer(res));
    } catch (error) {
      await this.failed(row, error);
      return;
    }
    if (answer.kind === 'refused') await this.refused(row, answer.reason);
    else await this.delivered(row, answer.reference);
  }

  private async delivered(row: Claimed, reference: string): Promise<void> {
    const department = DEPARTMENT_CODE[row.department];
    const district = await this.db.transaction(async (tx) => {
      // The case row is the lock: parts delivered at once (and progress reports) take turns, so
      // the last one to land sees every other part's state and moves the case on.
      await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [row.case_id]);
      await tx.query('UPDATE case_outbox SET delivered_at = now(), last_error = NULL WHERE id = $1', [row.id]);
      // A progress report may already have moved the part on; then only the reference is new.
      await tx.query(
        `UPDATE case_parts SET reference = COALESCE(reference, $3), dispatched_at = COALESCE(dispatched_at, now()), updated_at = now(),
                state = CASE WHEN state = 'AWAITING_DISPATCH' THEN 'SUBMITTED' ELSE state END
          WHERE case_id = $1 AND department = $2`,
        [row.case_id, department, reference],
      );
      await addEvent(tx, row.case_id, 'DISPATCHED', { department, note: `department reference ${reference}` });
      const { rows } = await tx.query<{ acceptance_number: string; district: string }>(
        `UPDATE cases SET state = 'IN_PROGRESS', updated_at = now()
          WHERE id = $1 AND state = 'ACCEPTED' AND NOT EXISTS (SELECT 1 FROM case_parts WHERE case_id = $1 AND state = 'AWAITING_DISPATCH')
          RETURNING acceptance_number, district`,
        [row.case_id],
      );
      return rows[0] ?? (await tx.query<{ acceptance_number: string; district: string }>('SELECT acceptance_number, district FROM cases WHERE id = $1', [row.case_id])).rows[0]!;
    });
    this.logger.info({ case: district.acceptance_number, department: row.department, attempts: row.attempts }, 'case part dispatched');
    await this.events.publish({ acceptanceNumber: district.acceptance_number, district: district.district });
  }

  /** Final: the part is closed as refused, and the case moves on (or completes) without it. */
  private async refused(row: Claimed, reason: string): Promise<void> {
    const department = DEPARTMENT_CODE[row.department];
    const changed = await this.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [row.case_id]);
      // Done with, like a delivered row: the outbox never sends it again; last_error keeps why.
      await tx.query('UPDATE case_outbox SET delivered_at = now(), last_error = $2 WHERE id = $1', [row.id, `refused: ${reason}`]);
      const part = await tx.query(
        `UPDATE case_parts SET state = 'DISPATCH_REFUSED', note = $3, updated_at = now(), completed_at = now()
          WHERE case_id = $1 AND department = $2 AND state = 'AWAITING_DISPATCH' RETURNING department`,
        [row.case_id, department, reason],
      );
      if (part.rows.length > 0) await addEvent(tx, row.case_id, 'DISPATCH_REFUSED', { department, note: reason });
      await tx.query(
        `UPDATE cases SET state = 'IN_PROGRESS', updated_at = now()
          WHERE id = $1 AND state = 'ACCEPTED' AND NOT EXISTS (SELECT 1 FROM case_parts WHERE case_id = $1 AND state = 'AWAITING_DISPATCH')`,
        [row.case_id],
      );
      await completeIfDone(tx, row.case_id);
      return (await tx.query<{ acceptance_number: string; district: string }>('SELECT acceptance_number, district FROM cases WHERE id = $1', [row.case_id])).rows[0]!;
    });
    this.logger.warn({ case: changed.acceptance_number, department: row.department, attempts: row.attempts, reason }, 'case part refused by the department; not retried');
    await this.events.publish({ acceptanceNumber: changed.acceptance_number, district: changed.district });
  }

  private async failed(row: Claimed, error: unknown): Promise<void> {
    const reason = error instanceof UpstreamError ? error.reason : 'failed';
    const delay = backoff(row.attempts, this.config.backoffMs, this.config.backoffMaxMs);
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE case_outbox SET next_attempt_at = now() + $2 * interval '1 millisecond', last_error = $3 WHERE id = $1`, [row.id, delay, reason]);
      // The first failure goes into the history; later ones only into the outbox row.
      if (row.attempts === 1) await addEvent(tx, row.case_id, 'DISPATCH_FAILED', { department: DEPARTMENT_CODE[row.department], note: `${reason}; retrying` });
    });
    this.logger.warn({ err: error, department: row.department, attempts: row.attempts, retryInMs: delay }, 'case part not dispatched; will retry');
  }
}

/** Exponential, capped, with ±20% jitter so replicas retrying one department do not march in step. */
export function backoff(attempts: number, baseMs: number, maxMs: number): number {
  const exact = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exact * (0.8 + Math.random() * 0.4));
}
