// 卫健 one-window applications as FHIR Tasks, identified by the acceptance number.
import { caseDesk, deskRoute, parseJson, text } from '../case-desk.js';
import { json, type Route } from '../http.js';

const ACCEPTANCE_SYSTEM = 'urn:one-window:acceptance-number';
const CALLBACK_URL = 'urn:one-window:callback-url';
const FHIR = 'application/fhir+json; charset=utf-8';

export function healthCaseRoutes(): Record<string, Route> {
  const desk = caseDesk('health', 'WJ');
  return {
    ...deskRoute(desk),
    'POST /fhir/Task': ({ body }) => {
      const task = parseJson(body);
      const identifiers = Array.isArray(task?.identifier) ? (task.identifier as { system?: unknown; value?: unknown }[]) : [];
      const acceptanceNumber = text(identifiers.find((i) => i.system === ACCEPTANCE_SYSTEM)?.value);
      const extensions = Array.isArray(task?.extension) ? (task.extension as { url?: unknown; valueUrl?: unknown }[]) : [];
      const callbackUrl = text(extensions.find((e) => e.url === CALLBACK_URL)?.valueUrl);
      if (task?.resourceType !== 'Task' || !acceptanceNumber || !callbackUrl) {
        return { idsRequested: 0, reply: json(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'required', diagnostics: 'Task with an acceptance-number identifier and a callback-url extension' }] }, FHIR) };
      }
      const patient = (task.for as { identifier?: { value?: unknown } } | undefined)?.identifier?.value;
      const refusal = desk.refusal(text(patient));
      if (refusal) return { idsRequested: 1, reply: json(422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', diagnostics: refusal }] }, FHIR) };
      const id = desk.accept(acceptanceNumber, callbackUrl);
      return { idsRequested: 1, reply: json(201, { ...task, id, status: 'received' }, FHIR) };
    },
    'POST /fhir/Task/$progress': ({ body }) => {
      const p = parseJson(body);
      const ok = desk.progress(text(p?.acceptanceNumber) ?? '', text(p?.state) ?? '', text(p?.note));
      return { idsRequested: 0, reply: ok ? json(202, { resourceType: 'OperationOutcome', issue: [] }, FHIR) : json(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, FHIR) };
    },
  };
}
