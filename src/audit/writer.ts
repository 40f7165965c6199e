import type { Database } from '../db/database.js';
import type { AuditEntry, StoredAuditEntry } from './record.js';
import { appendAuditBatch } from './store.js';

/**
 * Group commit for the audit trail. Every append waits for its record to be durable, but the
 * records of requests that finish while a write is in flight go together in the next write: one
 * chain-head lock and one INSERT for many. Under load this turns N transactions into a few,
 * without weakening "no personal data leaves before its record is written".
 */
export class AuditWriter {
  private queue: { entry: AuditEntry; resolve(stored: StoredAuditEntry): void; reject(error: unknown): void }[] = [];
  private writing = false;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 200,
  ) {}

  append(entry: AuditEntry): Promise<StoredAuditEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const stored = await appendAuditBatch(this.db, batch.map((b) => b.entry));
        batch.forEach((b, i) => b.resolve(stored[i]!));
      } catch (error) {
        batch.forEach((b) => b.reject(error));
      }
    }
    this.writing = false;
  }
}
