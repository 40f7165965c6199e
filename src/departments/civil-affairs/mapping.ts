import type { AssistanceProgram, CivilAffairsProfile, ServiceState } from '../../generated/graphql.js';
import { UnreachableCaseError } from '../../errors.js';
import type { DepartmentRecord, ServiceStatusModel } from '../model.js';
import type { WireMatter, WirePerson } from './wire.js';

export type CivilAffairsData = Omit<CivilAffairsProfile, 'source' | 'asOf' | 'stale' | '__typename'>;

const PROGRAMS: Record<WirePerson['assistance'][number]['programCode'], AssistanceProgram> = {
  DIBAO: 'MINIMUM_LIVING_ALLOWANCE',
  TEKUN: 'EXTREME_POVERTY_SUPPORT',
  GAOLING: 'ELDERLY_ALLOWANCE',
  DISABILITY_LIVING: 'DISABILITY_LIVING_SUBSIDY',
  DISABILITY_CARE: 'SEVERE_DISABILITY_CARE_SUBSIDY',
};

export function toServiceState(status: WireMatter['status']): ServiceState {
  switch (status) {
    case 'SUBMITTED':
      return 'SUBMITTED';
    case 'UNDER_REVIEW':
      return 'IN_REVIEW';
    case 'PENDING_SUPPLEMENT':
      return 'NEEDS_MATERIALS';
    case 'APPROVED':
      return 'APPROVED';
    case 'REJECTED':
      return 'REJECTED';
    case 'WITHDRAWN':
      return 'WITHDRAWN';
    default:
      throw new UnreachableCaseError(status);
  }
}

export function toRecord(p: WirePerson): DepartmentRecord<CivilAffairsData> {
  return {
    name: p.name,
    profile: {
      districtCode: p.districtCode,
      districtName: p.districtName,
      address: p.address ?? null,
      phone: p.phone ?? null,
      maritalStatus: p.maritalStatus ?? null,
      household: p.household ?? null,
      assistance: p.assistance.map((a) => ({
        program: PROGRAMS[a.programCode],
        programName: a.programName,
        status: a.status,
        monthlyAmount: a.monthlyAmount ?? null,
        startDate: a.startDate,
        endDate: a.endDate ?? null,
      })),
      marriageRegistrations: p.marriageRegistrations.map((m) => ({ ...m, spouseName: m.spouseName ?? null })),
    },
    matters: p.matters.map(toMatter),
  };
}

function toMatter(m: WireMatter): ServiceStatusModel {
  return {
    department: 'CIVIL_AFFAIRS',
    reference: m.matterId,
    matter: m.matterName,
    status: toServiceState(m.status),
    statusText: m.statusText ?? null,
    submittedAt: m.submittedAt,
    updatedAt: m.updatedAt,
    dueAt: m.dueAt ?? null,
  };
}
