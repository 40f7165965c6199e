import type { Resolvers } from '../../src/generated/graphql.js';

export const gatewayResolvers: Resolvers = {
  Query: {
    departments: (_, __, ctx) => ctx.departmentStatus(),
  },
};
