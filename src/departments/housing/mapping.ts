import type { BenefitStatus, HousingProfile, ProvidentFundStatus, PublicRentalStatus, ServiceState } from '../../generated/graphql.js';
import type { DepartmentRecord, ServiceStatusModel } from '../model.js';
import { endOfDay, fromCompactDate, fromCompactDateTime } from '../time.js';
import type { WireApplication, WireMatter, WireRecord } from './wire.js';

export type HousingData = Omit<HousingProfile, 'source' | 'asOf' | 'stale' | '__typename'>;

/** 办理状态 blzt of a matter. */
export const MATTER_STATES: Record<WireMatter['blzt'], ServiceState> = {
  '01': 'SUBMITTED', // 已受理
  '02': 'IN_REVIEW', // 审核中
  '03': 'NEEDS_MATERIALS', // 待补正
  '04': 'IN_REVIEW', // 公示中
  '05': 'APPROVED', // 已办结(通过)
  '06': 'REJECTED', // 不予通过
  '07': 'WITHDRAWN', // 已撤回
};

/** 申请状态 sqzt of a public rental application. */
const APPLICATION_STATES: Record<WireApplication['sqzt'], PublicRentalStatus> = {
  '01': 'SUBMITTED',
  '02': 'IN_REVIEW',
  '03': 'NEEDS_MATERIALS',
  '04': 'PUBLIC_NOTICE',
  '05': 'WAITING',
  '06': 'ALLOCATED',
  '09': 'REJECTED',
};

const PAYMENT_STATES: Record<'1' | '2' | '3', BenefitStatus> = { '1': 'ACTIVE', '2': 'SUSPENDED', '3': 'ENDED' };
const FUND_STATES: Record<'1' | '2' | '3', ProvidentFundStatus> = { '1': 'ACTIVE', '2': 'SEALED', '3': 'CLOSED' };

export function toRecord(r: WireRecord): DepartmentRecord<HousingData> {
  return {
    name: r.xm,
    profile: {
      registeredAddress: r.hjdz || null,
      phone: r.lxdh || null,
      publicRentalApplications: r.gzfsq.map((a) => ({
        applicationNumber: a.sqbh,
        appliedOn: fromCompactDate(a.sqrq)!,
        status: APPLICATION_STATES[a.sqzt],
        statusText: a.ztms || null,
        queueNumber: a.lhxh ? Number(a.lhxh) : null,
        unitType: a.hx || null,
      })),
      subsidies: r.zfbt.map((s) => ({
        kind: s.btlx,
        monthlyAmount: Number(s.btje),
        status: PAYMENT_STATES[s.ffzt],
        startDate: fromCompactDate(s.ksrq)!,
        endDate: fromCompactDate(s.jsrq ?? ''),
      })),
      providentFund: r.gjj
        ? {
            accountNumber: r.gjj.gjjzh,
            employer: r.gjj.jcdw || null,
            balance: Number(r.gjj.ye),
            monthlyContribution: Number(r.gjj.yjce),
            status: FUND_STATES[r.gjj.zhzt],
            lastContributionDate: fromCompactDate(r.gjj.zjjcrq ?? ''),
          }
        : null,
    },
    matters: r.sxs.map(toMatter),
  };
}

function toMatter(m: WireMatter): ServiceStatusModel {
  return {
    department: 'HOUSING',
    reference: m.ywbh,
    matter: m.sxmc,
    status: MATTER_STATES[m.blzt],
    statusText: m.ztms || null,
    submittedAt: fromCompactDateTime(m.sqsj)!,
    updatedAt: fromCompactDateTime(m.gxsj)!,
    dueAt: endOfDay(fromCompactDate(m.blqx ?? '')),
  };
}
