-- TRUNCATE fires no row trigger: without these, it emptied the append-only log (and its resident
-- index) in one statement. The chain's verification would notice; refusing it is better.
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
DROP TRIGGER IF EXISTS audit_log_resident_no_truncate ON audit_log_resident;
CREATE TRIGGER audit_log_resident_no_truncate BEFORE TRUNCATE ON audit_log_resident FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
