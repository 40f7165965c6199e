import { getOperationAST, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { AUDIT_UNAVAILABLE_MESSAGE, auditEntry } from '../audit/entry.js';
import { AuditRecorder, fieldsRead } from '../audit/recorder.js';
import type { AuditWriter } from '../audit/writer.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode } from '../errors.js';

/**
 * Operations over the WebSocket bypass Apollo's request plugins, so the audit plugin never sees
 * them. Each result that carries personal data gets its own record here, written before it is sent;
 * when it cannot be written the result goes out without its data, as a query's answer would (fail
 * closed). One subscription keeps one context for all its events, so the recorder starts afresh after each.
 */
export function auditEvents(writer: AuditWriter) {
  return async (args: ExecutionArgs, result: ExecutionResult): Promise<FormattedExecutionResult | void> => {
    const ctx = args.contextValue as GatewayContext;
    if (!ctx.audit.needed) return;
    const operation = getOperationAST(args.document, args.operationName)?.name?.value ?? null;
    const entry = auditEntry(ctx, fieldsRead(args.schema, args.document, args.operationName), operation, {
      hasData: result.data != null,
      errors: result.errors?.length ?? 0,
    });
    ctx.audit = new AuditRecorder();
    try {
      await writer.append(entry);
    } catch (error) {
      ctx.logger.error({ err: error }, 'audit record of a WebSocket result could not be written; result withheld');
      return { errors: [{ message: AUDIT_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } }] };
    }
  };
}
