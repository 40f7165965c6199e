import { responsePathAsArray } from 'graphql';
import { decideAsked } from '../../src/auth/asked.js';
import { refusalAt } from '../../src/auth/refusals.js';
import { badInput } from '../../src/errors.js';
import type { Resolvers } from '../../src/generated/graphql.js';
import type { ResidentModel } from '../../src/departments/model.js';
import { findResident, isOverdue, nameOf, serviceStatusOf } from '../../src/departments/residents.js';
import { selectsField } from '../../src/selection.js';

const PROFILE_TYPES = { CIVIL_AFFAIRS: 'CivilAffairsProfile', HOUSING: 'HousingProfile', HEALTH: 'HealthProfile' } as const;

export const residentResolvers: Resolvers = {
  Query: {
    resident: (_, { idNumber }, ctx, info) => findResident(ctx, idNumber, selectsField(info, 'serviceStatus')),
    residents: (_, { idNumbers }, ctx, info) => {
      if (idNumbers.length > ctx.maxResidents) {
        throw badInput(`At most ${ctx.maxResidents} ID numbers per query, got ${idNumbers.length}`, { max: ctx.maxResidents });
      }
      // One promise per item: a refused resident fails only its own place in the list. (The generated
      // list type has no room for a promise of a nullable item, hence the cast.)
      const withCases = selectsField(info, 'serviceStatus');
      return idNumbers.map(async (id, i) => {
        const decision = await decideAsked(ctx, id);
        if (decision !== true) throw refusalAt(decision, [...responsePathAsArray(info.path), i]);
        return findResident(ctx, id, withCases);
      }) as Promise<ResidentModel>[];
    },
  },
  Resident: {
    name: (resident, _, ctx) => nameOf(ctx, resident.idNumber),
    serviceStatus: (resident, _, ctx) => serviceStatusOf(ctx, resident.idNumber),
  },
  ServiceStatus: {
    overdue: (matter, _, ctx) => isOverdue(matter, ctx.now),
  },
  DepartmentProfile: {
    __resolveType: (profile) => PROFILE_TYPES[profile.source],
  },
};
