import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { DepartmentKey } from '../config.js';
import type { Database } from '../db/database.js';
import type { ReplayGuard } from '../hooks/replay-guard.js';
import { verify } from '../hooks/signature.js';
import type { CaseEvents } from './events.js';
import { DEPARTMENT_CODE } from '../config.js';
import { progressReport, recordProgress } from './progress.js';
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
 * department's secret over the raw body; a replayed signature is refused; a repeated delivery id
 * is answered 200 and recorded once.
 */
export function caseHooks(deps: HookDeps): Router {
  const router = express.Router();
  router.post('/hooks/:department/cases', express.text({ type: '*/*', limit: '64kb' }), async (req, res) => {
    const department = departmentFromUrlName(String(req.params.department));
    if (!department) return void res.status(404).json({ error: 'unknown department' });
    const body = typeof req.body === 'string' ? req.body : '';
    const signed = verify(deps.secrets[department], body, req.headers);
    if (!signed.ok) return void res.status(401).json({ error: `signature rejected: ${signed.reason}` });
    let first: boolean;
    try {
      first = await deps.replayGuard.firstSeen(signed.signature);
    } catch (error) {
      // Without the replay store a replay could not be told apart: refuse, the department retries.
      deps.logger.error({ err: error }, 'replay guard unavailable; hook refused');
      return void res.status(503).json({ error: 'temporarily unable to check for replays; retry' });
    }
    if (!first) return void res.status(409).json({ error: 'replayed signature: sign every delivery afresh' });
    const parsed = progressReport.safeParse(tryParse(body));
    if (!parsed.success) {
      return void res.status(400).json({ error: 'invalid progress report', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    }
    const outcome = await recordProgress(deps.db, DEPARTMENT_CODE[department], parsed.data);
    switch (outcome.kind) {
      case 'unknown-case':
        return void res.status(404).json({ error: `no case ${parsed.data.acceptanceNumber} with a part for this department` });
      case 'duplicate':
        return void res.status(200).json({ status: 'duplicate', deliveryId: parsed.data.deliveryId });
      case 'closed-part':
        return void res.status(409).json({ error: 'this part is already closed' });
      case 'recorded':
        await deps.events.publish(outcome.change).catch((err) => deps.logger.warn({ err }, 'case change not published'));
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
