import { actorOf, roleOf } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import type { AuditEntry } from './record.js';

/** One request's (or one subscription event's) audit record, from what its context recorded. */
export function auditEntry(
  ctx: GatewayContext,
  read: Pick<AuditEntry, 'fields' | 'departments'>,
  operation: string | null,
  result: { hasData: boolean; errors: number },
): AuditEntry {
  const { audit } = ctx;
  return {
    at: new Date(),
    actor: actorOf(ctx.viewer),
    actorKind: ctx.viewer.kind,
    role: roleOf(ctx.viewer),
    residents: [...audit.residents].sort(),
    refused: [...audit.refused].sort(),
    ...read,
    purpose: ctx.purpose.purpose,
    caseReference: ctx.purpose.caseReference,
    requestId: ctx.requestId,
    operation,
    outcome: audit.residents.size === 0 && audit.refused.size > 0 ? 'refused' : !result.hasData ? 'error' : result.errors > 0 ? 'partial' : 'ok',
  };
}

export const AUDIT_UNAVAILABLE_MESSAGE = 'The audit trail cannot be written, so no personal data is returned; try again shortly';
