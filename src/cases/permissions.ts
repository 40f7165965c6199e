import { allow, rule } from 'graphql-shield';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';
import { viewerOf } from './access.js';

// Field rules for one-window cases, for the shield's merge point (src/auth/permissions.ts).
// Root fields say who may ask at all; which cases they see (jurisdiction, their own) is decided
// with the data, so lists are filtered rather than refused. Everything under a guarded root is allowed.

type Who = 'clerk' | 'supervisor' | 'resident';

const roleRule = (name: string, who: readonly Who[]) =>
  rule(name, { cache: 'contextual' })(async (_parent: unknown, _args: unknown, ctx: GatewayContext) => {
    const viewer = viewerOf(ctx);
    if (!viewer) return gatewayError(ErrorCode.UNAUTHENTICATED, 'Sign in to work with one-window cases');
    const role = viewer.kind === 'staff' ? viewer.role : viewer.kind;
    if ((who as readonly string[]).includes(role)) return true;
    return gatewayError(ErrorCode.FORBIDDEN, `Role ${role} lacks permission cases:${name}`, { permission: `cases:${name}` });
  });

const staffOrResident = roleRule('read', ['clerk', 'supervisor', 'resident']);
const staff = roleRule('staff', ['clerk', 'supervisor']);
// Apps are refused until submitting on a resident's behalf checks their consent for cases:write.
const submitter = roleRule('submit', ['clerk']);
const rater = roleRule('rate', ['clerk', 'resident']);
const supervisor = roleRule('supervise', ['supervisor']);

const CASE_TYPES = [
  'Matter', 'MatterPart', 'Material', 'Case', 'CasePart', 'CaseEvent', 'Rating', 'SubmitCasePayload', 'CaseConnection', 'CaseEdge',
  'SatisfactionStats', 'ScoreCount', 'Supervision', 'CaseLoad', 'MatterTiming', 'FollowUp',
] as const;

export const casesRules = {
  Query: { matters: allow, case: staffOrResident, cases: staffOrResident, satisfactionStats: staff, supervision: supervisor },
  Mutation: { submitCase: submitter, rateCase: rater },
  Subscription: { caseUpdated: staffOrResident, casesUpdated: staff },
  ...Object.fromEntries(CASE_TYPES.map((type) => [type, allow])),
};
