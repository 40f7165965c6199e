import type { GraphQLResolveInfo } from 'graphql';
import { rule, type and } from 'graphql-shield';
import type { GatewayContext } from '../../context.js';
import { asError } from '../../errors.js';
import type { Decision } from '../access.js';
import { forbidden } from '../errors.js';
import { refusalOfResident } from '../refusals.js';
import { roleOf, type Scope, type StaffRole, type Viewer } from '../viewer.js';

// Building blocks for rules. A rule answers true or a GraphQLError naming what is missing; an error
// thrown inside a check is returned as it is (graphql-shield would otherwise turn it into `false`).

/** Rules of one module: type name → a rule for every field, or one rule per field. */
export type ShieldRule = Parameters<typeof and>[number];
export type RuleMap = Record<string, ShieldRule | Record<string, ShieldRule>>;

type Check<P> = (parent: P, args: Record<string, unknown>, ctx: GatewayContext, info: GraphQLResolveInfo) => Decision | Promise<Decision>;

const guarded =
  <P>(check: Check<P>) =>
  async (parent: P, args: Record<string, unknown>, ctx: GatewayContext, info: GraphQLResolveInfo): Promise<Decision | Error> => {
    try {
      return await check(parent, args, ctx, info);
    } catch (error) {
      return asError(error);
    }
  };

/** Depends only on who is asking: evaluated once per request, whatever the number of fields. */
export const viewerRule = (name: string, check: (ctx: GatewayContext) => Decision) =>
  rule(name, { cache: 'contextual' })(guarded((_p: unknown, _a, ctx) => check(ctx)));

/** Depends on the resident too: evaluated once per resident per request (keyed by ID number, not by hashing the parent). */
export const residentRule = (name: string, check: Check<{ idNumber: string }>) =>
  rule(name, { cache: (parent: { idNumber: string }) => parent.idNumber })(guarded(check));

/** Root fields whose answer depends on an argument; evaluated per distinct argument. */
export const argumentRule = (name: string, arg: string, check: Check<unknown>) =>
  rule(name, { cache: (_p: unknown, args: Record<string, unknown>) => String(args[arg]) })(guarded(check));

export const describe = (viewer: Viewer) => (viewer.kind === 'app' ? `app "${viewer.name}"` : `role ${roleOf(viewer)}`);

/** Viewer-level permission: staff of these roles, the resident themself (when allowed), or an app holding the scope. */
export function may(ctx: GatewayContext, grant: { staff: readonly StaffRole[]; resident: boolean; scope: Scope }): Decision {
  const { viewer } = ctx;
  const ok =
    (viewer.kind === 'staff' && grant.staff.includes(viewer.role)) ||
    (viewer.kind === 'resident' && grant.resident) ||
    (viewer.kind === 'app' && viewer.scopes.includes(grant.scope));
  if (ok) return true;
  const permission = viewer.kind === 'app' ? grant.scope : grant.staff.length ? `role:${grant.staff.join('|')}` : grant.scope;
  return forbidden(`${capitalise(describe(viewer))} lacks permission ${permission}`, permission);
}

type Grant = Parameters<typeof may>[1];
type Extra = (ctx: GatewayContext) => Decision;

/**
 * The checks of one resident's field, in order: the viewer may read it, may see that resident, and
 * (apps) holds that resident's consent for it. `heard` is told the subject decision and may answer
 * another (the rule records it in the audit record and words the refusal).
 */
async function decideResidentField(ctx: GatewayContext, idNumber: string, grant: Grant, extra?: Extra, heard = (subject: Decision) => subject): Promise<Decision> {
  const viewer = may(ctx, grant);
  if (viewer !== true) return viewer;
  const more = extra?.(ctx) ?? true;
  if (more !== true) return more;
  const subject = heard(await ctx.access.subject(idNumber));
  return subject === true ? ctx.access.consentCovers(idNumber, grant.scope) : subject;
}

/**
 * One resident's field's rule (see decideResidentField). The resident is recorded as read only once
 * the field is granted, consent included; refused by the subject check or by consent, as refused.
 */
export const residentField = (name: string, grant: Grant, extra?: Extra) =>
  residentRule(name, async (resident, _args, ctx, info) => {
    // Past the viewer's own permissions, a refusal (the subject check or consent) is of this resident.
    let aboutResident = false;
    const decision = await decideResidentField(ctx, resident.idNumber, grant, extra, (subject) => {
      aboutResident = true;
      return subject === true ? true : refusalOfResident(subject, info);
    });
    if (decision === true) ctx.audit.touch(resident.idNumber);
    else if (aboutResident) ctx.audit.refuse(resident.idNumber);
    return decision;
  });

/**
 * A resident field's rule, and the same decision asked ahead of the field and not recorded: for work
 * started early, such as a prefetch, which must not start for a viewer the field will refuse. The
 * subject and consent answers are the request's, decided once.
 */
export const gatedResidentField = (name: string, grant: Grant, extra?: Extra) => ({
  rule: residentField(name, grant, extra),
  grants: async (ctx: GatewayContext, idNumber: string) => (await decideResidentField(ctx, idNumber, grant, extra)) === true,
});

export const STAFF_READERS = ['clerk', 'supervisor'] as const satisfies readonly StaffRole[];

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
