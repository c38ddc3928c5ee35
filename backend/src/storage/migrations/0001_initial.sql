-- Initial schema. Every row carries its tenant (a Zendesk subdomain or an Atlassian cloudId, taken from
-- a verified token); primary keys, unique constraints and foreign keys all include tenant_id, so a key
-- from one tenant can never resolve to, or reference, another tenant's row.
-- Tables do not reference tenants(id): a tenant's identity comes from its token, and evidence, cases
-- and audit rows must be writable before (or without) a stored configuration.
-- Timestamps are timestamptz; the application reads them back as ISO strings in UTC.

CREATE TABLE tenants (
  id text PRIMARY KEY CHECK (id <> ''),
  name text NOT NULL,
  -- The tenant's configuration (rules, templates, thresholds), validated by the domain on read.
  config jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(config) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cases (
  tenant_id text NOT NULL CHECK (tenant_id <> ''),
  ref text NOT NULL,
  -- The CaseRecord as imported or read from the desk.
  record jsonb NOT NULL CHECK (jsonb_typeof(record) = 'object'),
  -- Derived from the record, so they can never disagree with it.
  subject text GENERATED ALWAYS AS (
    coalesce(nullif(record ->> 'subject', ''), left(coalesce(record ->> 'description', ''), 200))
  ) STORED,
  status text GENERATED ALWAYS AS (lower(coalesce(nullif(record ->> 'status', ''), 'open'))) STORED,
  solved boolean GENERATED ALWAYS AS (
    lower(coalesce(record ->> 'status', '')) IN ('solved', 'closed', 'resolved', 'done', 'canceled', 'cancelled')
  ) STORED,
  requester_id text GENERATED ALWAYS AS (record -> 'requester' ->> 'id') STORED,
  requester_email text GENERATED ALWAYS AS (lower(record -> 'requester' ->> 'email')) STORED,
  organization_id text GENERATED ALWAYS AS (record -> 'organization' ->> 'id') STORED,
  -- The record's created_at when it has one, else when it was first stored.
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- SHA-256 of the canonical JSON of the record: an unchanged re-import is not an update.
  content_hash text NOT NULL,
  PRIMARY KEY (tenant_id, ref)
);
-- Keyset pagination (newest first), with and without the solved filter.
CREATE INDEX cases_by_created ON cases (tenant_id, created_at DESC, ref DESC);
CREATE INDEX cases_by_solved_created ON cases (tenant_id, solved, created_at DESC, ref DESC);
-- Requester / organization history.
CREATE INDEX cases_by_requester ON cases (tenant_id, requester_id, created_at DESC) WHERE requester_id IS NOT NULL;
CREATE INDEX cases_by_requester_email ON cases (tenant_id, requester_email, created_at DESC)
  WHERE requester_email IS NOT NULL;
CREATE INDEX cases_by_organization ON cases (tenant_id, organization_id, created_at DESC)
  WHERE organization_id IS NOT NULL;

CREATE TABLE packets (
  tenant_id text NOT NULL,
  id text NOT NULL,
  case_ref text NOT NULL,
  built_at timestamptz NOT NULL,
  engine_version text NOT NULL,
  inputs_digest text NOT NULL CHECK (inputs_digest ~ '^[0-9a-f]{64}$'),
  packet jsonb NOT NULL,
  -- Breaks ties between packets built in the same millisecond: the later save wins.
  stored_seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_ref) REFERENCES cases (tenant_id, ref) ON DELETE CASCADE
);
CREATE INDEX packets_latest ON packets (tenant_id, case_ref, built_at DESC, stored_seq DESC);

CREATE TABLE evidence (
  tenant_id text NOT NULL,
  packet_id text NOT NULL,
  id text NOT NULL,
  -- Order within the packet.
  position integer NOT NULL,
  source text NOT NULL,
  kind text NOT NULL,
  observed_at timestamptz NOT NULL,
  -- The redacted Evidence item; raw connector payloads are never stored.
  item jsonb NOT NULL,
  PRIMARY KEY (tenant_id, packet_id, id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX evidence_by_source ON evidence (tenant_id, source, kind, observed_at DESC);

CREATE TABLE approvals (
  tenant_id text NOT NULL,
  id text NOT NULL,
  packet_id text NOT NULL,
  action_id text NOT NULL,
  action_type text NOT NULL,
  payload_hash text NOT NULL CHECK (payload_hash ~ '^[0-9a-f]{64}$'),
  decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
  requester_id text NOT NULL,
  approver_id text NOT NULL,
  required_role text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- The full Approval contract object.
  record jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, id)
);
CREATE INDEX approvals_by_action ON approvals (tenant_id, action_id, created_at DESC);

CREATE TABLE write_backs (
  tenant_id text NOT NULL,
  id text NOT NULL,
  approval_id text NOT NULL,
  action_id text NOT NULL,
  target_system text NOT NULL,
  target_ref text NOT NULL,
  -- Stable across retries and sent to the desk (Idempotency-Key / marker): at most one row per key.
  idempotency_key text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'executing', 'done', 'failed', 'dead')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, approval_id) REFERENCES approvals (tenant_id, id)
);
CREATE INDEX write_backs_by_target ON write_backs (tenant_id, target_system, target_ref, status);

-- One hash chain per tenant (PLATFORMS.md 3.4): row_hash = sha256(prev_hash || canonical JSON of the
-- row). Ids and hashes only, never customer text.
CREATE TABLE audit_events (
  tenant_id text NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  ts timestamptz NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  payload_hash text,
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  row_hash text NOT NULL CHECK (row_hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_events_by_object ON audit_events (tenant_id, object_type, object_id, seq);

-- Append-only in the database too. The hash chain detects tampering; this trigger stops the accidental
-- kind (an ORM update, a cleanup script). A superuser can still bypass it, which the chain then reveals.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- What the demo connectors read: CRM accounts, orders, invoices, known issues, releases, incidents,
-- status components, log lines, error events, troubleshooting steps.
CREATE TABLE source_records (
  tenant_id text NOT NULL,
  source text NOT NULL,
  kind text NOT NULL,
  ref text NOT NULL,
  data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  observed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, source, kind, ref)
);
CREATE INDEX source_records_by_kind ON source_records (tenant_id, kind, observed_at DESC);
-- The filter connectors use most: records of one account.
CREATE INDEX source_records_by_account ON source_records (tenant_id, kind, (data ->> 'accountId'));

CREATE TABLE models (
  tenant_id text NOT NULL,
  version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  trained_on integer NOT NULL CHECK (trained_on >= 0),
  model jsonb NOT NULL,
  -- Breaks ties between models saved in the same instant.
  stored_seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (tenant_id, version)
);
CREATE INDEX models_latest ON models (tenant_id, created_at DESC, stored_seq DESC);
