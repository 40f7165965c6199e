import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { ErrorCode } from '../errors.js';
import { AUDIT_UNAVAILABLE_MESSAGE, auditEntry } from './entry.js';
import { fieldsRead } from './recorder.js';
import type { AuditWriter } from './writer.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * No personal data leaves without its audit record: the record is written (awaited) before the
 * response goes out, and when it cannot be, the data is withheld and the answer is AUDIT_UNAVAILABLE.
 */
export function auditPlugin(writer: AuditWriter, metrics: Metrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, response, document, schema, operationName }) {
          if (!ctx.audit.needed || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // The outcome counts the department failures the notices add once every call has settled.
          await ctx.notices.complete(result);
          const read = document ? fieldsRead(schema, document, operationName) : { fields: [], departments: [] };
          const started = performance.now();
          try {
            await writer.append(auditEntry(ctx, read, operationName ?? null, { hasData: result.data != null, errors: result.errors?.length ?? 0 }));
            metrics.requestPhaseSeconds.observe({ phase: 'audit' }, (performance.now() - started) / 1000);
          } catch (error) {
            ctx.logger.error({ err: error }, 'audit record could not be written; response withheld');
            response.body.singleResult = { errors: [{ message: AUDIT_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } }] };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
