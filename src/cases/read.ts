import type { GatewayContext } from '../context.js';
import { maySee } from './access.js';
import type { CaseModel } from './model.js';
import { findCase, loadCases } from './store.js';

// The one way a request is handed cases. A case is its resident's personal data (ID number, name,
// what they applied for), so every case handed out records its resident in the request's audit
// record here, whichever operation or fields asked for it.

const shown = (ctx: GatewayContext, c: CaseModel): CaseModel => {
  ctx.audit.touch(c.idNumber);
  return c;
};

/** The cases among `ids` that the viewer may see, in the ids' order. */
export async function casesForViewer(ctx: GatewayContext, ids: string[]): Promise<CaseModel[]> {
  const loaded = await loadCases(ctx.cases.db, ids);
  const visible = await Promise.all(loaded.map((c) => maySee(ctx, c)));
  return loaded.filter((_, i) => visible[i]).map((c) => shown(ctx, c));
}

/** One case by acceptance number; null when there is none the viewer may see, so a number cannot be probed. */
export async function caseForViewer(ctx: GatewayContext, acceptanceNumber: string): Promise<CaseModel | null> {
  const found = await findCase(ctx.cases.db, acceptanceNumber);
  return found && (await maySee(ctx, found)) ? shown(ctx, found) : null;
}
