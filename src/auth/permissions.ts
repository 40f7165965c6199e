import type { GraphQLSchema } from 'graphql';
import { allow, deny, shield } from 'graphql-shield';
import { middleware, type IMiddlewareGenerator, type IMiddlewareTypeMap } from 'graphql-middleware';
import type { GatewayContext } from '../context.js';
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

/** Merges field maps type by type; two modules ruling the same field, or naming two rules alike, is a start-up error. */
export function mergeRules(maps: RuleMap[]): RuleMap {
  assertUniqueRuleNames(maps);
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

/**
 * Rule results are cached per request under the rule's name, so two rules sharing a name would
 * answer for each other (one module's "allowed" standing in for another's check). Checked over every
 * map, including types a schema lacks; the same rule used on many fields is fine.
 */
export function assertUniqueRuleNames(maps: RuleMap[]): void {
  const seen = new Map<string, { rule: ShieldRule; at: string }>();
  const visit = (rule: ShieldRule, at: string) => {
    if ('getRules' in rule) return rule.getRules().forEach((inner) => visit(inner, at));
    const known = seen.get(rule.name);
    if (!known) seen.set(rule.name, { rule, at });
    else if (known.rule !== rule) {
      throw new Error(`Two rules are named "${rule.name}" (on ${known.at} and ${at}): rule results are cached by name, so give each its own`);
    }
  };
  for (const map of maps) {
    for (const [type, rules] of Object.entries(map)) {
      if (isFieldMap(rules)) for (const [field, rule] of Object.entries(rules)) visit(rule, `${type}.${field}`);
      else visit(rules, type);
    }
  }
}

/** Only the rules of types present in the schema (a module's types may be absent from a test schema). */
export function permissions(schema: GraphQLSchema, maps: RuleMap[] = MODULE_RULES): IMiddlewareGenerator<unknown, GatewayContext, unknown> {
  const rules = Object.fromEntries(Object.entries(mergeRules(maps)).filter(([type]) => schema.getType(type)));
  const generator = shield(rules, {
    fallbackRule: deny,
    // Resolver errors (a department down, bad input) pass through untouched; rules return their own errors.
    allowExternalErrors: true,
    fallbackError: (_thrown, _parent, _args, _ctx, info) =>
      gatewayError(ErrorCode.FORBIDDEN, `No rule grants ${info.parentType.name}.${info.fieldName}: denied by default`, {
        permission: `${info.parentType.name}.${info.fieldName}`,
      }),
  });
  // graphql-shield wraps every field of the schema, turning each into a promise. A field whose rule
  // is `allow` needs no check, so its wrapper is dropped: on a 50-resident list that is most fields.
  // Every other field, and every field no rule names (deny by default), keeps its wrapper.
  return middleware((s) => withoutAllowed(generator.generate(s) as IMiddlewareTypeMap, rules));
}

function withoutAllowed(map: IMiddlewareTypeMap, rules: RuleMap): IMiddlewareTypeMap {
  return Object.fromEntries(
    Object.entries(map).map(([type, fields]) => [
      type,
      Object.fromEntries(Object.entries(fields as Record<string, unknown>).filter(([field]) => ruleFor(rules[type], field) !== allow)),
    ]),
  ) as IMiddlewareTypeMap;
}

function ruleFor(typeRules: RuleMap[string] | undefined, field: string): ShieldRule {
  if (typeRules === undefined) return deny;
  if (!isFieldMap(typeRules)) return typeRules;
  return typeRules[field] ?? typeRules['*'] ?? deny;
}
