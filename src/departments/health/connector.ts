import type { Connector } from '../connector.js';
import { decodeJson, tryJson } from '../decode.js';
import { UpstreamError, describeBody } from '../upstream.js';
import { toRecords, type HealthData } from './mapping.js';
import { ID_SYSTEM, bundle, operationOutcome, partsOf } from './wire.js';

const REVINCLUDES = ['Immunization:patient', 'CarePlan:subject', 'EpisodeOfCare:patient', 'Task:patient'];

/** One FHIR search: the patients by identifier (comma = OR) with their resources revincluded. */
export const healthConnector: Connector<HealthData> = {
  key: 'health',
  code: 'HEALTH',
  async fetchBatch(upstream, idNumbers, requestId) {
    const query = new URLSearchParams({ identifier: idNumbers.map((id) => `${ID_SYSTEM}|${id}`).join(',') });
    for (const r of REVINCLUDES) query.append('_revinclude', r);
    query.set('_count', String(idNumbers.length));
    const request = {
      method: 'GET' as const,
      path: `/fhir/Patient?${query.toString()}`,
      headers: { accept: 'application/fhir+json' },
      idempotent: true,
      requestId,
    };
    return upstream.request(request, (res) => {
      if (res.status !== 200) {
        // The issues' codes name the kind of failure; their diagnostics may quote what was asked (ID numbers).
        const outcome = operationOutcome.safeParse(tryJson(res.body));
        const cause = { status: res.status, codes: outcome.success ? outcome.data.issue.map((i) => i.code) : undefined, ...describeBody(res.body) };
        throw new UpstreamError('health', `answered HTTP ${res.status}`, { cause });
      }
      const answer = decodeJson('health', res.body, bundle);
      return toRecords(partsOf(answer.entry), idNumbers);
    });
  },
};

