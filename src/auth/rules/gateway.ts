import { allow } from 'graphql-shield';
import { forbidden } from '../errors.js';
import { describe, viewerRule, type RuleMap } from './kit.js';

// The gateway's own operational fields: for staff, not for apps or residents.

const asStaff = viewerRule('as-staff', (ctx) => (ctx.viewer.kind === 'staff' ? true : forbidden(`Department status is for staff, not ${describe(ctx.viewer)}`, 'role:staff')));

export const gatewayRules: RuleMap = {
  Query: { departments: asStaff },
  DepartmentStatus: allow,
};
