-- A case's history and its rating are what supervision and the satisfaction share (好差评) are
-- counted from: written once, never changed or removed through SQL, like the audit log.
CREATE OR REPLACE FUNCTION case_history_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS case_events_no_change ON case_events;
CREATE TRIGGER case_events_no_change BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION case_history_append_only();
DROP TRIGGER IF EXISTS case_events_no_truncate ON case_events;
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events FOR EACH STATEMENT EXECUTE FUNCTION case_history_append_only();
DROP TRIGGER IF EXISTS case_ratings_no_change ON case_ratings;
CREATE TRIGGER case_ratings_no_change BEFORE UPDATE OR DELETE ON case_ratings FOR EACH ROW EXECUTE FUNCTION case_history_append_only();
DROP TRIGGER IF EXISTS case_ratings_no_truncate ON case_ratings;
CREATE TRIGGER case_ratings_no_truncate BEFORE TRUNCATE ON case_ratings FOR EACH STATEMENT EXECUTE FUNCTION case_history_append_only();
