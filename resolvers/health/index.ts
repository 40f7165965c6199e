import type { Resolvers } from '../../src/generated/graphql.js';
import { profileOf } from '../../src/departments/residents.js';

export const healthResolvers: Resolvers = {
  Resident: {
    health: (resident, _, ctx) => profileOf(ctx, 'health', resident.idNumber),
  },
};
