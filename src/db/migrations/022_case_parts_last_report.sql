-- The department's time (`at`) of the last progress report applied to a part: a report retried and
-- heard after a later one is kept in the history but does not move the part back.
ALTER TABLE case_parts ADD COLUMN IF NOT EXISTS last_report_at timestamptz;
