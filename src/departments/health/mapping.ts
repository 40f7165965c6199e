import type { ChronicCondition, ContractStatus, EpisodeStatus, HealthProfile, ServiceState } from '../../generated/graphql.js';
import { UnreachableCaseError } from '../../errors.js';
import type { DepartmentRecord, ServiceStatusModel } from '../model.js';
import { datePart } from '../time.js';
import { MalformedRecordError } from '../upstream.js';
import type { CarePlan, EpisodeOfCare, Immunization, Part, Patient, Resource, Task } from './wire.js';

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

/**
 * Groups a search Bundle's resources by the patient they belong to, keyed by ID number. A patient
 * with a malformed resource fails alone; a malformed resource of no patient found could be anyone's
 * asked for, so it fails every ID of the call.
 */
export function toRecords(parts: Part[], asked: readonly string[]): Map<string, DepartmentRecord<HealthData> | MalformedRecordError> {
  const idOf = new Map<string, string>();
  for (const { owner } of parts) if (owner.reference && owner.idNumber) idOf.set(owner.reference, owner.idNumber);
  const byPatient = new Map<string, { patient?: Patient; related: Resource[]; error?: MalformedRecordError }>();
  for (const { owner, resource } of parts) {
    const idNumber = owner.idNumber ?? (owner.reference ? idOf.get(owner.reference) : undefined);
    if (!idNumber) {
      if (resource instanceof MalformedRecordError) return new Map(asked.map((id) => [id, resource]));
      continue;
    }
    const group = byPatient.get(idNumber) ?? { related: [] };
    byPatient.set(idNumber, group);
    if (resource instanceof MalformedRecordError) group.error ??= resource;
    else if (resource.resourceType === 'Patient') group.patient = resource as Patient;
    else group.related.push(resource);
  }
  const records = new Map<string, DepartmentRecord<HealthData> | MalformedRecordError>();
  for (const [idNumber, { patient, related, error }] of byPatient) {
    if (error) records.set(idNumber, error);
    else if (patient) records.set(idNumber, toRecord(patient, related));
  }
  return records;
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
