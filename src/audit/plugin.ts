import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { Database } from '../db/database.js';
import { ErrorCode } from '../errors.js';
import { actorOf, roleOf } from '../auth/viewer.js';
import type { AuditEntry } from './record.js';
import { fieldsRead } from './recorder.js';
import { AuditWriter } from './writer.js';

/**
 * No personal data leaves without its audit record: the record is written (awaited) before the
 * response goes out, and when it cannot be, the data is withheld and the answer is AUDIT_UNAVAILABLE.
 */
export function auditPlugin(db: Database): ApolloServerPlugin<GatewayContext> {
  const writer = new AuditWriter(db);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, response, document, schema, operationName }) {
          if (!ctx.audit.needed || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const read = document ? fieldsRead(schema, document, operationName) : { fields: [], departments: [] };
          const errors = result.errors?.length ?? 0;
          const entry: AuditEntry = {
            at: new Date(),
            actor: actorOf(ctx.viewer),
            actorKind: ctx.viewer.kind,
            role: roleOf(ctx.viewer),
            residents: [...ctx.audit.residents].sort(),
            refused: [...ctx.audit.refused].sort(),
            ...read,
            purpose: ctx.purpose.purpose,
            caseReference: ctx.purpose.caseReference,
            requestId: ctx.requestId,
            operation: operationName ?? null,
            outcome: ctx.audit.residents.size === 0 && ctx.audit.refused.size > 0 ? 'refused' : result.data == null ? 'error' : errors > 0 ? 'partial' : 'ok',
          };
          try {
            await writer.append(entry);
          } catch (error) {
            ctx.logger.error({ err: error }, 'audit record could not be written; response withheld');
            response.body.singleResult = {
              errors: [{ message: 'The audit trail cannot be written, so no personal data is returned; try again shortly', extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } }],
            };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
