-- The audit trail: append-only and hash-chained. Each record stores the previous record's hash;
-- writers serialise on the single chain-head row (SELECT ... FOR UPDATE), across replicas too.
CREATE TABLE IF NOT EXISTS audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  actor_kind text NOT NULL,
  role text NOT NULL,
  residents jsonb NOT NULL,
  refused jsonb NOT NULL,
  departments jsonb NOT NULL,
  fields jsonb NOT NULL,
  purpose text,
  case_reference text,
  request_id text NOT NULL,
  operation text,
  outcome text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_residents ON audit_log USING gin (residents);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor, seq);
CREATE TABLE IF NOT EXISTS audit_chain_head (
  id int PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, 'genesis') ON CONFLICT (id) DO NOTHING;
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
