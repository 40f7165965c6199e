-- A resident's consent for one app to read some scopes of their data, for one purpose, until an expiry.
CREATE TABLE IF NOT EXISTS consent_grants (
  id text PRIMARY KEY,
  id_number text NOT NULL,
  app_id text NOT NULL REFERENCES api_clients (id),
  scopes jsonb NOT NULL,
  purpose text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX IF NOT EXISTS consent_grants_app_resident ON consent_grants (app_id, id_number);
CREATE INDEX IF NOT EXISTS consent_grants_resident ON consent_grants (id_number);
