import { createHash } from 'node:crypto';

/** One audit record: who read whose data, which departments and fields, why, and what came of it. */
export interface AuditEntry {
  at: Date;
  actor: string;
  actorKind: 'staff' | 'resident' | 'app';
  role: string;
  residents: string[];
  refused: string[];
  departments: string[];
  fields: string[];
  purpose: string | null;
  caseReference: string | null;
  requestId: string;
  operation: string | null;
  /** 'interrupted': access was reserved and the gateway stopped before recording what it served. */
  outcome: 'ok' | 'partial' | 'refused' | 'error' | 'interrupted';
}

export interface StoredAuditEntry extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The chain: each hash covers the record's content and the previous record's hash, in a fixed field order. */
export function chainHash(seq: number, entry: AuditEntry, prevHash: string): string {
  const content = [
    seq,
    entry.at.toISOString(),
    entry.actor,
    entry.actorKind,
    entry.role,
    entry.residents,
    entry.refused,
    entry.departments,
    entry.fields,
    entry.purpose,
    entry.caseReference,
    entry.requestId,
    entry.operation,
    entry.outcome,
    prevHash,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
