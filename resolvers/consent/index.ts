import { grantConsent, revokeConsent } from '../../src/auth/consent.js';
import { grantsOfResident, isActive } from '../../src/auth/consent-store.js';
import type { Resolvers } from '../../src/generated/graphql.js';

export const consentResolvers: Resolvers = {
  Query: {
    myConsents: (_, __, ctx) => (ctx.viewer.kind === 'resident' ? grantsOfResident(ctx.db, ctx.viewer.idNumber) : []),
  },
  Mutation: {
    grantConsent: (_, { input }, ctx) => grantConsent(ctx, input),
    revokeConsent: (_, { id }, ctx) => revokeConsent(ctx, id),
  },
  ConsentGrant: {
    active: (grant, _, ctx) => isActive(grant, ctx.now),
  },
};
