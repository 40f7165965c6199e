-- Gateway housekeeping. Each concern (audit, consent, API keys, cases) adds its own numbered file.
CREATE TABLE IF NOT EXISTS gateway_meta (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
