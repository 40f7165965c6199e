import { allow, rule } from 'graphql-shield';
import type { Scope } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';

// Field rules for one-window cases, for the shield's merge point (src/auth/permissions.ts).
// Root fields say who may ask at all; which cases they see (jurisdiction, their own, an app's own
// submissions) and an app's consent for the resident are decided with the data, so lists are
// filtered rather than refused. Everything under a guarded root is allowed.

type Who = 'clerk' | 'supervisor' | 'resident';

/** Staff of these roles or residents; apps only when `appScope` is given and their key holds it. */
const roleRule = (name: string, who: readonly Who[], appScope?: Scope) =>
  rule(name, { cache: 'contextual' })(async (_parent: unknown, _args: unknown, ctx: GatewayContext) => {
    const { viewer } = ctx;
    if (viewer.kind === 'app') {
      if (appScope && viewer.scopes.includes(appScope)) return true;
      const permission = appScope ?? `cases:${name}`;
      return gatewayError(ErrorCode.FORBIDDEN, `App "${viewer.name}" lacks permission ${permission}`, { permission });
    }
    const role = viewer.kind === 'staff' ? viewer.role : viewer.kind;
    if ((who as readonly string[]).includes(role)) return true;
    return gatewayError(ErrorCode.FORBIDDEN, `Role ${role} lacks permission cases:${name}`, { permission: `cases:${name}` });
  });

const staffOrResident = roleRule('read', ['clerk', 'supervisor', 'resident']);
// An app reads one case at a time: one it submitted, while the resident's consent holds.
const caseReader = roleRule('read-one', ['clerk', 'supervisor', 'resident'], 'cases:write');
const staff = roleRule('staff', ['clerk', 'supervisor']);
// An app also needs the resident's consent for cases:write, checked with the input (submit.ts).
const submitter = roleRule('submit', ['clerk'], 'cases:write');
const rater = roleRule('rate', ['clerk', 'resident']);
const supervisor = roleRule('supervise', ['supervisor']);

const CASE_TYPES = [
  'Matter', 'MatterPart', 'Material', 'Case', 'CasePart', 'CaseEvent', 'Rating', 'SubmitCasePayload', 'CaseConnection', 'CaseEdge',
  'SatisfactionStats', 'ScoreCount', 'Supervision', 'CaseLoad', 'MatterTiming', 'FollowUp',
] as const;

export const casesRules = {
  Query: { matters: allow, case: caseReader, cases: staffOrResident, satisfactionStats: staff, supervision: supervisor },
  Mutation: { submitCase: submitter, rateCase: rater },
  Subscription: { caseUpdated: staffOrResident, casesUpdated: staff },
  ...Object.fromEntries(CASE_TYPES.map((type) => [type, allow])),
};
