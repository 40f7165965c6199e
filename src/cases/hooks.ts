import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { DepartmentKey } from '../config.js';
import type { Database } from '../db/database.js';
import type { ReplayGuard } from '../hooks/replay-guard.js';
import { verify } from '../hooks/signature.js';
import type { CaseEvents } from './events.js';
import { DEPARTMENT_CODE } from '../config.js';
import { REPORT_CLOCK_SKEW_MS, progressReport, recordProgress } from './progress.js';
import { departmentFromUrlName } from '../config.js';

export interface HookDeps {
  db: Database;
  events: CaseEvents;
  replayGuard: ReplayGuard;
  secrets: Record<DepartmentKey, string>;
  logger: Logger;
}

/**
 * POST /hooks/<department>/cases: a department reports progress on its part. Signed with the
 * department's secret over the raw body; a signature already answered 200 is refused as a replay
 * (one that failed may be sent again as it was); a repeated delivery id is answered 200 and recorded once.
 */
export function caseHooks(deps: HookDeps): Router {
  const router = express.Router();
  // Not remembering only weakens replay protection for this one call: the delivery id still makes a replay a repeat.
  const remember = (signature: string) => deps.replayGuard.remember(signature).catch((err) => deps.logger.warn({ err }, 'hook signature not remembered'));
  router.post('/hooks/:department/cases', express.text({ type: '*/*', limit: '64kb' }), async (req, res) => {
    const department = departmentFromUrlName(String(req.params.department));
    if (!department) return void res.status(404).json({ error: 'unknown department' });
    const body = typeof req.body === 'string' ? req.body : '';
    const invalid = (issues: string[]) => void res.status(400).json({ error: 'invalid progress report', issues });
    const signed = verify(deps.secrets[department], body, req.headers);
    if (!signed.ok) return void res.status(401).json({ error: `signature rejected: ${signed.reason}` });
    let replayed: boolean;
    try {
      replayed = await deps.replayGuard.seen(signed.signature);
    } catch (error) {
      // Without the replay store a replay could not be told apart: refuse, the department retries.
      deps.logger.error({ err: error }, 'replay guard unavailable; hook refused');
      return void res.status(503).json({ error: 'temporarily unable to check for replays; retry' });
    }
    if (replayed) return void res.status(409).json({ error: 'replayed signature: sign every delivery afresh' });
    const parsed = progressReport.safeParse(tryParse(body));
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    // The wall clock, as for the signature's timestamp: it is the department's clock that is checked.
    const outcome = await recordProgress(deps.db, DEPARTMENT_CODE[department], parsed.data, new Date());
    switch (outcome.kind) {
      case 'unknown-case':
        return void res.status(404).json({ error: `no case ${parsed.data.acceptanceNumber} with a part for this department` });
      case 'at-in-future':
        return invalid([`at: ${parsed.data.at} is more than ${REPORT_CLOCK_SKEW_MS / 60_000} minutes ahead of the gateway's clock; check the department's clock`]);
      case 'at-before-submission':
        return invalid([`at: ${parsed.data.at} is before case ${parsed.data.acceptanceNumber} was submitted (${outcome.submittedAt}); check the department's clock`]);
      case 'closed-part':
        return void res.status(409).json({ error: 'this part is already closed' });
      case 'duplicate':
        await remember(signed.signature);
        return void res.status(200).json({ status: 'duplicate', deliveryId: parsed.data.deliveryId });
      case 'recorded':
        await remember(signed.signature);
        await deps.events.publish(outcome.change);
        return void res.status(200).json({ status: 'recorded', deliveryId: parsed.data.deliveryId, caseCompleted: outcome.completed });
    }
  });
  return router;
}

function tryParse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
