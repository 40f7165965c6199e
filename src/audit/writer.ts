import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { AuditEntry, StoredAuditEntry } from './record.js';
import { appendAfter, appendLocked, reserve, sweepReservations, type ChainHead, type ChainWrite, type PendingChanges, type Reservation } from './store.js';

interface Queued {
  /** Order of queueing, across the queues: a flush waits for everything queued before it. */
  seq: number;
}

interface Waiting<T, R> extends Queued {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** A record whose access is reserved (the response has left, the record follows), or, with no entry, reservations to let go. */
interface Completion extends Queued {
  entry?: AuditEntry;
  reservations: readonly string[];
}

type Append = Waiting<{ entry: AuditEntry; reservations: readonly string[] }, StoredAuditEntry>;

interface Batch {
  completions: Completion[];
  appends: Append[];
  reservations: Waiting<Reservation, void>[];
  retried: boolean;
}

export interface AuditWriterOptions {
  maxBatch?: number;
  /** How long before failed records are tried again, doubling up to max. */
  retryMs?: { first: number; max: number };
  /** Told of records that cannot be written yet, of sweeps, and of records a sweep had already made. */
  logger?: Pick<Logger, 'warn' | 'error'>;
}

// A completed record waits this long for a write to share (at a counter whose requests come one after
// another, the next request's reservation) before it is written on its own.
const COMPLETION_DELAY_MS = 20;
// Records that failed are tried again after this, doubling up to the maximum, for as long as the
// process lives; their reservations keep them in the database meanwhile.
const RETRY_MS = { first: 500, max: 30_000 };

/**
 * Group commit for the audit trail. What is queued in the same turn of the event loop, or while a
 * write is in flight, goes in one write: `append` answers once its record is durable, `reserve` once
 * its reservation is; `complete` (a record whose access is reserved) answers nothing, goes with the
 * next write or after COMPLETION_DELAY_MS, and is tried again until it is written.
 * A write is one statement after the chain head this writer last left; only when another
 * replica has moved the head since does it take the head's lock and write after it.
 */
export class AuditWriter {
  private appends: Append[] = [];
  private reservations: Waiting<Reservation, void>[] = [];
  private completions: Completion[] = [];
  /** Completions whose write failed: retried apart, in halving batches, so one that cannot be written isolates itself. */
  private failed: Completion[] = [];
  private retrySize: number;
  private retryMs: number;
  private completionsDue = false;
  private retryDue = false;
  private queued = 0;
  /** The lowest queue number in the write in flight. */
  private inFlight = Infinity;
  private flushes: { upTo: number; resolve(): void }[] = [];
  private writing: Promise<void> | undefined;
  private completionTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  private closed = false;
  /** Where this writer left the chain: a guess at the head, which the database checks on every write. */
  private head: ChainHead | undefined;
  private readonly maxBatch: number;
  private readonly logger: AuditWriterOptions['logger'];
  private readonly retryDelays: { first: number; max: number };

  constructor(
    private readonly db: Database,
    { maxBatch = 200, logger, retryMs = RETRY_MS }: AuditWriterOptions = {},
  ) {
    this.maxBatch = this.retrySize = maxBatch;
    this.logger = logger;
    this.retryDelays = retryMs;
    this.retryMs = retryMs.first;
  }

  /** Answers once the record is durable; `reservations` it supersedes are deleted in the same write. */
  append(entry: AuditEntry, reservations: readonly string[] = []): Promise<StoredAuditEntry> {
    return this.enqueue(this.appends, { entry, reservations });
  }

  reserve(reservation: Reservation): Promise<void> {
    return this.enqueue(this.reservations, reservation);
  }

  /** The record of an answer that has left under these reservations: written soon, holding no one up. */
  complete(entry: AuditEntry, reservations: readonly string[]): void {
    this.queueCompletion({ seq: ++this.queued, entry, reservations });
  }

  /** Reservations of a request that has nothing to record after all (or whose answer was withheld): deleted with a later write. */
  release(reservations: readonly string[]): void {
    if (reservations.length > 0) this.queueCompletion({ seq: ++this.queued, reservations });
  }

  /** Resolves once everything queued before it has been written or has failed (failed records wait for their retry). */
  flush(): Promise<void> {
    const done = new Promise<void>((resolve) => this.flushes.push({ upTo: this.queued, resolve }));
    this.completionsDue = true;
    this.settleFlushes();
    this.start();
    return done;
  }

  /** Reservations older than `olderThanSeconds`, left by a gateway that stopped: appended as 'interrupted'. */
  async sweep(olderThanSeconds: number): Promise<StoredAuditEntry[]> {
    const stored = await sweepReservations(this.db, olderThanSeconds);
    // The sweep moved the head under its lock; the next write finds it there.
    if (stored.length > 0) this.head = undefined;
    // Every request adds and deletes a reservation. PostgreSQL's autovacuum reuses their space;
    // PGlite has none, and the table would grow by every reservation ever made.
    if (this.db.kind === 'pglite') await this.db.exec('VACUUM audit_pending');
    return stored;
  }

  /** Sweeps every `everyMs`, one sweep at a time, until close(). */
  sweepEvery(everyMs: number, olderThanSeconds: number): void {
    this.sweepTimer = setInterval(() => {
      this.sweeping ??= this.sweep(olderThanSeconds)
        .then(
          (stored) => stored.length > 0 && this.logger?.warn({ records: stored.length }, "audit reservations left by a stopped gateway appended as 'interrupted'"),
          (error: unknown) => this.logger?.error({ err: error }, 'audit reservations could not be swept; trying again at the next sweep'),
        )
        .finally(() => (this.sweeping = undefined));
    }, everyMs).unref();
  }

