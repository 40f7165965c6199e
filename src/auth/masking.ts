import { getArgumentValues, getNamedType, isObjectType, Kind as NodeKind, type FieldNode, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { IMiddlewareFieldMap } from 'graphql-middleware';
import type { GatewayContext } from '../context.js';
import { UNMASKED_PURPOSES } from './purpose.js';

// Masking in one place: every field typed IdCardNumber, and every String field named like a phone
// number or an address, anywhere in the schema (a new field is masked without anyone remembering).
// A resident's own idNumber is echoed as given when the clerk typed it as the root field's argument:
// masking it would hide nothing. Full values go to: a resident for their own data; a clerk or supervisor stating a purpose in
// UNMASKED_PURPOSES; an auditor (who reads only the audit log). Everyone else, apps included, sees masks.

type Kind = 'idNumber' | 'phone' | 'address';

const MASKS: Record<Kind, (value: string) => string> = {
  // 110101********123X: the region stays (it says where), the birth date and sequence do not.
  idNumber: (v) => (v.length === 18 ? `${v.slice(0, 6)}********${v.slice(14)}` : '*'.repeat(v.length)),
  // 138****5678
  phone: (v) => (v.length >= 8 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****'),
  // 北京市朝阳区****: up to the district (区/县) or the first six characters.
  address: (v) => {
    const cut = v.search(/[区县]/);
    return `${v.slice(0, cut >= 0 && cut < 12 ? cut + 1 : Math.min(6, v.length))}****`;
  },
};

export const mask = (kind: Kind, value: string) => MASKS[kind](value);

function kindOf(typeName: string, fieldName: string): Kind | undefined {
  if (typeName === 'IdCardNumber') return 'idNumber';
  if (typeName !== 'String') return undefined;
  if (/phone/i.test(fieldName)) return 'phone';
  if (/address/i.test(fieldName)) return 'address';
  return undefined;
}

const given = new WeakMap<GatewayContext, Map<string, Set<string>>>();

/**
 * The ID numbers typed as `idNumber`/`idNumbers` arguments of the root field this resident came
 * from (parsed, variables resolved), per root field once per request. Only arguments count: text
 * elsewhere in the request (comments, unrelated variables) would let anyone confirm a guess.
 */
function askedIdNumbers(ctx: GatewayContext, info: GraphQLResolveInfo): Set<string> {
  let path = info.path;
  while (path.prev) path = path.prev;
  const key = String(path.key);
  const byRoot = given.get(ctx) ?? new Map<string, Set<string>>();
  given.set(ctx, byRoot);
  let ids = byRoot.get(key);
  if (!ids) byRoot.set(key, (ids = rootArguments(info, key)));
  return ids;
}

function rootArguments(info: GraphQLResolveInfo, responseKey: string): Set<string> {
  const root = info.schema.getRootType(info.operation.operation);
  const node = rootFields(info, info.operation.selectionSet).find((f) => (f.alias ?? f.name).value === responseKey);
  const field = node && root?.getFields()[node.name.value];
  if (!node || !field) return new Set();
  const args = getArgumentValues(field, node, info.variableValues);
  return new Set([args.idNumber, args.idNumbers].flat().filter((v): v is string => typeof v === 'string'));
}

function rootFields(info: GraphQLResolveInfo, set: SelectionSetNode): FieldNode[] {
  return set.selections.flatMap((s) => {
    if (s.kind === NodeKind.FIELD) return [s];
    const fragment = s.kind === NodeKind.INLINE_FRAGMENT ? s : info.fragments[s.name.value];
    return fragment ? rootFields(info, fragment.selectionSet) : [];
  });
}

function sees(ctx: GatewayContext, info: GraphQLResolveInfo, kind: Kind, value: string): boolean {
  const { viewer } = ctx;
  if (info.parentType.name === 'Resident' && info.fieldName === 'idNumber' && askedIdNumbers(ctx, info).has(value)) return true;
  switch (viewer.kind) {
    case 'resident':
      // A resident reads only themself; other people's ID numbers (e.g. the household head) stay masked.
      return kind !== 'idNumber' || value === viewer.idNumber;
    case 'staff':
      return viewer.role === 'auditor' || (ctx.purpose.purpose !== null && UNMASKED_PURPOSES.has(ctx.purpose.purpose));
    case 'app':
      return false;
  }
}

function maskValue(ctx: GatewayContext, info: GraphQLResolveInfo, kind: Kind, value: unknown): unknown {
  if (typeof value === 'string') return sees(ctx, info, kind, value) ? value : mask(kind, value);
  if (Array.isArray(value)) return value.map((v) => maskValue(ctx, info, kind, v));
  return value;
}

/** Field middleware for exactly the fields that hold ID numbers, phones or addresses; other fields are untouched. */
export function maskingMiddleware(schema: GraphQLSchema): IMiddlewareFieldMap {
  const map: IMiddlewareFieldMap = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const kind = kindOf(getNamedType(field.type).name, field.name);
      if (!kind) continue;
      const middleware = async (resolve: GraphQLFieldResolver<unknown, GatewayContext>, ...rest: Parameters<GraphQLFieldResolver<unknown, GatewayContext>>) =>
        maskValue(rest[2], rest[3], kind, await resolve(...rest));
      map[type.name] = { ...(map[type.name] as object), [field.name]: middleware };
    }
  }
  return map;
}
