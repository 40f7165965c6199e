import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { GatewayContext } from '../context.js';
import { asError } from '../errors.js';

type Audit = (args: ExecutionArgs, result: ExecutionResult) => Promise<ExecutionResult | void>;

/**
 * graphql's subscribe, but each event runs with a context built afresh, as a query would: the
 * viewer is authenticated again (an expired token or a revoked key stops the events), and `now`,
 * consent, loaders and the rules' cache are the event's own; only the rate limit is not counted
 * again (src/context.ts). A context that cannot be built ends the subscription with its error.
 * `contextFor` maps the subscribe-time context to its builder.
 */
export function subscribeWithFreshContexts(contextFor: WeakMap<object, () => Promise<GatewayContext>>, audit: Audit) {
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    const rebuild = contextFor.get(args.contextValue as object)!;
    return mapEvents(stream, async (event) => {
      let contextValue: GatewayContext;
      try {
        contextValue = await rebuild();
      } catch (error) {
        return { result: { errors: [asGraphQLError(error)] }, last: true };
      }
      const eventArgs = { ...args, rootValue: event, contextValue };
      const result = await execute(eventArgs);
      return { result: (await audit(eventArgs, result)) ?? result, last: false };
    });
  };
}

/** A thrown value as a GraphQLError, keeping a non-GraphQL one as its original (formatError masks it). */
export function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const original = asError(error);
  return new GraphQLError(original.message, { originalError: original });
}

/**
 * The events mapped one by one. Hand-written rather than an async generator, so that an unsubscribe
 * returns the source at once even while it waits for its next event (its listener goes with it).
 */
function mapEvents<T>(source: AsyncIterable<T>, map: (event: T) => Promise<{ result: ExecutionResult; last: boolean }>): AsyncIterableIterator<ExecutionResult> {
  const events = source[Symbol.asyncIterator]();
  let done = false;
  const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
    if (!done) {
      done = true;
      await events.return?.();
    }
    return { value: undefined, done: true };
  };
  return {
    async next() {
      if (done) return { value: undefined, done: true };
      const event = await events.next();
      if (event.done) return finish();
      const { result, last } = await map(event.value);
      if (last) await finish();
      return { value: result, done: false };
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
