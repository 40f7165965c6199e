import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { Metrics } from './metrics.js';
import { operationLabels } from './operation-labels.js';
import { nameRequestSpan } from './tracing.js';

/** Adds what resolvers noted on the side: department failures no field reported, and stale-data warnings. */
export const noticesPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind === 'single') await contextValue.notices.complete(response.body.singleResult);
      },
    };
  },
};

/** Request count and latency by operation (names from `trustedDocuments`, else a bounded few), and one log line per request. */
export function metricsPlugin(metrics: Metrics, trustedDocuments: Iterable<string> = []): ApolloServerPlugin<GatewayContext> {
  const labelOf = operationLabels(trustedDocuments);
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, response }) {
          // After every department call of the request has settled (its failure counts, its time too).
          if (response.body.kind === 'single') await contextValue.notices.complete(response.body.singleResult);
          const seconds = (performance.now() - started) / 1000;
          const operation = operationName ?? 'anonymous';
          nameRequestSpan(operation);
          const failed = (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          const label = labelOf(operation);
          metrics.requests.inc({ operation: label, outcome: failed ? 'error' : 'ok' });
          metrics.requestSeconds.observe({ operation: label }, seconds);
          for (const [phase, s] of Object.entries(contextValue.timing.phases() ?? {})) metrics.requestPhaseSeconds.observe({ phase }, s);
          // Written once this turn of the event loop is done, while the audit write is in flight: the
          // write to stdout is synchronous and was a tenth of a millisecond or more before the audit began.
          setImmediate(() => contextValue.logger.info({ operation, ms: Math.round(seconds * 1000), failed }, 'graphql request'));
        },
      };
    },
  };
}
