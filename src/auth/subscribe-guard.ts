import { GraphQLObjectType, GraphQLSchema, type GraphQLFieldConfig, type GraphQLFieldResolver } from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { permissions } from './permissions.js';

/**
 * The schema with each subscription's `subscribe` held to the field's rule. graphql-middleware wraps
 * only `resolve` where a field has one, so the shield checks each event but never the subscribing
 * itself, which may read data (the case asked for) and holds a stream open: deny by default has to
 * cover it too. The rules are the same graphql-shield middleware, evaluated at subscribe time.
 */
export function guardSubscriptions(schema: GraphQLSchema): GraphQLSchema {
  const subscription = schema.getSubscriptionType();
  if (!subscription) return schema;
  const rules = (permissions(schema).generate(schema) as IMiddlewareTypeMap)[subscription.name] as Record<string, IMiddlewareFunction> | undefined;
  const { fields, ...config } = subscription.toConfig();
  const guarded = new GraphQLObjectType({
    ...config,
    fields: Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, guard(field, rules?.[name])])),
  });
  const { types, ...schemaConfig } = schema.toConfig();
  return new GraphQLSchema({ ...schemaConfig, subscription: guarded, types: types.filter((t) => t !== subscription) });
}

type Middleware<C> = (resolve: GraphQLFieldResolver<unknown, C>, ...args: Parameters<GraphQLFieldResolver<unknown, C>>) => unknown;

function guard<C>(field: GraphQLFieldConfig<unknown, C>, rule: IMiddlewareFunction | undefined): GraphQLFieldConfig<unknown, C> {
  // No middleware: the field's rule is `allow` (src/auth/permissions.ts drops those wrappers).
  const { subscribe } = field;
  if (!rule || !subscribe) return field;
  const check = (typeof rule === 'function' ? rule : rule.resolve) as Middleware<C>;
  return { ...field, subscribe: (parent, args, ctx, info) => check(subscribe, parent, args, ctx, info) };
}
