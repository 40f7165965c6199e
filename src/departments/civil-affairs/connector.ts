import type { Connector } from '../connector.js';
import { decodeJson, tryJson } from '../decode.js';
import { UpstreamError } from '../upstream.js';
import { toRecord, type CivilAffairsData } from './mapping.js';
import { batchGetResponse, errorResponse } from './wire.js';

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
        const error = errorResponse.safeParse(tryJson(res.body));
        const detail = error.success ? `${error.data.error.code}: ${error.data.error.message}` : res.body.slice(0, 200);
        throw new UpstreamError('civilAffairs', `answered HTTP ${res.status}`, { cause: detail });
      }
      const answer = decodeJson('civilAffairs', res.body, batchGetResponse);
      return new Map(answer.persons.map((p) => [p.idNumber.toUpperCase(), toRecord(p)]));
    });
  },
};

