import type { CaseEvent, CasePartState, CaseResult, CaseState, Department, Rating } from '../generated/graphql.js';
import type { MaterialCode } from './catalogue.js';

/** A case as the store answers it, whole: parts, history and rating loaded with it. */
export interface CaseModel {
  id: string;
  acceptanceNumber: string;
  matter: string;
  idNumber: string;
  residentName: string | null;
  district: string;
  state: CaseState;
  result: CaseResult | null;
  submittedAt: string;
  submittedBy: string;
  timeLimitDays: number;
  dueDate: string;
  completedAt: string | null;
  parts: CasePartModel[];
  history: CaseEvent[];
  rating: Rating | null;
}

export interface CasePartModel {
  department: Department;
  services: string[];
  materials: MaterialCode[];
  state: CasePartState;
  reference: string | null;
  timeLimitDays: number;
  dueDate: string;
  note: string | null;
  dispatchedAt: string | null;
  completedAt: string | null;
}

export interface FollowUpModel {
  id: string;
  caseId: string;
  reason: string;
  openedAt: string;
}

export interface MatterTimingModel {
  matter: string;
  completed: number;
  medianHours: number | null;
  medianWorkingDays: number | null;
}

/** What a live update carries: enough to route it; subscribers load the case themselves. */
export interface CaseChange {
  acceptanceNumber: string;
  district: string;
}


export const CLOSED_PART_STATES: readonly CasePartState[] = ['APPROVED', 'REJECTED', 'DISPATCH_REFUSED'];
