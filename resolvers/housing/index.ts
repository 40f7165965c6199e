import type { Resolvers } from '../../src/generated/graphql.js';
import { profileOf } from '../../src/departments/residents.js';

export const housingResolvers: Resolvers = {
  Resident: {
    housing: (resident, _, ctx) => profileOf(ctx, 'housing', resident.idNumber),
  },
};