  /** Stops sweeping, writes what is queued and the failed records once more, and stops the timers; what still fails stays reserved. */
  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
    this.closed = true;
    this.retryDue = true;
    await this.flush();
    // flush() does not wait for the failed records' retry; the database closes after this.
    while (this.writing) await this.writing;
    clearTimeout(this.completionTimer);
    clearTimeout(this.retryTimer);
    this.completionTimer = this.retryTimer = undefined;
  }

  private queueCompletion(completion: Completion): void {
    this.completions.push(completion);
    this.completionTimer ??= setTimeout(() => {
      this.completionTimer = undefined;
      this.completionsDue = true;
      this.start();
    }, COMPLETION_DELAY_MS).unref();
  }

  private start(): void {
    // The write starts once this turn of the event loop is over, so what requests queued in it goes
    // together. On PGlite a write runs inside this process and nothing else finishes during it:
    // started at once, every write held one record (0.9 ms of CPU each; 0.6 per record batched, in
    // the benchmark's single-cold).
    this.writing ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .catch((error: unknown) => this.logger?.error({ err: error }, 'audit writer failed'));
  }

  private enqueue<T, R>(queue: Waiting<T, R>[], item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      queue.push({ seq: ++this.queued, item, resolve, reject });
      this.start();
    });
  }

  private async drain(): Promise<void> {
    try {
      for (let batch = this.next(); batch; batch = this.next()) {
        this.inFlight = Math.min(...[...batch.completions, ...batch.appends, ...batch.reservations].map((q) => q.seq));
        try {
          await this.writeBatch(batch);
        } finally {
          this.inFlight = Infinity;
        }
        this.settleFlushes();
      }
    } finally {
      this.completionsDue = false;
      this.writing = undefined;
      this.settleFlushes();
    }
  }

  private next(): Batch | undefined {
    if (this.retryDue && this.failed.length > 0) {
      this.retryDue = false;
      return { completions: this.failed.splice(0, this.retrySize), appends: [], reservations: [], retried: true };
    }
    if (this.appends.length === 0 && this.reservations.length === 0 && !(this.completionsDue && this.completions.length > 0)) return undefined;
    // Completions ride along with any write; alone, only once they are due.
    const completions = this.completions.splice(0, this.maxBatch);
    return { completions, appends: this.appends.splice(0, this.maxBatch - completions.length), reservations: this.reservations.splice(0, this.maxBatch), retried: false };
  }

  private settleFlushes(): void {
    const lowest = Math.min(this.inFlight, this.appends[0]?.seq ?? Infinity, this.reservations[0]?.seq ?? Infinity, this.completions[0]?.seq ?? Infinity);
    this.flushes = this.flushes.filter((f) => (f.upTo < lowest ? (f.resolve(), false) : true));
  }

  private async writeBatch({ completions, appends, reservations, retried }: Batch): Promise<void> {
    const records = completions.filter((c) => c.entry);
    const writes: ChainWrite[] = [
      ...records.map((c) => ({ entry: c.entry!, reservations: c.reservations, onlyIfReserved: true })),
      ...appends.map((a) => ({ ...a.item, onlyIfReserved: false })),
    ];
    const pending: PendingChanges = { reserve: reservations.map((r) => r.item), release: completions.filter((c) => !c.entry).flatMap((c) => c.reservations) };
    try {
      const stored = await this.write(writes, pending);
      appends.forEach((a, i) => a.resolve(stored[records.length + i]!));
      reservations.forEach((r) => r.resolve());
      const recordedBefore = records.filter((_, i) => !stored[i]).map((c) => ({ requestId: c.entry!.requestId, outcome: c.entry!.outcome }));
      if (recordedBefore.length > 0) this.logger?.warn({ records: recordedBefore }, 'audit records not appended: their requests were recorded already (swept as interrupted, or an earlier try was committed)');
      if (retried) {
        this.retryMs = this.retryDelays.first;
        this.retryDue = this.failed.length > 0;
        // Back to whole batches once nothing is left to isolate.
        if (!this.retryDue) this.retrySize = this.maxBatch;
      }
    } catch (error) {
      this.head = undefined;
      appends.forEach((a) => a.reject(error));
      reservations.forEach((r) => r.reject(error));
      if (completions.length > 0) this.retryLater(completions, retried, error);
    }
  }

  private async write(writes: ChainWrite[], pending: PendingChanges): Promise<(StoredAuditEntry | undefined)[]> {
    if (writes.length === 0 && pending.release.length === 0) {
      await reserve(this.db, pending.reserve);
      return [];
    }
    const fast = this.head && (await appendAfter(this.db, this.head, writes, pending));
    const stored = fast || (await appendLocked(this.db, writes, pending));
    const last = stored.filter((s) => s !== undefined).at(-1);
    // Nothing appended under the lock: where the head is now is not known here.
    this.head = last ? { seq: last.seq, hash: last.hash } : fast ? this.head : undefined;
    return stored;
  }

  private retryLater(completions: Completion[], retried: boolean, error: unknown): void {
    // Behind the others, and a retried batch that failed again is halved, until one that cannot be written is alone.
    this.failed.push(...completions);
    if (retried) this.retrySize = Math.max(1, Math.floor(completions.length / 2));
    this.logger?.error({ err: error, records: completions.length }, 'audit records of answered requests could not be written yet; their reservations hold them, retrying');
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryDue = true;
      this.start();
    }, this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, this.retryDelays.max);
  }
}
