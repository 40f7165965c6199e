-- Access reserved in the audit trail while the departments answer: written (durably) as a request
-- first asks a department, so the chained record of what was served can follow the response instead
-- of holding it back. The chained record deletes its reservation in the statement that appends it; a
-- reservation left behind (the gateway stopped between the two) is appended by a sweep as an
-- 'interrupted' record. Rows live for milliseconds: this is an outbox, not a log.
CREATE TABLE IF NOT EXISTS audit_pending (
  id text PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  entry jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_pending_at ON audit_pending (at);
