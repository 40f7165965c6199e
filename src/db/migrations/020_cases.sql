-- One-window cases (一窗受理): a case per application at the window, a part per department,
-- every step in case_events, and an outbox the dispatcher drains towards the departments.
CREATE SEQUENCE IF NOT EXISTS case_acceptance_seq;

CREATE TABLE IF NOT EXISTS cases (
  id bigserial PRIMARY KEY,
  acceptance_number text NOT NULL UNIQUE,
  matter text NOT NULL,
  resident_id text NOT NULL,
  resident_name text,
  district text NOT NULL,
  state text NOT NULL,
  result text,
  submitted_by text NOT NULL,
  submitted_via text NOT NULL,
  idempotency_key text,
  request_hash text NOT NULL,
  note text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  accepted_on date NOT NULL,
  time_limit_days int NOT NULL,
  due_on date NOT NULL,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (submitted_by, idempotency_key)
);
CREATE INDEX IF NOT EXISTS cases_resident ON cases (resident_id);
CREATE INDEX IF NOT EXISTS cases_district_state ON cases (district, state);
CREATE INDEX IF NOT EXISTS cases_submitted_at ON cases (submitted_at);

CREATE TABLE IF NOT EXISTS case_parts (
  case_id bigint NOT NULL REFERENCES cases (id),
  department text NOT NULL,
  state text NOT NULL,
  reference text,
  services jsonb NOT NULL,
  materials jsonb NOT NULL,
  time_limit_days int NOT NULL,
  due_on date NOT NULL,
  note text,
  dispatched_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, department)
);

CREATE TABLE IF NOT EXISTS case_events (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  department text,
  kind text NOT NULL,
  state text,
  note text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS case_events_case ON case_events (case_id, id);

CREATE TABLE IF NOT EXISTS case_outbox (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  department text NOT NULL,
  payload jsonb NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, department)
);
CREATE INDEX IF NOT EXISTS case_outbox_due ON case_outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- A department's repeated delivery of one progress report is recorded once.
CREATE TABLE IF NOT EXISTS case_hook_deliveries (
  department text NOT NULL,
  delivery_id text NOT NULL,
  case_id bigint NOT NULL REFERENCES cases (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (department, delivery_id)
);

CREATE TABLE IF NOT EXISTS case_ratings (
  case_id bigint PRIMARY KEY REFERENCES cases (id),
  score int NOT NULL CHECK (score BETWEEN 1 AND 5),
  tags jsonb NOT NULL DEFAULT '[]',
  comment text,
  rated_by text NOT NULL,
  on_behalf boolean NOT NULL,
  rated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS case_follow_ups (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL UNIQUE REFERENCES cases (id),
  reason text NOT NULL,
  state text NOT NULL DEFAULT 'OPEN',
  opened_at timestamptz NOT NULL DEFAULT now()
);
