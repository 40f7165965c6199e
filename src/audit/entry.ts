import { actorOf, roleOf } from '../auth/viewer.js';
import type { GatewayContext } from '../context.js';
import type { AuditEntry } from './record.js';

type Read = Pick<AuditEntry, 'fields' | 'departments'>;

/** Who asked, what for and which fields: the part of a record known before anything is decided. */
function request(ctx: GatewayContext, read: Read, operation: string | null) {
  return {
    at: new Date(),
    actor: actorOf(ctx.viewer),
    actorKind: ctx.viewer.kind,
    role: roleOf(ctx.viewer),
    ...read,
    purpose: ctx.purpose.purpose,
    caseReference: ctx.purpose.caseReference,
    requestId: ctx.requestId,
    operation,
  };
}

/** One request's (or one subscription event's) audit record, from what its context recorded. */
export function auditEntry(ctx: GatewayContext, read: Read, operation: string | null, result: { hasData: boolean; errors: number }): AuditEntry {
  const { audit } = ctx;
  return {
    ...request(ctx, read, operation),
    residents: [...audit.residents].sort(),
    refused: [...audit.refused].sort(),
    outcome: audit.residents.size === 0 && audit.refused.size > 0 ? 'refused' : !result.hasData ? 'error' : result.errors > 0 ? 'partial' : 'ok',
  };
}

/** The record a reservation becomes if the gateway stops before recording what it served: every resident asked, as read. */
export function reservedEntry(ctx: GatewayContext, read: Read, operation: string | null, residents: readonly string[]): AuditEntry {
  return { ...request(ctx, read, operation), residents: [...residents].sort(), refused: [], outcome: 'interrupted' };
}

export const AUDIT_UNAVAILABLE_MESSAGE = 'The audit trail cannot be written, so no personal data is returned; try again shortly';
