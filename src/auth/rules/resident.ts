import { allow } from 'graphql-shield';
import { decideAsked } from '../asked.js';
import type { GatewayContext } from '../../context.js';
import { argumentRule, gatedResidentField, may, residentField, STAFF_READERS, viewerRule, type RuleMap } from './kit.js';

// The resident lookups and the fields every department shares.

const lookUp = { staff: STAFF_READERS, resident: true, scope: 'resident:basic' } as const;
const canLookUp = viewerRule('look-up-residents', (ctx) => may(ctx, lookUp));

/** One resident asked by ID: refused before any department is asked. */
const canSeeAsked = argumentRule('see-asked-resident', 'idNumber', async (_p, args, ctx) => {
  const viewer = may(ctx, lookUp);
  return viewer === true ? decideAsked(ctx, String(args.idNumber)) : viewer;
});

const basic = residentField('resident-basic', lookUp);
const matters = gatedResidentField('resident-matters', { staff: STAFF_READERS, resident: true, scope: 'matters:read' });

/** Will the serviceStatus rule grant this resident: work for that field starts early only then. */
export const mayReadMatters = (ctx: GatewayContext, idNumber: string): Promise<boolean> => matters.grants(ctx, idNumber);

export const residentRules: RuleMap = {
  // residents decides each asked resident in its resolver (decideAsked), so one refusal spares the rest.
  Query: { resident: canSeeAsked, residents: canLookUp },
  Resident: { idNumber: basic, name: basic, gender: basic, birthDate: basic, serviceStatus: matters.rule },
  // Below an already-checked resident field: no per-field rule to pay for.
  ServiceStatus: allow,
  PageInfo: allow,
};
