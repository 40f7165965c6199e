// 卫健 health: an HL7 FHIR R4 server. Patients are searched by identifier (comma = OR) and the
// resources pointing at them come along through _revinclude, all in one searchset Bundle.
import { json, type DepartmentApi, type MockReply } from '../http.js';
import { lookup, type Residents } from '../residents.js';
import type { SeedResident } from '../seed/types.js';
import { carePlans, episodesOfCare, ID_NUMBER_SYSTEM, immunizations, patient, tasks, type Resource } from './resources.js';
import { healthCaseRoutes } from './cases.js';

const BATCH_LIMIT = 50;

const REVINCLUDES: Record<string, (resident: SeedResident) => Resource[]> = {
  'Immunization:patient': immunizations,
  'CarePlan:subject': carePlans,
  'EpisodeOfCare:patient': episodesOfCare,
  'Task:patient': tasks,
};

export function healthApi(residents: Residents): DepartmentApi {
  return {
    routes: {
      ...healthCaseRoutes(),
      'GET /fhir/Patient': ({ url }) => {
        const parameters = url.searchParams.getAll('identifier');
        if (parameters.length > 1) {
          return { idsRequested: 0, reply: outcome(400, 'not-supported', 'repeat identifier values in one parameter, separated by commas') };
        }
        const tokens = (parameters[0] ?? '').split(',').filter(Boolean);
        if (tokens.length === 0) {
          return { idsRequested: 0, reply: outcome(400, 'required', `identifier is required: ${ID_NUMBER_SYSTEM}|<ID number>[,...]`) };
        }
        if (tokens.length > BATCH_LIMIT) {
          return { idsRequested: tokens.length, reply: outcome(400, 'too-costly', `at most ${BATCH_LIMIT} identifiers per search, got ${tokens.length}`) };
        }
        const { found } = lookup(residents, tokens.map(idNumberIn).filter((id) => id !== null), 'health');
        const included = [...new Set(url.searchParams.getAll('_revinclude'))].map((name) => REVINCLUDES[name]).filter((r) => r !== undefined);
        const entry = (resource: Resource, mode: 'match' | 'include') => ({
          fullUrl: `${url.origin}/fhir/${resource.resourceType}/${resource.id}`,
          resource,
          search: { mode },
        });
        return {
          idsRequested: tokens.length,
          reply: fhir(200, {
            resourceType: 'Bundle',
            type: 'searchset',
            total: found.length,
            link: [{ relation: 'self', url: url.href }],
            entry: [
              ...found.map((r) => entry(patient(r), 'match')),
              ...found.flatMap((r) => included.flatMap((resources) => resources(r).map((res) => entry(res, 'include')))),
            ],
          }),
        };
      },
    },
    failure: () => outcome(503, 'transient', 'FHIR server temporarily unavailable'),
    notFound: ({ method, url }) => outcome(404, 'not-supported', `no interaction ${method} ${url.pathname}`),
  };
}

/** A token search value: system|value matches our ID system, a bare value any system, |value none. */
function idNumberIn(token: string): string | null {
  const bar = token.indexOf('|');
  if (bar === -1) return token;
  return token.slice(0, bar) === ID_NUMBER_SYSTEM ? token.slice(bar + 1) : null;
}

function outcome(status: number, code: string, diagnostics: string): MockReply {
  return fhir(status, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });
}

function fhir(status: number, body: unknown): MockReply {
  return json(status, body, 'application/fhir+json; charset=utf-8');
}
