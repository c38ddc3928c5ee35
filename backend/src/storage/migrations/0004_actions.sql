-- Proposed actions people act on (PLATFORMS.md 3.3). An engine proposal in a packet becomes a row the
-- first time a person edits, approves, rejects or revokes it; an edit inserts a new row that supersedes
-- the old one. `record` is the approval state machine's ActionRecord and is only ever replaced when its
-- `version` is unchanged (compare-and-set), so two concurrent approvals end with exactly one.

CREATE TABLE actions (
  tenant_id text NOT NULL,
  id text NOT NULL,
  packet_id text NOT NULL,
  case_ref text NOT NULL,
  -- The proposal in the packet this action descends from; an edit keeps it.
  proposal_id text NOT NULL,
  status text NOT NULL,
  version integer NOT NULL CHECK (version >= 0),
  payload_hash text NOT NULL CHECK (payload_hash ~ '^[0-9a-f]{64}$'),
  -- What would be written: kind, title, target, payload, risk classes, guard findings.
  content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
  -- The approval state (ActionRecord).
  record jsonb NOT NULL CHECK (jsonb_typeof(record) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, packet_id) REFERENCES packets (tenant_id, id)
);
CREATE INDEX actions_by_packet ON actions (tenant_id, packet_id, proposal_id, created_at);
CREATE INDEX actions_by_case ON actions (tenant_id, case_ref, created_at);
