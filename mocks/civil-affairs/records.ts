// A seed resident as civil affairs' REST API shows them: camelCase JSON, ISO dates.
import { districtByCode } from '../seed/districts.js';
import type { AssistanceProgram, MatterStage, SeedMatter, SeedResident } from '../seed/types.js';

type MatterStatus = 'SUBMITTED' | 'UNDER_REVIEW' | 'PENDING_SUPPLEMENT' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';

const PROGRAM_NAMES: Record<AssistanceProgram, string> = {
  DIBAO: '最低生活保障',
  TEKUN: '特困人员救助供养',
  GAOLING: '高龄津贴',
  DISABILITY_LIVING: '困难残疾人生活补贴',
  DISABILITY_CARE: '重度残疾人护理补贴',
};

// Civil affairs has no public-notice status: 公示 (民主评议) is part of its review.
const STATUSES: Record<MatterStage, readonly [MatterStatus, string]> = {
  submitted: ['SUBMITTED', '已提交,待街道受理'],
  'in-review': ['UNDER_REVIEW', '区民政局审核中'],
  'needs-supplement': ['PENDING_SUPPLEMENT', '待补充材料'],
  'public-notice': ['UNDER_REVIEW', '社区公示中'],
  approved: ['APPROVED', '审批通过'],
  rejected: ['REJECTED', '审批未通过'],
  withdrawn: ['WITHDRAWN', '申请人已撤回'],
};

export function person(resident: SeedResident) {
  const record = resident.civilAffairs!;
  return {
    idNumber: resident.idNumber,
    name: resident.name,
    gender: resident.gender,
    birthDate: resident.birthDate,
    districtCode: resident.districtCode,
    districtName: districtByCode(resident.districtCode).name,
    address: resident.address,
    phone: resident.phone,
    maritalStatus: record.maritalStatus,
    household: record.household,
    assistance: record.assistance.map(({ program, ...rest }) => ({ programCode: program, programName: PROGRAM_NAMES[program], ...rest })),
    marriageRegistrations: record.marriageRegistrations,
    matters: record.matters.map(matter),
  };
}

function matter(m: SeedMatter) {
  const [status, statusText] = STATUSES[m.stage];
  return {
    matterId: `MZ${m.submittedAt.slice(0, 10).replaceAll('-', '')}${String(m.serial).padStart(6, '0')}`,
    matterName: m.name,
    status,
    statusText,
    submittedAt: m.submittedAt,
    updatedAt: m.updatedAt,
    dueAt: m.dueAt,
  };
}
