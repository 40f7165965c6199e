import type { GatewayContext } from '../context.js';
import type { Decision } from './access.js';

/**
 * May the viewer see a resident they asked for by ID? Decided before any department is asked, so a
 * refusal reads the same whether or not the person is known, and no department hears of them.
 */
export function decideAsked(ctx: GatewayContext, idNumber: string): Promise<Decision> {
  return ctx.access.subject(idNumber);
}
