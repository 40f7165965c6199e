-- Which records concern which resident (read or refused), for the auditor's and the resident's
-- question "who looked at this person's data": one row per resident and record, so that is an
-- index range scan, newest first, however long the log grows. The GIN index on residents it
-- replaces was never used by that question (it asks for refused residents too, and the planner
-- walked the whole log backwards) and cost more per record written.
CREATE TABLE IF NOT EXISTS audit_log_resident (
  id_number text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (id_number, seq)
);
INSERT INTO audit_log_resident (id_number, seq)
  SELECT DISTINCT r.id_number, a.seq FROM audit_log a, jsonb_array_elements_text(a.residents || a.refused) AS r(id_number)
  ON CONFLICT DO NOTHING;
DROP INDEX IF EXISTS audit_log_residents;
DROP TRIGGER IF EXISTS audit_log_resident_no_change ON audit_log_resident;
CREATE TRIGGER audit_log_resident_no_change BEFORE UPDATE OR DELETE ON audit_log_resident FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
