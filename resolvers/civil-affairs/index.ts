import type { Resolvers } from '../../src/generated/graphql.js';
import { profileOf } from '../../src/departments/residents.js';

export const civilAffairsResolvers: Resolvers = {
  Resident: {
    civilAffairs: (resident, _, ctx) => profileOf(ctx, 'civilAffairs', resident.idNumber),
  },
};
