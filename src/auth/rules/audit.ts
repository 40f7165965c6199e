import { allow } from 'graphql-shield';
import { forbidden } from '../errors.js';
import { describe, viewerRule, type RuleMap } from './kit.js';

const asAuditor = viewerRule('as-auditor', (ctx) =>
  ctx.viewer.kind === 'staff' && ctx.viewer.role === 'auditor' ? true : forbidden(`Only auditors read the audit log, not ${describe(ctx.viewer)}`, 'role:auditor'),
);

export const auditRules: RuleMap = {
  Query: { auditLog: asAuditor },
  AuditRecordConnection: allow,
  AuditRecordEdge: allow,
  AuditRecord: allow,
};
