import type { Connector } from '../connector.js';
import { decodeJson, decodeRecord, recordsById, tryJson } from '../decode.js';
import { UpstreamError, describeBody } from '../upstream.js';
import { toRecord, type CivilAffairsData } from './mapping.js';
import { batchGetResponse, errorResponse, person } from './wire.js';

/** Civil affairs answers a batch get of up to 100 ID numbers in one call. */
export const civilAffairsConnector: Connector<CivilAffairsData> = {
  key: 'civilAffairs',
  code: 'CIVIL_AFFAIRS',
  async fetchBatch(upstream, idNumbers, requestId) {
    const request = {
      method: 'POST' as const,
      path: '/api/v1/persons:batchGet',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ idNumbers }),
      idempotent: true,
      requestId,
    };
    return upstream.request(request, (res) => {
      if (res.status !== 200) {
        // The error's code names the kind of failure; its message may quote what was asked (ID numbers).
        const error = errorResponse.safeParse(tryJson(res.body));
        const cause = { status: res.status, code: error.success ? error.data.error.code : undefined, ...describeBody(res.body) };
        throw new UpstreamError('civilAffairs', `answered HTTP ${res.status}`, { cause });
      }
      const answer = decodeJson('civilAffairs', res.body, batchGetResponse);
      return recordsById('civilAffairs', idNumbers, answer.persons, 'idNumber', (p) => decodeRecord('civilAffairs', p, person, toRecord, 'person'));
    });
  },
};

