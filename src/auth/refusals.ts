import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, responsePathAsArray, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';

// A refused resident is one refusal, not one per field asked. The rule places the refusal at the
// resident's path (graphql-js keeps a path an error already has), and the plugin keeps one of each.

/** The refusal of the resident whose field `info` is resolving, located at that resident. */
export function refusalOfResident(refusal: GraphQLError, info: GraphQLResolveInfo): GraphQLError {
  return refusalAt(refusal, info.path.prev && responsePathAsArray(info.path.prev));
}

/** The refusal located at `path` (e.g. one item of a list), in the same shape as a field's refusal. */
export function refusalAt(refusal: GraphQLError, path: ReadonlyArray<string | number> | undefined): GraphQLError {
  return new GraphQLError(refusal.message, { path, extensions: refusal.extensions });
}

/** Drops errors repeating an earlier one (same path, code and message): they say nothing new. */
export const oneErrorPerRefusal: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = distinctErrors(response.body.singleResult.errors);
      },
    };
  },
};

/** The errors without those repeating an earlier one; also for results sent over the WebSocket. */
export function distinctErrors<E extends GraphQLFormattedError>(errors: readonly E[]): E[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = JSON.stringify([error.path, error.extensions?.code, error.message]);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
