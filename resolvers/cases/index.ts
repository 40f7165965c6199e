import type { Resolvers } from '../../src/generated/graphql.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { forbidden, inJurisdiction, maySee, requireCaseStaff, viewerOf } from '../../src/cases/access.js';
import { MATERIALS, MATTERS, materialsOf, matterByCode, type MaterialCode } from '../../src/cases/catalogue.js';
import { DEPARTMENT_CODE, type CaseChange } from '../../src/cases/model.js';
import { caseOverdue, partOverdue } from '../../src/cases/overdue.js';
import { rateCase, satisfactionStats } from '../../src/cases/satisfaction.js';
import { searchCases } from '../../src/cases/search.js';
import { findCase, loadCases } from '../../src/cases/store.js';
import { submitCase } from '../../src/cases/submit.js';
import { supervision } from '../../src/cases/supervision.js';
import type { GatewayContext } from '../../src/context.js';

const material = (code: MaterialCode) => ({ code, name: MATERIALS[code] });

/** The case if the viewer may see it; null otherwise, so a number cannot be probed. */
async function visibleCase(ctx: GatewayContext, acceptanceNumber: string) {
  const viewer = viewerOf(ctx);
  if (!viewer) throw gatewayError(ErrorCode.UNAUTHENTICATED, 'Sign in to see one-window cases');
  const found = await findCase(ctx.cases.db, acceptanceNumber);
  return found && maySee(viewer, found) ? found : null;
}

export const casesResolvers: Resolvers = {
  Query: {
    matters: () => [...MATTERS],
    case: (_, { acceptanceNumber }, ctx) => visibleCase(ctx, acceptanceNumber),
    cases: (_, { filter, first, after }, ctx) => searchCases(ctx.cases.db, viewerOf(ctx), filter ?? {}, first ?? 20, after, ctx.now),
    satisfactionStats: (_, args, ctx) => satisfactionStats(ctx.cases.db, ctx, args, ctx.cases.satisfactionTarget),
    supervision: (_, { district }, ctx) => supervision(ctx.cases.db, ctx, district, ctx.cases.soonDueDays),
  },
  Mutation: {
    submitCase: (_, { input }, ctx) => submitCase(ctx.cases.submit, ctx, input, ctx.idempotencyKey),
    rateCase: async (_, { input }, ctx) => {
      const rated = await rateCase(ctx.cases.db, ctx, input);
      ctx.cases.events.publish(rated.change).catch((err) => ctx.logger.warn({ err }, 'case change not published'));
      return rated.case;
    },
  },
  Subscription: {
    caseUpdated: {
      subscribe: async (_, { acceptanceNumber }, ctx) => {
        if (!(await visibleCase(ctx, acceptanceNumber))) throw gatewayError(ErrorCode.NOT_FOUND, `No case ${acceptanceNumber} that you may see`);
        return ctx.cases.events.listen((change) => change.acceptanceNumber === acceptanceNumber);
      },
      resolve: (change: CaseChange, _: unknown, ctx: GatewayContext) => visibleCase(ctx, change.acceptanceNumber),
    },
    casesUpdated: {
      subscribe: async (_, { district }, ctx) => {
        const staff = requireCaseStaff(viewerOf(ctx));
        if (!inJurisdiction(staff.jurisdiction, district)) throw forbidden(`District ${district} is outside your jurisdiction`);
        return ctx.cases.events.listen((change) => change.district === district);
      },
      resolve: (change: CaseChange, _: unknown, ctx: GatewayContext) => visibleCase(ctx, change.acceptanceNumber),
    },
  } as Resolvers['Subscription'],
  Matter: {
    materials: (matter) => materialsOf(matter).map(material),
  },
  MatterPart: {
    department: (part) => DEPARTMENT_CODE[part.department],
    services: (part) => [...part.services],
    materials: (part) => part.materials.map(material),
  },
  Case: {
    matter: (c) => matterByCode(c.matter)!,
    overdue: (c, _, ctx) => caseOverdue(c, ctx.now),
  },
  CasePart: {
    materials: (part) => part.materials.map(material),
    overdue: (part, _, ctx) => partOverdue(part, ctx.now),
  },
  FollowUp: {
    case: async (followUp, _, ctx) => (await loadCases(ctx.cases.db, [followUp.caseId]))[0]!,
  },
  MatterTiming: {
    matter: (timing) => matterByCode(timing.matter)!,
  },
};
