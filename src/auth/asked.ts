import type { GatewayContext } from '../context.js';
import type { Decision } from './access.js';

/**
 * May the viewer see a resident they asked for by ID? Decided before any department is asked, so a
 * refusal reads the same whether or not the person is known, and no department hears of them.
 */
export async function decideAsked(ctx: GatewayContext, idNumber: string): Promise<Decision> {
  const decision = await ctx.access.subject(idNumber);
  // A refusal is audited too: asking for someone one may not see is what the trail is for.
  if (decision !== true) ctx.audit.refuse(idNumber);
  return decision;
}
