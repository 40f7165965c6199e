// A seed resident as the housing bureau's legacy API shows them: pinyin-initial field names,
// coded statuses, dates as yyyyMMdd, times as yyyyMMddHHmmss (Beijing), amounts as "0.00" strings.
import type { MatterStage, RentalApplicationStatus, SeedMatter, SeedResident } from '../seed/types.js';

const SQZT: Record<RentalApplicationStatus, readonly [string, string]> = {
  submitted: ['01', '已提交'],
  'in-review': ['02', '审核中'],
  'needs-documents': ['03', '待补件'],
  'public-notice': ['04', '公示中'],
  queued: ['05', '轮候中'],
  allocated: ['06', '已配租'],
  refused: ['09', '不予受理'],
};

// Housing logs an application as accepted (已受理) on arrival, so "submitted" is 01 too.
const BLZT: Record<MatterStage, readonly [string, string]> = {
  submitted: ['01', '已受理'],
  'in-review': ['02', '资格审核中'],
  'needs-supplement': ['03', '待补正材料'],
  'public-notice': ['04', '公示中'],
  approved: ['05', '已办结'],
  rejected: ['06', '不予通过'],
  withdrawn: ['07', '已撤回'],
};

const FFZT = { paying: '1', suspended: '2', ended: '3' } as const;
const ZHZT = { normal: '1', sealed: '2', closed: '3' } as const;

export function jl(resident: SeedResident) {
  const { rentalApplications, subsidies, providentFund: fund, matters } = resident.housing!;
  return {
    sfzh: resident.idNumber,
    xm: resident.name,
    xb: resident.gender === 'MALE' ? '1' : '2',
    csrq: yyyyMMdd(resident.birthDate),
    hjdz: resident.address,
    lxdh: resident.phone,
    gzfsq: rentalApplications.map((a) => ({
      sqbh: `GZF${a.appliedOn.slice(0, 4)}${serial(a.serial)}`,
      sqrq: yyyyMMdd(a.appliedOn),
      sqzt: SQZT[a.status][0],
      ztms: SQZT[a.status][1],
      lhxh: a.queueNumber === null ? '' : String(a.queueNumber),
      hx: a.layout,
    })),
    zfbt: subsidies.map((s) => ({
      btlx: s.kind,
      btje: s.monthlyAmount.toFixed(2),
      ffzt: FFZT[s.status],
      ksrq: yyyyMMdd(s.startDate),
      jsrq: yyyyMMdd(s.endDate),
    })),
    gjj: fund && {
      gjjzh: fund.accountNumber,
      jcdw: fund.employer,
      ye: fund.balance.toFixed(2),
      yjce: fund.monthlyContribution.toFixed(2),
      zhzt: ZHZT[fund.status],
      zjjcrq: yyyyMMdd(fund.lastPaidOn),
    },
    sxs: matters.map(sx),
  };
}

function sx(m: SeedMatter) {
  return {
    ywbh: `ZJ${yyyyMMdd(m.submittedAt)}${serial(m.serial)}`,
    sxmc: m.name,
    blzt: BLZT[m.stage][0],
    ztms: BLZT[m.stage][1],
    sqsj: yyyyMMddHHmmss(m.submittedAt),
    gxsj: yyyyMMddHHmmss(m.updatedAt),
    blqx: m.dueAt === null ? '' : yyyyMMdd(m.dueAt),
  };
}

/** From an ISO date or a Beijing date-time (…+08:00), whose wall-clock digits are already local. */
function yyyyMMdd(iso: string): string {
  return iso.slice(0, 10).replaceAll('-', '');
}

function yyyyMMddHHmmss(beijingTime: string): string {
  return beijingTime.slice(0, 19).replace(/\D/g, '');
}

function serial(n: number): string {
  return String(n).padStart(6, '0');
}
