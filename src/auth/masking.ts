import { getNamedType, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { IMiddlewareFieldMap } from 'graphql-middleware';
import type { GatewayContext } from '../context.js';
import { UNMASKED_PURPOSES } from './purpose.js';

// Masking in one place: every field typed IdCardNumber, and every String field named like a phone
// number or an address, anywhere in the schema (a new field is masked without anyone remembering).
// An ID number the request itself carries (the one the clerk typed) is echoed as given: masking it
// would hide nothing. Full values go to: a resident for their own data; a clerk or supervisor stating a purpose in
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

const ID_NUMBER = /\d{17}[\dXx]/g;
const given = new WeakMap<GatewayContext, Set<string>>();

/** ID numbers in the request's own text and variables, collected once per request. */
function givenIdNumbers(ctx: GatewayContext, info: GraphQLResolveInfo): Set<string> {
  let ids = given.get(ctx);
  if (!ids) {
    const text = `${info.operation.loc?.source.body ?? ''} ${JSON.stringify(info.variableValues)}`;
    ids = new Set([...text.matchAll(ID_NUMBER)].map((m) => m[0].toUpperCase()));
    given.set(ctx, ids);
  }
  return ids;
}

function sees(ctx: GatewayContext, info: GraphQLResolveInfo, kind: Kind, value: string): boolean {
  const { viewer } = ctx;
  if (kind === 'idNumber' && givenIdNumbers(ctx, info).has(value)) return true;
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
