import type { Department, Gender, ServiceStatus } from '../generated/graphql.js';

/** A resident as the resolvers pass it down: what the ID number says (the name is resolved from the departments). */
export interface ResidentModel {
  idNumber: string;
  gender: Gender;
  birthDate: string;
}

/** `overdue` depends on the time of the request, so it is resolved, not stored. */
export type ServiceStatusModel = Omit<ServiceStatus, 'overdue' | '__typename'>;

/** What a connector maps one department answer for one person to. */
export interface DepartmentRecord<P> {
  name: string | null;
  profile: P;
  matters: ServiceStatusModel[];
}

/** A record as the loaders hand it out: with its origin and freshness. */
export interface LoadedRecord<P> extends DepartmentRecord<P> {
  source: Department;
  asOf: string;
  stale: boolean;
}
