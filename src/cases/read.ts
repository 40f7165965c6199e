import DataLoader from 'dataloader';
import type { GatewayContext } from '../context.js';
import { asError } from '../errors.js';
import { mayReadMatters } from '../auth/rules/resident.js';
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
    // A failure is answered per key, not thrown: DataLoader forgets the keys of a batch that throws,
    // and the field would then ask a failing store a second time after the prefetch did.
    loader = new DataLoader(async (idNumbers: readonly string[]) => {
      try {
        const ids = await latestCaseIdsOf(ctx.cases.db, idNumbers, RESIDENT_CASES);
        const cases = await loadCases(ctx.cases.db, [...ids.values()].flat());
        return idNumbers.map((n) => cases.filter((c) => c.idNumber === n));
      } catch (error) {
        const failed = asError(error);
        return idNumbers.map(() => failed);
      }
    });
    residentLoaders.set(ctx, loader);
  }
  return loader;
};

// Residents whose cases a request will read, gathered until their lookup starts.
const toPrefetch = new WeakMap<GatewayContext, string[]>();

/**
 * Starts a resident's cases lookup alongside the department calls, for a query that asks for them
 * (serviceStatus) and a viewer its rule will grant them to, so that field does not wait one more
 * database round trip after the first department answers. It starts once the departments are busy
 * with the request's calls (ctx.background): run first (PGlite runs it in this process) it held
 * them back. Every resident gathered by then is read in one batch.
 * Nothing is handed out or audited here; casesOfResident reports a failure.
 */
export function prefetchCasesOf(ctx: GatewayContext, idNumber: string): void {
  void mayReadMatters(ctx, idNumber)
    .then((granted) => granted && gather(ctx, idNumber))
    .catch(() => undefined);
}

function gather(ctx: GatewayContext, idNumber: string): void {
  const gathered = toPrefetch.get(ctx);
  if (gathered) return void gathered.push(idNumber);
  const ids = [idNumber];
  toPrefetch.set(ctx, ids);
  ctx.background.run(() => {
    toPrefetch.delete(ctx);
    for (const id of ids) loaderOf(ctx).load(id).catch(() => undefined);
  });
}

/**
 * A resident's latest cases for a field of that resident which the rules already granted the viewer
 * (serviceStatus): every resident asked in one request shares one batch (two statements).
 */
export async function casesOfResident(ctx: GatewayContext, idNumber: string): Promise<CaseModel[]> {
  return (await loaderOf(ctx).load(idNumber)).map((c) => shown(ctx, c));
}
