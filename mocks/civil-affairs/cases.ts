// 民政 one-window applications, in the REST/JSON style of the rest of the API.
import { caseDesk, deskRoute, parseJson, text } from '../case-desk.js';
import { json, type Route } from '../http.js';

export function civilAffairsCaseRoutes(): Record<string, Route> {
  const desk = caseDesk('civilAffairs', 'MZ');
  return {
    ...deskRoute(desk),
    'POST /api/v1/one-window/applications': ({ body }) => {
      const app = parseJson(body);
      const acceptanceNumber = text(app?.acceptanceNumber);
      const callbackUrl = text(app?.callbackUrl);
      if (!acceptanceNumber || !callbackUrl) return { idsRequested: 0, reply: json(400, { error: { code: 'INVALID_ARGUMENT', message: 'acceptanceNumber and callbackUrl are required' } }) };
      const refusal = desk.refusal(text(app?.idNumber));
      if (refusal) return { idsRequested: 1, reply: json(422, { error: { code: 'FAILED_PRECONDITION', message: refusal } }) };
      return { idsRequested: 1, reply: json(201, { applicationNumber: desk.accept(acceptanceNumber, callbackUrl) }) };
    },
    // The department's staff act on an application; the desk reports it to the gateway.
    'POST /api/v1/one-window/applications:progress': ({ body }) => {
      const p = parseJson(body);
      const ok = desk.progress(text(p?.acceptanceNumber) ?? '', text(p?.state) ?? '', text(p?.note));
      return { idsRequested: 0, reply: ok ? json(202, { reported: true }) : json(404, { error: { code: 'NOT_FOUND', message: 'no such application, or an unknown state' } }) };
    },
  };
}
