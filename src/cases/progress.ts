import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { CaseResult, Department } from '../generated/graphql.js';
import { CLOSED_PART_STATES, type CaseChange } from './model.js';
import { addEvent } from './store.js';

/** A department's progress report on its part, as POSTed to /hooks/<department>/cases. */
export const progressReport = z.object({
  /** The department's id for this report: a repeated delivery carries the same one. */
  deliveryId: z.string().min(1).max(128),
  acceptanceNumber: z.string().min(1).max(64),
  reference: z.string().min(1).max(128).optional(),
  state: z.enum(['IN_REVIEW', 'NEEDS_MATERIALS', 'APPROVED', 'REJECTED']),
  note: z.string().max(500).optional(),
  /**
   * When it happened at the department; defaults to when the gateway heard of it. Refused when ahead
   * of the gateway's clock (beyond a small skew) or before the case was submitted.
   */
  at: z.iso.datetime({ offset: true }).optional(),
});

export type ProgressReport = z.infer<typeof progressReport>;

/** How far ahead of the gateway's clock a department's `at` may be before it is refused. */
export const REPORT_CLOCK_SKEW_MS = 5 * 60_000;

export type ProgressOutcome =
  | { kind: 'recorded'; change: CaseChange; completed: boolean }
  | { kind: 'duplicate' }
  | { kind: 'unknown-case' }
  | { kind: 'closed-part' }
  | { kind: 'at-in-future' }
  | { kind: 'at-before-submission'; submittedAt: string };

/**
 * Records one report in one transaction: the delivery id first (a repeat stops there), then the
 * part's new state and the step in the history, and the case's completion when it was the last part.
 * A report whose `at` is before the last one applied to the part (a retry heard late) goes into the
 * history only, unless it closes the part. An `at` no clock could give is refused before the delivery
 * id is kept, so the department can correct it and send the same delivery again.
 */
export async function recordProgress(db: Database, department: Department, report: ProgressReport, now: Date): Promise<ProgressOutcome> {
  const at = report.at ?? now.toISOString();
  if (Date.parse(at) > now.getTime() + REPORT_CLOCK_SKEW_MS) return { kind: 'at-in-future' };
  return db.transaction(async (tx) => {
    const found = await tx.query<{ id: string; district: string; submitted_at: Date | string; part_state: string | null; before_submission: boolean; late: boolean | null }>(
      `SELECT c.id::text AS id, c.district, c.submitted_at, p.state AS part_state,
              $3::timestamptz < c.submitted_at AS before_submission, $3::timestamptz < p.last_report_at AS late
         FROM cases c LEFT JOIN case_parts p ON p.case_id = c.id AND p.department = $2
        WHERE c.acceptance_number = $1 FOR UPDATE OF c`,
      [report.acceptanceNumber, department, at],
    );
    const c = found.rows[0];
    if (!c || c.part_state === null) return { kind: 'unknown-case' } as const;
    // Only the department's own `at`: the gateway's clock is not the one to report on.
    if (report.at && c.before_submission) return { kind: 'at-before-submission', submittedAt: new Date(c.submitted_at).toISOString() } as const;
    const fresh = await tx.query('INSERT INTO case_hook_deliveries (department, delivery_id, case_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING delivery_id', [
      department,
      report.deliveryId,
      c.id,
    ]);
    if (fresh.rows.length === 0) return { kind: 'duplicate' } as const;
    if (CLOSED_PART_STATES.includes(c.part_state as never)) return { kind: 'closed-part' } as const;

    const closes = CLOSED_PART_STATES.includes(report.state);
    const late = c.late === true && !closes;
    if (!late) {
      await tx.query(
        `UPDATE case_parts SET state = $3, note = COALESCE($4, note), reference = COALESCE(reference, $5), updated_at = now(),
                completed_at = CASE WHEN $6 THEN $7::timestamptz ELSE NULL END, last_report_at = GREATEST(last_report_at, $7::timestamptz)
          WHERE case_id = $1 AND department = $2`,
        [c.id, department, report.state, report.note ?? null, report.reference ?? null, closes, at],
      );
    }
    const note = late ? [report.note, `arrived after a later report: the part stays ${c.part_state}`].filter(Boolean).join(' — ') : report.note;
    await addEvent(tx, c.id, 'PROGRESS', { department, state: report.state, note: note ?? null, at });
    const completed = closes && (await completeIfDone(tx, c.id));
    const { rows } = await tx.query<{ acceptance_number: string }>('SELECT acceptance_number FROM cases WHERE id = $1', [c.id]);
    return { kind: 'recorded', completed, change: { acceptanceNumber: rows[0]!.acceptance_number, district: c.district } } as const;
  });
}

/**
 * Every part closed: the case completes with one combined result, when its last part did (the
 * department's own time), so a report that arrives late does not lengthen the time to completion.
 */
export async function completeIfDone(tx: Pick<Database, 'query'>, caseId: string): Promise<boolean> {
  const { rows } = await tx.query<{ state: string }>('SELECT state FROM case_parts WHERE case_id = $1', [caseId]);
  if (!rows.every((p) => CLOSED_PART_STATES.includes(p.state as never))) return false;
  const approved = rows.filter((p) => p.state === 'APPROVED').length;
  const result: CaseResult = approved === rows.length ? 'APPROVED' : approved === 0 ? 'REJECTED' : 'PARTIALLY_APPROVED';
  // Once: a part closed again (a refusal heard twice, after a lease was reclaimed) finds the case completed.
  const completed = await tx.query<{ completed_at: Date | string }>(
    `UPDATE cases SET state = 'COMPLETED', result = $2, completed_at = (SELECT max(completed_at) FROM case_parts WHERE case_id = $1), updated_at = now()
      WHERE id = $1 AND state <> 'COMPLETED' RETURNING completed_at`,
    [caseId, result],
  );
  if (completed.rows.length === 0) return false;
  const at = new Date(completed.rows[0]!.completed_at).toISOString();
  await addEvent(tx, caseId, 'COMPLETED', { state: result, note: `${approved} of ${rows.length} departments approved`, at });
  return true;
}
