import type { GatewayContext } from '../context.js';
import { badInput } from '../errors.js';
import { queryAudit, type AuditFilter } from './store.js';

// The audit log as a Relay connection, newest first; the cursor is the record's place in the chain.

const MAX_PAGE = 100;

const cursorOf = (seq: number) => Buffer.from(`audit:${seq}`).toString('base64url');

function seqOf(cursor: string): number {
  // At most 15 digits: an exact JavaScript number, and within the bigint `seq` is compared with.
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badInput('after is not a cursor from this connection');
  return Number(match[1]);
}

export async function auditLog(ctx: GatewayContext, filter: AuditFilter, first: number, after?: string | null) {
  if (first < 1 || first > MAX_PAGE) throw badInput(`first must be from 1 to ${MAX_PAGE}`);
  ctx.audit.markPersonal();
  // Records of answers this replica has sent may still be queued behind them: the log shows them too.
  await ctx.auditWriter.flush();
  const rows = await queryAudit(ctx.db, filter, first + 1, after ? seqOf(after) : undefined);
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node.seq), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursorOf(page.at(-1)!.seq) : null },
  };
}
