import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../mocks/index.js';
import { population } from '../../mocks/seed/population.js';

const { residents, unknownIdNumbers } = population();
const known = residents.filter((r) => r.housing).slice(0, 3);
const withFund = residents.find((r) => r.housing?.providentFund && r.housing.matters.some((m) => m.dueAt !== null))!;

let mock: MockHandle;
beforeAll(async () => {
  mock = await startMock('housing', { latencyMs: 0, failureRate: 0 });
});
afterAll(() => mock.close());

const plcx = async (sfzh: string[]) => {
  const res = await fetch(`${mock.url}/zjw/api/zfxx/plcx.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sfzh: sfzh.join(',') }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { code: string; msg: string; data: { jls: Record<string, unknown>[]; wcx: string[] } | null };
};

describe('housing mock', () => {
  it('answers a batch in the envelope, records in jls and the rest in wcx', async () => {
    const body = await plcx([...known.map((r) => r.idNumber), unknownIdNumbers[0]!]);
    expect(body).toMatchObject({ code: '0000', msg: '成功' });
    expect(body.data!.jls.map((jl) => [jl.sfzh, jl.xm]).sort()).toEqual(known.map((r) => [r.idNumber, r.name]).sort());
    expect(body.data!.wcx).toEqual([unknownIdNumbers[0]]);
  });

  it('speaks pinyin initials, yyyyMMdd dates and amounts as strings', async () => {
    const { data } = await plcx([withFund.idNumber]);
    expect(data!.jls[0]).toMatchObject({
      xb: withFund.gender === 'MALE' ? '1' : '2',
      csrq: withFund.birthDate.replaceAll('-', ''),
      gjj: { gjjzh: expect.stringMatching(/^\d{12}$/), ye: expect.stringMatching(/^\d+\.\d\d$/), zhzt: expect.stringMatching(/^[123]$/) },
      sxs: expect.arrayContaining([
        expect.objectContaining({ ywbh: expect.stringMatching(/^ZJ\d{14}$/), sqsj: expect.stringMatching(/^\d{14}$/), blqx: expect.stringMatching(/^\d{8}$/) }),
      ]),
    });
  });

  it('answers code 1001 when no sfzh is given', async () => {
    expect(await plcx([])).toEqual({ code: '1001', msg: '参数错误: sfzh', data: null });
  });

  it('answers code 1002 over 50 ID numbers', async () => {
    expect(await plcx(residents.slice(0, 51).map((r) => r.idNumber))).toEqual({ code: '1002', msg: '超过批量查询上限50', data: null });
  });

  it('fails with HTTP 200 and code 9999 at failure rate 1', async () => {
    mock.configure({ failureRate: 1 });
    try {
      expect(await plcx([known[0]!.idNumber])).toEqual({ code: '9999', msg: '系统繁忙,请稍后再试', data: null });
    } finally {
      mock.configure({ failureRate: 0 });
    }
  });
});
