import type { Connector } from '../connector.js';
import { decodeJson } from '../decode.js';
import { UpstreamError } from '../upstream.js';
import { toRecord, type HousingData } from './mapping.js';
import { envelope, queryData } from './wire.js';

/** Housing's batch query (批量查询) takes up to 50 ID numbers as a form field; failures come only as `code`. */
export const housingConnector: Connector<HousingData> = {
  key: 'housing',
  code: 'HOUSING',
  async fetchBatch(upstream, idNumbers, requestId) {
    const request = {
      method: 'POST' as const,
      path: '/zjw/api/zfxx/plcx.do',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sfzh: idNumbers.join(',') }).toString(),
      idempotent: true,
      requestId,
    };
    return upstream.request(request, (res) => {
      const answer = decodeJson('housing', res.body, envelope);
      if (answer.code !== '0000') {
        throw new UpstreamError('housing', `answered code ${answer.code}`, { cause: answer.msg });
      }
      const data = queryData.safeParse(answer.data);
      if (!data.success) throw new UpstreamError('housing', 'answered in an unexpected shape', { cause: data.error.issues.slice(0, 5) });
      return new Map(data.data.jls.map((r) => [r.sfzh.toUpperCase(), toRecord(r)]));
    });
  },
};
