import DataLoader from 'dataloader';
import type { GatewayContext } from '../context.js';
import { maySee } from './access.js';
import type { CaseModel } from './model.js';
import { findCase, latestCaseIdsOf, loadCases } from './store.js';

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

/** How many of a resident's cases, newest first, a resident's field shows. */
const RESIDENT_CASES = 50;

// One loader per request, dropped with it: a request's context is never shared, so keying on it
// gives every request fresh loaders without the context having to know about cases.
const residentLoaders = new WeakMap<GatewayContext, DataLoader<string, CaseModel[]>>();

const loaderOf = (ctx: GatewayContext) => {
  let loader = residentLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (idNumbers: readonly string[]) => {
      const ids = await latestCaseIdsOf(ctx.cases.db, idNumbers, RESIDENT_CASES);
      const cases = await loadCases(ctx.cases.db, [...ids.values()].flat());
      return idNumbers.map((n) => cases.filter((c) => c.idNumber === n));
    });
    residentLoaders.set(ctx, loader);
  }
  return loader;
};

// Residents whose cases a request will read, gathered until their lookup starts.
const toPrefetch = new WeakMap<GatewayContext, string[]>();

/**
 * Starts a resident's cases lookup alongside the department calls, for a query that will ask for
 * them (serviceStatus), so that field does not wait one more database round trip after the first
 * department answers. It starts two turns of the event loop later, once the department calls are
 * on the wire: undici writes a request on a kept-alive connection one turn after it is made
 * (setImmediate), and a query run first (PGlite runs it in this process, ~1 ms) held every
 * department call back. Every resident gathered by then is read in one batch. Nothing is handed
 * out or audited here; a failure is met again, and reported, by casesOfResident (DataLoader forgets
 * a key whose load failed).
 */
export function prefetchCasesOf(ctx: GatewayContext, idNumber: string): void {
  const gathered = toPrefetch.get(ctx);
  if (gathered) return void gathered.push(idNumber);
  const ids = [idNumber];
  toPrefetch.set(ctx, ids);
  setImmediate(() =>
    setImmediate(() => {
      toPrefetch.delete(ctx);
      for (const id of ids) loaderOf(ctx).load(id).catch(() => undefined);
    }),
  );
}

/**
 * A resident's latest cases for a field of that resident which the rules already granted the viewer
 * (serviceStatus): every resident asked in one request shares one batch of queries.
 */
export async function casesOfResident(ctx: GatewayContext, idNumber: string): Promise<CaseModel[]> {
  return (await loaderOf(ctx).load(idNumber)).map((c) => shown(ctx, c));
}
