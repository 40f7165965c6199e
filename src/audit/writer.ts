import type { Database } from '../db/database.js';
import type { AuditEntry, StoredAuditEntry } from './record.js';
import { appendAfter, appendAuditBatch, reserve, sweepReservations, type ChainHead, type PendingChanges, type Reservation } from './store.js';

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** A record whose access is reserved (the response has left, the record follows), or reservations alone to let go. */
interface Completion {
  entry?: AuditEntry;
  /** The reservations it completes, deleted as it is appended. */
  reservations: readonly string[];
}

interface Append {
  entry: AuditEntry;
  reservations: readonly string[];
}

interface Batch {
  completions: Completion[];
  appends: Waiting<Append, StoredAuditEntry>[];
  reservations: Waiting<Reservation, void>[];
  retried: boolean;
}

// A completed record waits this long for a write to share (at a counter whose requests come one after
// another, the next request's reservation) before it is written on its own.
const COMPLETION_DELAY_MS = 20;
// A completion that failed is tried again after this, doubling up to the maximum, for as long as the
// process lives; its reservation keeps it in the database meanwhile.
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
  private appends: Waiting<Append, StoredAuditEntry>[] = [];
  private reservations: Waiting<Reservation, void>[] = [];
  private completions: Completion[] = [];
  /** Completions whose write failed: retried in writes of their own, so one that cannot be written never fails the others. */
  private failed: Completion[] = [];
  private completionsDue = false;
  private retryDue = false;
  private writing: Promise<void> | undefined;
  private completionTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_MS.first;
  /** Where this writer left the chain: a guess at the head, which the database checks on every write. */
  private head: ChainHead | undefined;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 200,
    private readonly onCompletionFailed: (error: unknown, records: number) => void = () => undefined,
  ) {}

  /** Answers once the record is durable; `reservations` it supersedes go in the same write. */
  append(entry: AuditEntry, reservations: readonly string[] = []): Promise<StoredAuditEntry> {
    return new Promise((resolve, reject) => {
      this.appends.push({ item: { entry, reservations }, resolve, reject });
      this.start();
    });
  }

  reserve(reservation: Reservation): Promise<void> {
    return new Promise((resolve, reject) => {
      this.reservations.push({ item: reservation, resolve, reject });
      this.start();
    });
  }

  /** The record of a response that has left under these reservations: written soon, without holding anyone up. */
  complete(entry: AuditEntry, reservations: readonly string[]): void {
    this.queueCompletion({ entry, reservations });
  }

  /** Reservations of a request that recorded nothing after all: deleted with a later write. */
  release(reservations: readonly string[]): void {
    if (reservations.length > 0) this.queueCompletion({ reservations });
  }

  private queueCompletion(completion: Completion): void {
    this.completions.push(completion);
    this.completionTimer ??= setTimeout(() => {
      this.completionTimer = undefined;
      this.completionsDue = true;
      this.start();
    }, COMPLETION_DELAY_MS).unref();
  }

  /** Writes what is queued now and resolves once nothing is queued or in flight; failed completions wait for their retry. */
  async flush(): Promise<void> {
    this.completionsDue = true;
    this.start();
    while (this.writing) await this.writing;
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

  /** Writes what is queued, failed completions once more, and stops the timers; what still fails stays reserved. */
  async close(): Promise<void> {
    this.retryDue = true;
    await this.flush();
    clearTimeout(this.completionTimer);
    clearTimeout(this.retryTimer);
  }

  private start(): void {
    // The write starts once this turn of the event loop is over, so what requests queued in it goes
    // together. On PGlite a write runs inside this process and nothing else finishes during it:
    // started at once, every write held one record (0.9 ms of CPU each; 0.6 per record batched, in
    // the benchmark's single-cold).
    this.writing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      for (let batch = this.next(); batch; batch = this.next()) await this.writeBatch(batch);
    } finally {
      this.completionsDue = false;
      this.writing = undefined;
    }
  }

  private next(): Batch | undefined {
    if (this.retryDue && this.failed.length > 0) {
      this.retryDue = false;
      return { completions: this.failed.splice(0, this.maxBatch), appends: [], reservations: [], retried: true };
    }
    if (this.appends.length === 0 && this.reservations.length === 0 && !(this.completionsDue && this.completions.length > 0)) return undefined;
    // Completions ride along with any write; alone, only once they are due.
    const completions = this.completions.splice(0, this.maxBatch);
    return { completions, appends: this.appends.splice(0, this.maxBatch - completions.length), reservations: this.reservations.splice(0, this.maxBatch), retried: false };
  }

  private async writeBatch({ completions, appends, reservations, retried }: Batch): Promise<void> {
    const pending: PendingChanges = {
      reserve: reservations.map((r) => r.item),
      clear: [...completions, ...appends.map((a) => a.item)].flatMap((c) => c.reservations),
    };
    const completed = completions.flatMap((c) => (c.entry ? [c.entry] : []));
    try {
      const stored = await this.write([...completed, ...appends.map((a) => a.item.entry)], pending);
      appends.forEach((a, i) => a.resolve(stored[completed.length + i]!));
      reservations.forEach((r) => r.resolve());
      if (retried) {
        this.retryMs = RETRY_MS.first;
        this.retryDue = this.failed.length > 0;
      }
    } catch (error) {
      this.head = undefined;
      appends.forEach((a) => a.reject(error));
      reservations.forEach((r) => r.reject(error));
      if (completions.length > 0) this.retryLater(completions, error);
    }
  }

  private async write(entries: AuditEntry[], pending: PendingChanges): Promise<StoredAuditEntry[]> {
    if (entries.length === 0 && pending.clear.length === 0) {
      await reserve(this.db, pending.reserve);
      return [];
    }
    const stored = (this.head && (await appendAfter(this.db, this.head, entries, pending))) || (await appendAuditBatch(this.db, entries, pending));
    const last = stored.at(-1);
    if (last) this.head = { seq: last.seq, hash: last.hash };
    return stored;
  }

  private retryLater(completions: Completion[], error: unknown): void {
    this.failed.push(...completions);
    this.onCompletionFailed(error, completions.length);
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryDue = true;
      this.start();
    }, this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
  }
}
