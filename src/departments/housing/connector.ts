import type { Connector } from '../connector.js';
import { decodeJson, decodeRecord, decodeValue, recordsById } from '../decode.js';
import { UpstreamError, describeBody } from '../upstream.js';
import { toRecord, type HousingData } from './mapping.js';
import { envelope, queryData, record } from './wire.js';

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
        // msg is free text that may quote what was asked (ID numbers): logged only as its length and hash.
        throw new UpstreamError('housing', `answered code ${answer.code}`, { cause: describeBody(answer.msg ?? '') });
      }
      const data = decodeValue('housing', answer.data, queryData);
      return recordsById('housing', idNumbers, data.jls, 'sfzh', (r) => decodeRecord('housing', r, record, toRecord, 'person'));
    });
  },
};
