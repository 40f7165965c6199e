import type { ChronicCondition, ContractStatus, EpisodeStatus, HealthProfile, ServiceState } from '../../generated/graphql.js';
import { UnreachableCaseError } from '../../errors.js';
import type { DepartmentRecord, ServiceStatusModel } from '../model.js';
import { datePart } from '../time.js';
import { ID_SYSTEM, type CarePlan, type EpisodeOfCare, type Immunization, type Patient, type Resource, type Task } from './wire.js';

export type HealthData = Omit<HealthProfile, 'source' | 'asOf' | 'stale' | '__typename'>;

/** A FHIR Task's status, as the one window's states. */
export function toServiceState(status: Task['status']): ServiceState {
  switch (status) {
    case 'draft':
    case 'requested':
    case 'received':
      return 'SUBMITTED';
    case 'accepted':
    case 'ready':
    case 'in-progress':
      return 'IN_REVIEW';
    case 'on-hold':
      return 'NEEDS_MATERIALS';
    case 'completed':
      return 'COMPLETED';
    case 'rejected':
    case 'failed':
      return 'REJECTED';
    case 'cancelled':
    case 'entered-in-error':
      return 'WITHDRAWN';
    default:
      throw new UnreachableCaseError(status);
  }
}

const CONDITIONS: Record<string, ChronicCondition> = {
  hypertension: 'HYPERTENSION',
  diabetes: 'DIABETES',
  copd: 'COPD',
  'severe-mental': 'SEVERE_MENTAL_DISORDER',
};
const EPISODE_STATES: Record<string, EpisodeStatus> = { active: 'ACTIVE', onhold: 'ON_HOLD', finished: 'FINISHED' };
const CONTRACT_STATES: Record<string, ContractStatus> = { active: 'ACTIVE', completed: 'ENDED', revoked: 'REVOKED' };

/** Groups a search Bundle's resources by the patient they belong to, keyed by ID number. */
export function toRecords(resources: Resource[]): Map<string, DepartmentRecord<HealthData>> {
  const byPatient = new Map<string, { patient: Patient; related: Resource[] }>();
  for (const r of resources) if (r.resourceType === 'Patient') byPatient.set(`Patient/${(r as Patient).id}`, { patient: r as Patient, related: [] });
  for (const r of resources) {
    const ref = subjectOf(r);
    if (ref) byPatient.get(ref)?.related.push(r);
  }
  const records = new Map<string, DepartmentRecord<HealthData>>();
  for (const { patient, related } of byPatient.values()) {
    const idNumber = patient.identifier.find((i) => i.system === ID_SYSTEM)?.value;
    if (idNumber) records.set(idNumber.toUpperCase(), toRecord(patient, related));
  }
  return records;
}

function subjectOf(r: Resource): string | undefined {
  switch (r.resourceType) {
    case 'Immunization':
    case 'EpisodeOfCare':
      return (r as Immunization | EpisodeOfCare).patient.reference;
    case 'CarePlan':
      return (r as CarePlan).subject.reference;
    case 'Task':
      return (r as Task).for.reference;
    default:
      return undefined;
  }
}

function toRecord(patient: Patient, related: Resource[]): DepartmentRecord<HealthData> {
  const of = <T extends Resource>(type: string) => related.filter((r) => r.resourceType === type) as T[];
  const carePlans = of<CarePlan>('CarePlan');
  const contracts = carePlans.filter((c) => categoryOf(c) === 'family-doctor-contract');
  const current = contracts.find((c) => c.status === 'active') ?? contracts.at(-1);
  return {
    name: patient.name?.[0]?.text ?? null,
    profile: {
      familyDoctor: current
        ? {
            contractId: current.id,
            status: CONTRACT_STATES[current.status] ?? 'ENDED',
            doctorName: current.author?.display ?? null,
            team: current.contributor?.[0]?.display ?? null,
            startDate: datePart(current.period?.start ?? ''),
            endDate: current.period?.end ? datePart(current.period.end) : null,
          }
        : null,
      vaccinations: of<Immunization>('Immunization')
        .filter((i) => i.status === 'completed')
        .map((i) => ({
          id: i.id,
          vaccine: i.vaccineCode.text ?? i.vaccineCode.coding?.[0]?.display ?? 'unknown',
          vaccineCode: i.vaccineCode.coding?.[0]?.code ?? null,
          doseNumber: i.protocolApplied?.[0]?.doseNumberPositiveInt ?? null,
          administeredAt: i.occurrenceDateTime,
          performer: i.performer?.[0]?.actor.display ?? null,
        })),
      elderlyCheckups: carePlans
        .filter((c) => categoryOf(c) === 'elderly-checkup')
        .map((c) => ({
          id: c.id,
          date: datePart(c.period?.start ?? ''),
          status: c.status === 'completed' ? ('COMPLETED' as const) : ('SCHEDULED' as const),
          summary: c.description ?? null,
        })),
      chronicDiseaseManagement: of<EpisodeOfCare>('EpisodeOfCare').map((e) => {
        const code = e.type?.[0]?.coding?.[0];
        return {
          id: e.id,
          condition: CONDITIONS[code?.code ?? ''] ?? 'OTHER',
          conditionName: code?.display ?? e.type?.[0]?.text ?? 'unknown',
          status: EPISODE_STATES[e.status] ?? 'FINISHED',
          since: datePart(e.period?.start ?? ''),
          managingOrganization: e.managingOrganization?.display ?? null,
        };
      }),
    },
    matters: of<Task>('Task').map(toMatter),
  };
}

function categoryOf(c: CarePlan): string | undefined {
  return c.category?.[0]?.coding?.[0]?.code ?? undefined;
}

function toMatter(t: Task): ServiceStatusModel {
  return {
    department: 'HEALTH',
    reference: t.identifier?.[0]?.value ?? t.id,
    matter: t.code?.text ?? t.code?.coding?.[0]?.display ?? 'Health matter',
    status: toServiceState(t.status),
    statusText: t.businessStatus?.text ?? null,
    submittedAt: t.authoredOn,
    updatedAt: t.lastModified ?? t.authoredOn,
    dueAt: t.restriction?.period?.end ?? null,
  };
}
