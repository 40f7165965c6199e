-- Third-party apps and their API keys. Only a SHA-256 hash of each key is kept; the key itself is shown once.
CREATE TABLE IF NOT EXISTS api_clients (
  id text PRIMARY KEY,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes jsonb NOT NULL,
  tier text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
