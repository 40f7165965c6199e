import { getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { AUDIT_UNAVAILABLE_MESSAGE, auditEntry } from '../audit/entry.js';
import { fieldsRead } from '../audit/recorder.js';
import type { AuditWriter } from '../audit/writer.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode, gatewayError } from '../errors.js';

/**
 * Operations over the WebSocket bypass Apollo's request plugins, so the audit plugin never sees
 * them. Each result that carries personal data gets its own record here, written before it is sent;
 * when it cannot be written the result goes out without its data, as a query's answer would (fail
 * closed). Each event runs with a context of its own (./events.ts), so each has its own recorder.
 */
export function auditEvents(writer: AuditWriter) {
  return async (args: ExecutionArgs, result: ExecutionResult): Promise<ExecutionResult | void> => {
    const ctx = args.contextValue as GatewayContext;
    if (!ctx.audit.needed) return;
    const operation = getOperationAST(args.document, args.operationName)?.name?.value ?? null;
    const entry = auditEntry(ctx, fieldsRead(args.schema, args.document, args.operationName), operation, {
      hasData: result.data != null,
      errors: result.errors?.length ?? 0,
    });
    try {
      await writer.append(entry);
    } catch (error) {
      ctx.logger.error({ err: error }, 'audit record of a WebSocket result could not be written; result withheld');
      return { errors: [gatewayError(ErrorCode.AUDIT_UNAVAILABLE, AUDIT_UNAVAILABLE_MESSAGE)] };
    }
  };
}
