import express from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { departmentFromUrlName, type DepartmentKey } from '../config.js';
import type { EntityCache } from '../cache/cache.js';
import type { Departments } from '../departments/index.js';
import { parseIdNumber } from '../identity/id-number.js';
import type { ReplayGuard } from './replay-guard.js';
import { verify } from './signature.js';

const body = z.object({ idNumbers: z.array(z.string()).min(1).max(1000) });

/** After a call's deadline, how long its answer may still take to reach the cache. */
const IN_FLIGHT_MARGIN_MS = 250;

export interface ChangedHookDeps {
  departments: Departments;
  cache: EntityCache;
  secrets: Record<DepartmentKey, string>;
  replay: ReplayGuard;
  logger: Logger;
}

/**
 * POST /hooks/<department>/changed {"idNumbers": [...]}: a department says these people's data
 * changed; the gateway drops their cached answers so the next read asks the department again.
 */
export function changedHook(deps: ChangedHookDeps): express.Router {
  const router = express.Router();
  router.post('/hooks/:department/changed', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    const key = departmentFromUrlName(req.params.department);
    if (!key) return void res.status(404).json({ error: { code: 'NOT_FOUND', message: `No department ${req.params.department}` } });
    const raw = typeof req.body === 'string' ? req.body : '';
    const signed = verify(deps.secrets[key], raw, req.headers);
    if (!signed.ok) {
      deps.logger.warn({ department: key, reason: signed.reason, ip: req.ip }, 'hook refused: bad signature');
      return void res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: `Hook refused: ${signed.reason}` } });
    }
    try {
      if (await deps.replay.seen(signed.signature)) {
        deps.logger.warn({ department: key }, 'hook refused: replayed');
        return void res.status(409).json({ error: { code: 'CONFLICT', message: 'Hook refused: this signed call was already received' } });
      }
      const parsed = body.safeParse(JSON.parse(raw));
      if (!parsed.success) throw new SyntaxError(parsed.error.issues[0]?.message);
      const ids = parsed.data.idNumbers.map((id) => parseIdNumber(id)).flatMap((r) => (r.ok ? [r.value.idNumber] : []));
      const keys = ids.map((id) => deps.departments[key].cacheKey(id));
      const dropped = await deps.cache.deleteMany(keys);
      // A call to the department already in flight may still write what it read before the change:
      // once every such call has answered or timed out, drop the entries again (on every replica's
      // cache, when it is Redis).
      setTimeout(() => {
        deps.cache.deleteMany(keys).catch((err) => deps.logger.warn({ err, department: key }, 'cache entries not dropped again after an invalidation'));
      }, deps.departments[key].upstream.config.timeoutMs + IN_FLIGHT_MARGIN_MS).unref();
      deps.logger.info({ department: key, ids: ids.length, dropped }, 'cache entries invalidated by department');
      // Only now: a call that failed above is answered "send again", and may be sent with the same signature.
      await deps.replay.remember(signed.signature).catch((err) => deps.logger.warn({ err, department: key }, 'hook signature not remembered: a replay would drop the entries again'));
      res.json({ received: parsed.data.idNumbers.length, dropped });
    } catch (error) {
      if (error instanceof SyntaxError) {
        return void res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: `Body must be {"idNumbers": [...]}: ${error.message}` } });
      }
      deps.logger.error({ err: error, department: key }, 'hook failed');
      res.status(503).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Could not drop the entries now; send again' } });
    }
  });
  return router;
}
