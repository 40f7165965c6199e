import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  __Schema,
  __Type,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';

// Limits on what one operation may ask, checked once the operation is known and before anything
// resolves: depth, aliases, cost, and introspection (off in production except for staff).

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Residents looked up by one operation, over all its resident fields and aliases. */
  maxResidents: number;
  /** Whether everyone may introspect; staff always may. */
  introspection: boolean;
}

/** A department's profile costs its upstream call; the service status asks every department. */
export const DEPARTMENT_COST = 10;
// Looking a resident up asks every department whichever fields follow (findResident), so the
// lookup itself is priced at three calls: a list of residents asking only for names is not cheap.
const LOOKUP_COST = 3 * DEPARTMENT_COST;
const FIELD_COST: Record<string, number> = { 'Resident.serviceStatus': 3 * DEPARTMENT_COST, 'Query.resident': LOOKUP_COST, 'Query.residents': LOOKUP_COST };
const LOOKUPS = new Set(['Query.resident', 'Query.residents']);

// Not among the root type's own fields, but walked like them so that their depth counts.
const INTROSPECTION_ROOTS: Record<string, (schema: GraphQLSchema) => { type: GraphQLOutputType } | undefined> = {
  __schema: () => ({ type: __Schema }),
  __type: () => ({ type: __Type }),
};

const tooComplex = (message: string, extensions: Record<string, unknown>) =>
  gatewayError(ErrorCode.QUERY_TOO_COMPLEX, message, { ...extensions, http: { status: 400 } });

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Variables' default values: a list given as a default is priced per item like one sent. */
  defaults: Record<string, ValueNode>;
  aliases: number;
  depth: number;
  introspection: boolean;
  residents: number;
}

export interface Operation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  viewer: Viewer;
}

/** Throws QUERY_TOO_COMPLEX (or FORBIDDEN for introspection) when the operation asks too much. */
type Measure = Pick<Walk, 'aliases' | 'depth' | 'introspection' | 'residents'> & { cost: number };

// A desk sends the same few operations all day: the walk (~4% of a request's CPU) runs once per
// parsed operation and per shape of its variables (list lengths and numbers, all the cost reads).
const measured = new WeakMap<OperationDefinitionNode, Map<string, Measure>>();

function measure({ schema, document, operation, variables }: Omit<Operation, 'viewer'>): Measure {
  const byShape = measured.get(operation) ?? new Map<string, Measure>();
  measured.set(operation, byShape);
  const shape = Object.entries(variables)
    .map(([name, value]) => (Array.isArray(value) ? `${name}[${value.length}]` : typeof value === 'number' ? `${name}=${value}` : name))
    .join(',');
  const known = byShape.get(shape);
  if (known) return known;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const defaults = Object.fromEntries((operation.variableDefinitions ?? []).flatMap((d) => (d.defaultValue ? [[d.variable.name.value, d.defaultValue]] : [])));
  const walk: Walk = { schema, fragments, variables, defaults, aliases: 0, depth: 0, introspection: false, residents: 0 };
  const cost = root ? costOf(walk, operation.selectionSet, root, 1, new Set()) : 0;
  const result = { cost, aliases: walk.aliases, depth: walk.depth, introspection: walk.introspection, residents: walk.residents };
  if (byShape.size < 100) byShape.set(shape, result);
  return result;
}

export function checkOperationLimits(limits: OperationLimits, { viewer, ...operation }: Operation): void {
  const walk = measure(operation);
  const { cost } = walk;
  if (walk.introspection && !limits.introspection && viewer.kind !== 'staff') {
    throw gatewayError(ErrorCode.FORBIDDEN, 'Introspection is available to staff only here', { permission: 'introspection', http: { status: 403 } });
  }
  if (walk.depth > limits.maxDepth) throw tooComplex(`Query depth ${walk.depth} exceeds the limit of ${limits.maxDepth}`, { depth: walk.depth, max: limits.maxDepth });
  if (walk.aliases > limits.maxAliases) throw tooComplex(`${walk.aliases} aliases exceed the limit of ${limits.maxAliases}`, { aliases: walk.aliases, max: limits.maxAliases });
  // Over every resident field and alias: one list's own cap (the resolver's) is not the request's.
  if (walk.residents > limits.maxResidents) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `At most ${limits.maxResidents} ID numbers per operation, got ${walk.residents}`, { residents: walk.residents, max: limits.maxResidents, http: { status: 400 } });
  }
  if (cost > limits.maxCost) throw tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost} (each resident costs per department asked)`, { cost, max: limits.maxCost });
}

export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request, contextValue }) {
          if (operation) checkOperationLimits(limits, { schema, document, operation, variables: request.variables ?? {}, viewer: contextValue.viewer });
        },
      };
    },
  };
}

function costOf(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, depth: number, visiting: Set<string>): number {
  walk.depth = Math.max(walk.depth, depth);
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) total += fieldCost(walk, selection, parent, depth, visiting);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (walk.schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType) : parent;
      total += costOf(walk, selection.selectionSet, type ?? parent, depth, visiting);
    } else {
      const fragment = walk.fragments[selection.name.value];
      // A fragment spreading itself is refused by validation; the guard keeps this walk finite regardless.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      const type = walk.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType;
      total += costOf(walk, fragment.selectionSet, type ?? parent, depth, new Set([...visiting, fragment.name.value]));
    }
  }
  return total;
}

function fieldCost(walk: Walk, node: FieldNode, parent: GraphQLCompositeType, depth: number, visiting: Set<string>): number {
  const name = node.name.value;
  if (node.alias) walk.aliases += 1;
  if (name === '__typename') return 0;
  if (name === '__schema' || name === '__type') walk.introspection = true;
  const field = INTROSPECTION_ROOTS[name]?.(walk.schema) ?? (isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined);
  if (!field) return 1;
  const type = getNamedType(field.type);
  const own = FIELD_COST[`${parent.name}.${name}`] ?? (isObjectType(type) && type.getInterfaces().some((i) => i.name === 'DepartmentProfile') ? DEPARTMENT_COST : 1);
  const children = node.selectionSet ? costOf(walk, node.selectionSet, type as GraphQLCompositeType, depth + 1, visiting) : 0;
  const times = multiplier(walk, node);
  if (LOOKUPS.has(`${parent.name}.${name}`)) walk.residents += times;
  return times * (own + children);
}

/** A field asked with a list argument (ID numbers) or `first: n` is paid once per item. */
function multiplier(walk: Walk, node: FieldNode): number {
  let n = 1;
  for (const arg of node.arguments ?? []) {
    const value = valueOf(walk, arg.value);
    if (Array.isArray(value)) n = Math.max(n, value.length);
    else if (arg.name.value === 'first' && typeof value === 'number') n = Math.max(n, value);
  }
  return n;
}

function valueOf(walk: Walk, node: ValueNode): unknown {
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (name in walk.variables) return walk.variables[name];
    const fallback = walk.defaults[name];
    return fallback ? valueOf(walk, fallback) : undefined;
  }
  if (node.kind === Kind.LIST) return node.values;
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}
