// 住建 one-window applications (一窗受理申请, sq = 申请), in the legacy envelope: slbh = 受理编号,
// hdurl = 回调地址, ywbh = 业务编号, zt = 状态, bz = 备注.
import { caseDesk, deskRoute, parseJson, text } from '../case-desk.js';
import { json, type Route } from '../http.js';

const envelope = (code: string, msg: string, data: unknown) => json(200, { code, msg, data }, 'application/json;charset=UTF-8');

export function housingCaseRoutes(): Record<string, Route> {
  const desk = caseDesk('housing', 'ZJ');
  return {
    ...deskRoute(desk),
    'POST /zjw/api/yct/sq.do': ({ body }) => {
      const sq = parseJson(body);
      const slbh = text(sq?.slbh);
      const hdurl = text(sq?.hdurl);
      if (!slbh || !hdurl) return { idsRequested: 0, reply: envelope('1001', '参数错误: slbh, hdurl', null) };
      const refusal = desk.refusal(text(sq?.sfzh));
      if (refusal) return { idsRequested: 1, reply: envelope('1003', refusal, null) };
      return { idsRequested: 1, reply: envelope('0000', '受理成功', { ywbh: desk.accept(slbh, hdurl) }) };
    },
    'POST /zjw/api/yct/bl.do': ({ body }) => {
      const bl = parseJson(body);
      const ok = desk.progress(text(bl?.slbh) ?? '', text(bl?.zt) ?? '', text(bl?.bz));
      return { idsRequested: 0, reply: ok ? envelope('0000', '成功', null) : envelope('1004', '申请不存在或状态无效', null) };
    },
  };
}
