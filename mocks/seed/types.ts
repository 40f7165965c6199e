// The seed population in department-neutral terms: plain values, ISO dates ('YYYY-MM-DD') and
// Beijing date-times. Each department's mapping turns these into its own wire shape.
import type { Day } from './dates.js';

export type Gender = 'MALE' | 'FEMALE';

export interface SeedResident {
  idNumber: string;
  name: string;
  familyName: string;
  givenName: string;
  gender: Gender;
  birthDate: Day;
  districtCode: string;
  /** 街道; the community health centre is named for it. */
  subdistrict: string;
  address: string;
  phone: string;
  /** Absent when that department does not know the resident. */
  civilAffairs?: CivilAffairsRecord;
  housing?: HousingRecord;
  health?: HealthRecord;
}

/** Who someone is, whichever departments know them. */
export type Identity = Omit<SeedResident, 'civilAffairs' | 'housing' | 'health'>;

/** The life cycle of an application, shared so the departments' codes can be compared. */
export type MatterStage =
  | 'submitted'
  | 'in-review'
  | 'needs-supplement'
  | 'public-notice'
  | 'approved'
  | 'rejected'
  | 'withdrawn';

export const OPEN_STAGES: readonly MatterStage[] = ['submitted', 'in-review', 'needs-supplement', 'public-notice'];

export interface SeedMatter {
  /** Unique within the department; the department builds its matter number from it. */
  serial: number;
  name: string;
  stage: MatterStage;
  submittedAt: string;
  updatedAt: string;
  dueAt: string | null;
  /** Days from today to the due date, fixed by the seed: negative while open means overdue on any day. */
  dueInDays: number | null;
}

// Civil affairs

export type MaritalStatus = 'SINGLE' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';
export type RelationToHead = 'SELF' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'OTHER';
export type AssistanceProgram = 'DIBAO' | 'TEKUN' | 'GAOLING' | 'DISABILITY_LIVING' | 'DISABILITY_CARE';

export interface Household {
  householdId: string;
  headIdNumber: string;
  relationToHead: RelationToHead;
  size: number;
}

export interface Assistance {
  program: AssistanceProgram;
  status: 'ACTIVE' | 'SUSPENDED' | 'ENDED';
  monthlyAmount: number;
  startDate: Day;
  endDate: Day | null;
}

export interface MarriageRegistration {
  registrationNumber: string;
  type: 'MARRIAGE' | 'DIVORCE';
  registeredOn: Day;
  spouseName: string;
}

export interface CivilAffairsRecord {
  maritalStatus: MaritalStatus;
  household: Household;
  assistance: Assistance[];
  marriageRegistrations: MarriageRegistration[];
  matters: SeedMatter[];
}

// Housing

export type RentalApplicationStatus =
  | 'submitted'
  | 'in-review'
  | 'needs-documents'
  | 'public-notice'
  | 'queued'
  | 'allocated'
  | 'refused';

export interface RentalApplication {
  serial: number;
  appliedOn: Day;
  status: RentalApplicationStatus;
  /** Only while queued. */
  queueNumber: number | null;
  layout: '开间' | '一居室' | '二居室';
}

export interface HousingSubsidy {
  kind: '租赁补贴' | '市场租房补贴' | '公租房租金补贴';
  monthlyAmount: number;
  status: 'paying' | 'suspended' | 'ended';
  startDate: Day;
  endDate: Day;
}

export interface ProvidentFund {
  accountNumber: string;
  employer: string;
  balance: number;
  monthlyContribution: number;
  status: 'normal' | 'sealed' | 'closed';
  lastPaidOn: Day;
}

export interface HousingRecord {
  rentalApplications: RentalApplication[];
  subsidies: HousingSubsidy[];
  providentFund: ProvidentFund | null;
  matters: SeedMatter[];
}

// Health

export interface Vaccination {
  code: string;
  name: string;
  occurredAt: string;
  doseNumber: number;
  performer: string;
}

export interface FamilyDoctorContract {
  status: 'active' | 'revoked' | 'completed';
  start: Day;
  end: Day;
  doctor: string;
  team: string;
}

export interface ElderlyCheckup {
  /** 'active' is a booked check-up not yet done. */
  status: 'completed' | 'active';
  date: Day;
  result: string;
}

export type ChronicDisease = 'hypertension' | 'diabetes' | 'copd' | 'severe-mental';

export interface ChronicCare {
  disease: ChronicDisease;
  status: 'active' | 'finished' | 'onhold';
  start: Day;
  end: Day | null;
  organization: string;
}

export interface HealthRecord {
  vaccinations: Vaccination[];
  familyDoctorContracts: FamilyDoctorContract[];
  checkups: ElderlyCheckup[];
  chronicCare: ChronicCare[];
  matters: SeedMatter[];
}
