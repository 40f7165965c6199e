import type { Resolvers } from '../../src/generated/graphql.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { inJurisdiction, outsideJurisdiction, requireCaseStaff } from '../../src/cases/access.js';
import { MATERIALS, MATTERS, materialsOf, matterByCode, type MaterialCode } from '../../src/cases/catalogue.js';
import { DEPARTMENT_CODE } from '../../src/config.js';
import type { CaseChange } from '../../src/cases/model.js';
import { caseOverdue, partOverdue } from '../../src/cases/overdue.js';
import { rateCase, satisfactionStats } from '../../src/cases/satisfaction.js';
import { caseForViewer, casesForViewer } from '../../src/cases/read.js';
import { searchCases } from '../../src/cases/search.js';
import { submitCase } from '../../src/cases/submit.js';
import { supervision } from '../../src/cases/supervision.js';
import type { GatewayContext } from '../../src/context.js';

const material = (code: MaterialCode) => ({ code, name: MATERIALS[code] });

export const casesResolvers: Resolvers = {
  Query: {
    matters: () => [...MATTERS],
    case: (_, { acceptanceNumber }, ctx) => caseForViewer(ctx, acceptanceNumber),
    cases: (_, { filter, first, after }, ctx) => searchCases(ctx, filter ?? {}, first ?? 20, after),
    satisfactionStats: (_, args, ctx) => satisfactionStats(ctx.cases.db, ctx, args, ctx.cases.satisfactionTarget),
    supervision: (_, args, ctx) => supervision(ctx.cases.db, ctx, args, ctx.cases.soonDueDays),
  },
  Mutation: {
    submitCase: (_, { input }, ctx) => submitCase(ctx.cases.submit, ctx, input, ctx.idempotencyKey),
    rateCase: (_, { input }, ctx) => rateCase(ctx.cases.db, ctx, input),
  },
  Subscription: {
    caseUpdated: {
      subscribe: async (_, { acceptanceNumber }, ctx) => {
        if (!(await caseForViewer(ctx, acceptanceNumber))) throw gatewayError(ErrorCode.NOT_FOUND, `No case ${acceptanceNumber} that you may see`);
        return ctx.cases.events.listen((change) => change.acceptanceNumber === acceptanceNumber);
      },
      resolve: (change: CaseChange, _: unknown, ctx: GatewayContext) => caseForViewer(ctx, change.acceptanceNumber),
    },
    casesUpdated: {
      subscribe: async (_, { district }, ctx) => {
        const staff = requireCaseStaff(ctx.viewer);
        if (!inJurisdiction(staff.jurisdiction, district)) throw outsideJurisdiction(district);
        return ctx.cases.events.listen((change) => change.district === district);
      },
      resolve: (change: CaseChange, _: unknown, ctx: GatewayContext) => caseForViewer(ctx, change.acceptanceNumber),
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
    case: async (followUp, _, ctx) => (await casesForViewer(ctx, [followUp.caseId]))[0]!,
  },
  MatterTiming: {
    matter: (timing) => matterByCode(timing.matter)!,
  },
};
