import { getOperationAST, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { AuditRecorder, fieldsRead } from '../audit/recorder.js';
import type { AuditEntry } from '../audit/record.js';
import { appendAudit } from '../audit/store.js';
import { actorOf, roleOf } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import type { Database } from '../db/database.js';
import { ErrorCode } from '../errors.js';

/**
 * Subscription events bypass Apollo's request plugins, so the audit plugin never sees them. Each
 * event that carries personal data gets its own record here, written before the event is sent; when
 * it cannot be written the event goes out without its data, as a query's answer would (fail closed).
 * One subscription keeps one context for all its events, so the recorder starts afresh after each.
 */
export function auditEvents(db: Database) {
  return async (args: ExecutionArgs, result: ExecutionResult): Promise<FormattedExecutionResult | void> => {
    const ctx = args.contextValue as GatewayContext;
    const { audit } = ctx;
    if (!audit.needed) return;
    ctx.audit = new AuditRecorder();
    const entry: AuditEntry = {
      at: new Date(),
      actor: actorOf(ctx.viewer),
      actorKind: ctx.viewer.kind,
      role: roleOf(ctx.viewer),
      residents: [...audit.residents].sort(),
      refused: [...audit.refused].sort(),
      ...fieldsRead(args.schema, args.document, args.operationName),
      purpose: ctx.purpose.purpose,
      caseReference: ctx.purpose.caseReference,
      requestId: ctx.requestId,
      operation: getOperationAST(args.document, args.operationName)?.name?.value ?? null,
      outcome: audit.residents.size === 0 && audit.refused.size > 0 ? 'refused' : result.data == null ? 'error' : result.errors?.length ? 'partial' : 'ok',
    };
    try {
      await appendAudit(db, entry);
    } catch (error) {
      ctx.logger.error({ err: error }, 'audit record of a subscription event could not be written; event withheld');
      return { errors: [{ message: 'The audit trail cannot be written, so no personal data is sent; the subscription stays open', extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } }] };
    }
  };
}
