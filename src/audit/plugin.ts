import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { ErrorCode } from '../errors.js';
import { AUDIT_UNAVAILABLE_MESSAGE, auditEntry, reservedEntry } from './entry.js';
import { fieldsRead } from './recorder.js';
import type { AuditWriter } from './writer.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * No personal data leaves without its audit record. As a query first asks a department about a
 * resident, that access is reserved in the audit trail (durably, while the departments answer).
 * When the response is ready, a request whose every resident served is reserved sends it at once and
 * its record follows (AuditWriter.complete); any other waits for its record to be durable. When
 * neither can be written, the data is withheld and the answer is AUDIT_UNAVAILABLE.
 */
export function auditPlugin(writer: AuditWriter, metrics: Metrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ contextValue: ctx, document, schema, operationName }) {
          const read = fieldsRead(schema, document, operationName);
          ctx.audit.reserver = async (residents) => {
            const id = randomUUID();
            await writer.reserve({ id, entry: reservedEntry(ctx, read, operationName ?? null, residents) });
            return id;
          };
        },
        async willSendResponse({ contextValue: ctx, response, document, schema, operationName }) {
          if (response.body.kind !== 'single') return;
          if (!ctx.audit.needed) return writer.release((await ctx.audit.reserved()).ids);
          const result = response.body.singleResult;
          // The outcome counts the department failures the notices add once every call has settled.
          await ctx.notices.complete(result);
          const read = document ? fieldsRead(schema, document, operationName) : { fields: [], departments: [] };
          const entry = auditEntry(ctx, read, operationName ?? null, { hasData: result.data != null, errors: result.errors?.length ?? 0 });
          const started = performance.now();
          const reserved = await ctx.audit.reserved();
          try {
            if (ctx.audit.mayFollow(reserved)) writer.complete(entry, reserved.ids);
            else await writer.append(entry, reserved.ids);
          } catch (error) {
            // Nothing was served: the reservations must not turn into 'interrupted' reads.
            writer.release(reserved.ids);
            ctx.logger.error({ err: error }, 'audit record could not be written; response withheld');
            response.body.singleResult = { errors: [{ message: AUDIT_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } }] };
            response.http.status = 503;
            return;
          }
          metrics.requestPhaseSeconds.observe({ phase: 'audit' }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
