// 住建 housing: a legacy API. Every answer is HTTP 200 in a {code, msg, data} envelope and only
// `code` tells success ("0000") from failure.
import { json, type DepartmentApi, type MockReply } from '../http.js';
import { lookup, type Residents } from '../residents.js';
import { jl } from './records.js';
import { housingCaseRoutes } from './cases.js';

const BATCH_LIMIT = 50;

export function housingApi(residents: Residents): DepartmentApi {
  return {
    routes: {
      ...housingCaseRoutes(),
      'POST /zjw/api/zfxx/plcx.do': ({ body }) => {
        const sfzh = (new URLSearchParams(body).get('sfzh') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
        if (sfzh.length === 0) return { idsRequested: 0, reply: envelope('1001', '参数错误: sfzh', null) };
        if (sfzh.length > BATCH_LIMIT) return { idsRequested: sfzh.length, reply: envelope('1002', `超过批量查询上限${BATCH_LIMIT}`, null) };
        const { found, notFound } = lookup(residents, sfzh, 'housing');
        return { idsRequested: sfzh.length, reply: envelope('0000', '成功', { jls: found.map(jl), wcx: notFound }) };
      },
    },
    failure: () => envelope('9999', '系统繁忙,请稍后再试', null),
    notFound: ({ url }) => envelope('1003', `接口不存在: ${url.pathname}`, null),
  };
}

function envelope(code: string, msg: string, data: unknown): MockReply {
  return json(200, { code, msg, data }, 'application/json;charset=UTF-8');
}
