import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Departments } from '../departments/index.js';
import type { ReplayGuard } from '../hooks/replay-guard.js';
import { Dispatcher } from './dispatcher.js';
import { memoryCaseEvents, redisCaseEvents, type CaseEvents } from './events.js';
import { caseHooks } from './hooks.js';
import type { CaseModel } from './model.js';
import type { SubmitDeps } from './submit.js';

/** Everything one-window cases need for the life of the process; requests reach it through the context. */
export interface Cases {
  db: Database;
  events: CaseEvents;
  dispatcher: Dispatcher;
  submit: SubmitDeps;
  soonDueDays: number;
  satisfactionTarget: number;
  hooks: ReturnType<typeof caseHooks>;
  /** Once the gateway listens: its URL is the departments' callback base unless PUBLIC_URL says otherwise. */
  start(listeningUrl: string): void;
  close(): Promise<void>;
}

export async function createCases(deps: { config: Config; db: Database; redis?: Redis; departments: Departments; replayGuard: ReplayGuard; logger: Logger }): Promise<Cases> {
  const { config, db, redis, departments } = deps;
  const logger = deps.logger.child({ component: 'cases' });
  const events = redis ? await redisCaseEvents(redis, config.cases.eventsPrefix, logger) : memoryCaseEvents(logger);
  const dispatcher = new Dispatcher(db, departments, events, config.cases.dispatch, logger);
  let callbackBase = config.cases.publicUrl ?? `http://127.0.0.1:${config.port}`;
  const announce = (c: CaseModel) => {
    dispatcher.wake();
    void events.publish({ acceptanceNumber: c.acceptanceNumber, district: c.district });
  };
  return {
    db,
    events,
    dispatcher,
    submit: { db, callbackBase: () => callbackBase, accepted: announce },
    soonDueDays: config.cases.soonDueDays,
    satisfactionTarget: config.cases.satisfactionTarget,
    hooks: caseHooks({
      db,
      events,
      replayGuard: deps.replayGuard,
      secrets: config.hookSecrets,
      logger,
    }),
    start(listeningUrl) {
      callbackBase = config.cases.publicUrl ?? listeningUrl;
      dispatcher.start();
    },
    async close() {
      await dispatcher.stop();
      await events.close();
    },
  };
}
