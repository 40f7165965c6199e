import { badInput } from '../../src/errors.js';
import type { Resolvers } from '../../src/generated/graphql.js';
import { findResident, isOverdue, serviceStatusOf } from '../../src/departments/residents.js';

const PROFILE_TYPES = { CIVIL_AFFAIRS: 'CivilAffairsProfile', HOUSING: 'HousingProfile', HEALTH: 'HealthProfile' } as const;

export const residentResolvers: Resolvers = {
  Query: {
    resident: (_, { idNumber }, ctx) => findResident(ctx, idNumber),
    residents: (_, { idNumbers }, ctx) => {
      if (idNumbers.length > ctx.maxResidents) {
        throw badInput(`At most ${ctx.maxResidents} ID numbers per query, got ${idNumbers.length}`, { max: ctx.maxResidents });
      }
      return Promise.all(idNumbers.map((id) => findResident(ctx, id)));
    },
  },
  Resident: {
    serviceStatus: (resident, _, ctx) => serviceStatusOf(ctx, resident.idNumber),
  },
  ServiceStatus: {
    overdue: (matter, _, ctx) => isOverdue(matter, ctx.now),
  },
  DepartmentProfile: {
    __resolveType: (profile) => PROFILE_TYPES[profile.source],
  },
};
