// A department's one-window desk: takes applications the gateway dispatches (keyed on the
// acceptance number, so a repeated dispatch gets the same reference) and, when the department
// acts on one, reports progress to the gateway's hook, signed with the department's secret.
import { randomUUID } from 'node:crypto';
import { DEV_HOOK_SECRETS, type DepartmentKey } from '../src/config.js';
import { sign } from '../src/hooks/signature.js';
import { json, type Route } from './http.js';

export const PROGRESS_STATES = ['IN_REVIEW', 'NEEDS_MATERIALS', 'APPROVED', 'REJECTED'] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

interface Application {
  reference: string;
  callbackUrl: string;
  /** How many times the application was POSTed: more than 1 means the gateway dispatched it again. */
  received: number;
}

export interface CaseDesk {
  accept(acceptanceNumber: string, callbackUrl: string): string;
  /** Why the department will not take applications for this resident; undefined when it will. */
  refusal(idNumber: string | undefined): string | undefined;
  /** False when the desk has no such application; the report is sent after the answer. */
  progress(acceptanceNumber: string, state: string, note?: string): boolean;
  /** Each application taken, by acceptance number: the department's reference and how often it arrived. */
  received(): Record<string, { reference: string; received: number }>;
  /** From now on the department refuses (permanently) every application for this resident. */
  refuse(idNumber: string, reason: string): void;
}

export function caseDesk(department: DepartmentKey, referencePrefix: string): CaseDesk {
  const applications = new Map<string, Application>();
  const refused = new Map<string, string>();
  let serial = 0;
  return {
    refusal: (idNumber) => (idNumber === undefined ? undefined : refused.get(idNumber)),
    refuse(idNumber, reason) {
      refused.set(idNumber, reason);
    },
    accept(acceptanceNumber, callbackUrl) {
      const known = applications.get(acceptanceNumber);
      if (known) {
        known.received++;
        return known.reference;
      }
      const reference = `${referencePrefix}${String(++serial).padStart(6, '0')}`;
      applications.set(acceptanceNumber, { reference, callbackUrl, received: 1 });
      return reference;
    },
    received: () => Object.fromEntries([...applications].map(([n, { reference, received }]) => [n, { reference, received }])),
    progress(acceptanceNumber, state, note) {
      const app = applications.get(acceptanceNumber);
      if (!app || !PROGRESS_STATES.includes(state as ProgressState)) return false;
      const report = { deliveryId: randomUUID(), acceptanceNumber, reference: app.reference, state, note };
      setImmediate(() => void deliver(department, app.callbackUrl, JSON.stringify(report)));
      return true;
    },
  };
}

/** The same inspection route on every department's desk (like /__mock/stats), for tests and demos. */
export const deskRoute = (desk: CaseDesk): Record<string, Route> => ({
  'GET /__desk/applications': () => ({ idsRequested: 0, reply: json(200, desk.received()) }),
  // As when the department finds the resident ineligible: its own refusal, not an outage.
  'POST /__desk/refusals': ({ body }) => {
    const r = parseJson(body);
    const idNumber = text(r?.idNumber);
    if (!idNumber) return { idsRequested: 0, reply: json(400, { error: 'idNumber is required' }) };
    desk.refuse(idNumber, text(r?.reason) ?? '不符合受理条件');
    return { idsRequested: 0, reply: json(200, { refusing: idNumber }) };
  },
});

/** Like a department's own notifier: a few attempts, each signed afresh, the same delivery id. */
async function deliver(department: DepartmentKey, url: string, body: string, attempts = 5): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(DEV_HOOK_SECRETS[department], body) }, body });
      if (res.status < 500) return;
    } catch {
      // the gateway is away; try again shortly
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

export function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
