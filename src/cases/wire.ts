import { z } from 'zod';
import type { DepartmentKey } from '../config.js';
import { decodeJson, tryJson } from '../departments/decode.js';
import { ID_SYSTEM } from '../departments/health/wire.js';
import { UpstreamError, describeBody, type UpstreamRequest, type UpstreamResponse } from '../departments/upstream.js';

// How each department takes a one-window application, in its own API's style. The department
// keys its record on the acceptance number, so a repeated dispatch answers the same reference.

/** What the outbox holds for one department's part. */
export interface Application {
  acceptanceNumber: string;
  idNumber: string;
  matter: string;
  services: string[];
  materials: string[];
  /** Where the department reports progress (POST, signed). */
  callbackUrl: string;
}

export const ACCEPTANCE_SYSTEM = 'urn:one-window:acceptance-number';

/**
 * How a department answered an application. A refusal is the department's own word (it will not take
 * this application, however often it is sent): final, and no failure of the department.
 */
export type Answer = { kind: 'accepted'; reference: string } | { kind: 'refused'; reason: string };

interface ApplicationWire {
  request(app: Application): Omit<UpstreamRequest, 'idempotent' | 'requestId'>;
  /** The department's answer; throws (a transient failure, retried) when the answer is garbage or a 5xx-like failure. */
  answer(res: UpstreamResponse): Answer;
}

const json = { 'content-type': 'application/json' };

/**
 * 422 is the department's rules refusing this application, 400 it refusing the application as
 * malformed: both are its answer, final. Any other 4xx (credentials, routing, a proxy's limits, 408,
 * 429) is the exchange failing, not the department deciding: retried, so no part is closed unheard.
 */
function refusedByStatus(department: DepartmentKey, res: UpstreamResponse): Answer | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  if (res.status === 422 || res.status === 400) {
    const why = reasonOf(tryJson(res.body));
    return { kind: 'refused', reason: `refused the application with HTTP ${res.status}${why ? `: ${why}` : ''}` };
  }
  // Logged as length and hash: an application's answer may repeat the resident's details.
  throw new UpstreamError(department, `answered the application with HTTP ${res.status}`, { cause: { status: res.status, ...describeBody(res.body) } });
}

const refusalBody = z.union([
  z.object({ error: z.object({ message: z.string() }) }),
  z.object({ resourceType: z.literal('OperationOutcome'), issue: z.array(z.object({ diagnostics: z.string().optional() })) }),
]);

/** The department's own words for a refusal (its error message, FHIR's diagnostics), never the raw body. */
function reasonOf(body: unknown): string | undefined {
  const parsed = refusalBody.safeParse(body);
  if (!parsed.success) return undefined;
  const text = 'error' in parsed.data ? parsed.data.error.message : parsed.data.issue.flatMap((i) => i.diagnostics ?? []).join('; ');
  return text.slice(0, 200) || undefined;
}

const accepted = (reference: string): Answer => ({ kind: 'accepted', reference });

const civilAffairsAnswer = z.object({ applicationNumber: z.string().min(1) });
const housingAnswer = z.object({ code: z.string(), msg: z.string().nullish(), data: z.object({ ywbh: z.string().min(1) }).nullish() });
const healthAnswer = z.object({ resourceType: z.literal('Task'), id: z.string().min(1) });

export const APPLICATION_WIRE: Record<DepartmentKey, ApplicationWire> = {
  civilAffairs: {
    request: (app) => ({ method: 'POST', path: '/api/v1/one-window/applications', headers: json, body: JSON.stringify(app) }),
    answer: (res) => refusedByStatus('civilAffairs', res) ?? accepted(decodeJson('civilAffairs', res.body, civilAffairsAnswer).applicationNumber),
  },
  // The legacy API: pinyin-initial fields, every answer HTTP 200 with a code in the envelope. Codes
  // 1xxx are its business checks refusing the application; 9xxx (9999 系统繁忙) are its own failures.
  housing: {
    request: (app) => ({
      method: 'POST',
      path: '/zjw/api/yct/sq.do',
      headers: json,
      body: JSON.stringify({ slbh: app.acceptanceNumber, sfzh: app.idNumber, sxbm: app.matter, sxmc: app.services, cl: app.materials, hdurl: app.callbackUrl }),
    }),
    answer(res) {
      const refused = refusedByStatus('housing', res);
      if (refused) return refused;
      const answer = decodeJson('housing', res.body, housingAnswer);
      if (answer.code.startsWith('1')) return { kind: 'refused', reason: `refused the application with code ${answer.code}${answer.msg ? ` (${answer.msg})` : ''}` };
      if (answer.code !== '0000' || !answer.data) throw new UpstreamError('housing', `answered the application with code ${answer.code}`, { cause: answer.msg });
      return accepted(answer.data.ywbh);
    },
  },
  // FHIR: the part is a Task for the patient, found again by the acceptance number as its identifier.
  health: {
    request: (app) => ({
      method: 'POST',
      path: '/fhir/Task',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Task',
        identifier: [{ system: ACCEPTANCE_SYSTEM, value: app.acceptanceNumber }],
        status: 'requested',
        intent: 'order',
        code: { text: app.services.join('、') },
        for: { identifier: { system: ID_SYSTEM, value: app.idNumber } },
        input: app.materials.map((m) => ({ type: { text: 'material' }, valueString: m })),
        extension: [{ url: 'urn:one-window:callback-url', valueUrl: app.callbackUrl }, { url: 'urn:one-window:matter', valueString: app.matter }],
      }),
    }),
    answer: (res) => refusedByStatus('health', res) ?? accepted(decodeJson('health', res.body, healthAnswer).id),
  },
};
