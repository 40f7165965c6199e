import type { DepartmentKey } from '../src/config.js';
import type { Resolvers } from '../src/generated/graphql.js';
import { IdCardNumber } from '../src/scalars/id-card-number.js';
import { DateScalar, DateTimeScalar } from '../src/scalars/dates.js';
import { auditResolvers } from './audit/index.js';
import { casesResolvers } from './cases/index.js';
import { civilAffairsResolvers } from './civil-affairs/index.js';
import { consentResolvers } from './consent/index.js';
import { healthResolvers } from './health/index.js';
import { housingResolvers } from './housing/index.js';
import { gatewayResolvers } from './gateway/index.js';
import { residentResolvers } from './resident/index.js';

/** The one registry of departments' resolvers: a department missing here fails the type check. */
const departmentResolvers = {
  civilAffairs: civilAffairsResolvers,
  housing: housingResolvers,
  health: healthResolvers,
} satisfies Record<DepartmentKey, Resolvers>;

export const resolvers: Resolvers[] = [
  { IdCardNumber, Date: DateScalar, DateTime: DateTimeScalar },
  residentResolvers,
  gatewayResolvers,
  casesResolvers,
  consentResolvers,
  auditResolvers,
  ...Object.values(departmentResolvers),
];
