import type { GraphQLSchema } from 'graphql';
import { deny, shield } from 'graphql-shield';
import { ErrorCode, gatewayError } from '../errors.js';
import { auditRules } from './rules/audit.js';
import { casesRules } from '../cases/permissions.js';
import { civilAffairsRules } from './rules/civil-affairs.js';
import { consentRules } from './rules/consent.js';
import { gatewayRules } from './rules/gateway.js';
import { healthRules } from './rules/health.js';
import { housingRules } from './rules/housing.js';
import type { RuleMap, ShieldRule } from './rules/kit.js';
import { residentRules } from './rules/resident.js';

/**
 * Every module's rules, merged. A module adds its rule map here (one import, one entry);
 * a type or field in no map is denied (fallbackRule: deny).
 */
export const MODULE_RULES: RuleMap[] = [residentRules, civilAffairsRules, housingRules, healthRules, gatewayRules, consentRules, auditRules, casesRules];

/** Merges field maps type by type; two modules ruling the same field is a start-up error. */
export function mergeRules(maps: RuleMap[]): RuleMap {
  const merged: RuleMap = {};
  for (const map of maps) {
    for (const [type, rules] of Object.entries(map)) {
      const known = merged[type];
      if (known === undefined) merged[type] = rules;
      else if (isFieldMap(known) && isFieldMap(rules)) {
        const clash = Object.keys(rules).find((f) => f in known);
        if (clash) throw new Error(`Two rule maps both rule ${type}.${clash}`);
        merged[type] = { ...known, ...rules };
      } else throw new Error(`Two rule maps both rule type ${type}`);
    }
  }
  return merged;
}

const isFieldMap = (r: RuleMap[string]): r is Record<string, ShieldRule> => r.constructor === Object;

/** Only the rules of types present in the schema (a module's types may be absent from a test schema). */
export function permissions(schema: GraphQLSchema, maps: RuleMap[] = MODULE_RULES) {
  const rules = Object.fromEntries(Object.entries(mergeRules(maps)).filter(([type]) => schema.getType(type)));
  return shield(rules, {
    fallbackRule: deny,
    // Resolver errors (a department down, bad input) pass through untouched; rules return their own errors.
    allowExternalErrors: true,
    fallbackError: (_thrown, _parent, _args, _ctx, info) =>
      gatewayError(ErrorCode.FORBIDDEN, `No rule grants ${info.parentType.name}.${info.fieldName}: denied by default`, {
        permission: `${info.parentType.name}.${info.fieldName}`,
      }),
  });
}
