import { auditLog } from '../../src/audit/log.js';
import type { AuditOutcome, Department, Resolvers } from '../../src/generated/graphql.js';

export const auditResolvers: Resolvers = {
  Query: {
    auditLog: (_, { filter, first, after }, ctx) =>
      auditLog(ctx, { ...filter, from: filter?.from ? new Date(filter.from) : null, to: filter?.to ? new Date(filter.to) : null }, first ?? 20, after),
  },
  AuditRecord: {
    outcome: (record) => record.outcome.toUpperCase() as AuditOutcome,
    departments: (record) => record.departments as Department[],
  },
};
