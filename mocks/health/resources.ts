// A seed resident as the health commission's FHIR R4 server shows them: a Patient and the
// resources that point at it.
import { createHash } from 'node:crypto';
import { districtByCode } from '../seed/districts.js';
import type { ChronicDisease, MatterStage, SeedMatter, SeedResident } from '../seed/types.js';

export const ID_NUMBER_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
const VACCINE_SYSTEM = 'urn:oid:2.16.156.10011.2.3.2';
const CAREPLAN_CATEGORY = 'https://onewindow.example/fhir/careplan-category';
const CHRONIC_DISEASE = 'https://onewindow.example/fhir/chronic-disease';

export type Resource = { resourceType: string; id: string } & Record<string, unknown>;

const DISEASES: Record<ChronicDisease, string> = {
  hypertension: '高血压',
  diabetes: '糖尿病',
  copd: '慢性阻塞性肺疾病',
  'severe-mental': '严重精神障碍',
};

const TASK_STATUSES: Record<MatterStage, readonly [string, string]> = {
  submitted: ['requested', '已提交,待受理'],
  'in-review': ['in-progress', '审核中'],
  'needs-supplement': ['on-hold', '待补充材料'],
  'public-notice': ['accepted', '已受理,待服务机构确认'],
  approved: ['completed', '已办结'],
  rejected: ['rejected', '不予办理'],
  withdrawn: ['cancelled', '申请人已取消'],
};

/** FHIR ids are opaque and must not be the ID number; a hash keeps them stable across runs. */
function patientId(idNumber: string): string {
  return createHash('sha256').update(idNumber).digest('hex').slice(0, 16);
}

export function patient(resident: SeedResident): Resource {
  return {
    resourceType: 'Patient',
    id: patientId(resident.idNumber),
    identifier: [{ system: ID_NUMBER_SYSTEM, value: resident.idNumber }],
    name: [{ text: resident.name, family: resident.familyName, given: [resident.givenName] }],
    gender: resident.gender === 'MALE' ? 'male' : 'female',
    birthDate: resident.birthDate,
    telecom: [{ system: 'phone', value: resident.phone }],
    address: [{ text: resident.address, district: districtByCode(resident.districtCode).name }],
  };
}

export function immunizations(resident: SeedResident): Resource[] {
  const id = patientId(resident.idNumber);
  return resident.health!.vaccinations.map((v, i) => ({
    resourceType: 'Immunization',
    id: `${id}-imm-${i + 1}`,
    status: 'completed',
    vaccineCode: { coding: [{ system: VACCINE_SYSTEM, code: v.code, display: v.name }], text: v.name },
    patient: { reference: `Patient/${id}` },
    occurrenceDateTime: v.occurredAt,
    protocolApplied: [{ doseNumberPositiveInt: v.doseNumber }],
    performer: [{ actor: { display: v.performer } }],
  }));
}

export function carePlans(resident: SeedResident): Resource[] {
  const id = patientId(resident.idNumber);
  const { familyDoctorContracts, checkups } = resident.health!;
  const base = (kind: string, n: number, status: string, code: string, display: string) => ({
    resourceType: 'CarePlan',
    id: `${id}-${kind}-${n}`,
    status,
    intent: 'plan',
    category: [{ coding: [{ system: CAREPLAN_CATEGORY, code, display }] }],
    subject: { reference: `Patient/${id}` },
  });
  return [
    ...familyDoctorContracts.map((c, i) => ({
      ...base('fdc', i + 1, c.status, 'family-doctor-contract', '家庭医生签约'),
      period: { start: c.start, end: c.end },
      author: { display: c.doctor },
      contributor: [{ display: c.team }],
    })),
    ...checkups.map((c, i) => ({
      ...base('chk', i + 1, c.status, 'elderly-checkup', '老年人健康体检'),
      period: { start: c.date },
      description: c.result,
    })),
  ];
}

export function episodesOfCare(resident: SeedResident): Resource[] {
  const id = patientId(resident.idNumber);
  return resident.health!.chronicCare.map((c, i) => ({
    resourceType: 'EpisodeOfCare',
    id: `${id}-eoc-${i + 1}`,
    status: c.status,
    type: [{ coding: [{ system: CHRONIC_DISEASE, code: c.disease, display: DISEASES[c.disease] }] }],
    patient: { reference: `Patient/${id}` },
    period: c.end === null ? { start: c.start } : { start: c.start, end: c.end },
    managingOrganization: { display: c.organization },
  }));
}

export function tasks(resident: SeedResident): Resource[] {
  const id = patientId(resident.idNumber);
  return resident.health!.matters.map((m: SeedMatter) => {
    const [status, text] = TASK_STATUSES[m.stage];
    return {
      resourceType: 'Task',
      id: `${id}-task-${m.serial}`,
      identifier: [{ value: `WJ${m.submittedAt.slice(0, 10).replaceAll('-', '')}${String(m.serial).padStart(6, '0')}` }],
      status,
      businessStatus: { text },
      intent: 'order',
      code: { text: m.name },
      for: { reference: `Patient/${id}` },
      authoredOn: m.submittedAt,
      lastModified: m.updatedAt,
      ...(m.dueAt !== null && { restriction: { period: { end: m.dueAt } } }),
    };
  });
}
