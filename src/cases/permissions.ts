import { allow } from 'graphql-shield';
import { forbidden } from '../auth/errors.js';
import { describe, viewerRule, type RuleMap } from '../auth/rules/kit.js';
import { roleOf, type Scope } from '../auth/viewer.js';

// Field rules for one-window cases, for the shield's merge point (src/auth/permissions.ts).
// Root fields say who may ask at all; which cases they see (jurisdiction, their own, an app's own
// submissions) and an app's consent for the resident are decided with the data, so lists are
// filtered rather than refused. Everything under a guarded root is allowed.

type Who = 'clerk' | 'supervisor' | 'resident';

/** Staff of these roles or residents; apps only when `appScope` is given and their key holds it. Named cases-<name>. */
const roleRule = (name: string, who: readonly Who[], appScope?: Scope) =>
  viewerRule(`cases-${name}`, ({ viewer }) => {
    const granted = viewer.kind === 'app' ? appScope !== undefined && viewer.scopes.includes(appScope) : (who as readonly string[]).includes(roleOf(viewer));
    if (granted) return true;
    const permission = (viewer.kind === 'app' && appScope) || `cases:${name}`;
    const asker = describe(viewer);
    return forbidden(`${asker.charAt(0).toUpperCase()}${asker.slice(1)} lacks permission ${permission}`, permission);
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

export const casesRules: RuleMap = {
  Query: { matters: allow, case: caseReader, cases: staffOrResident, satisfactionStats: staff, supervision: supervisor },
  Mutation: { submitCase: submitter, rateCase: rater },
  Subscription: { caseUpdated: staffOrResident, casesUpdated: staff },
  ...Object.fromEntries(CASE_TYPES.map((type) => [type, allow])),
};
