-- The write-back outbox (PLATFORMS.md 3.3, 3.5). A write_backs row is enqueued in the same transaction
-- as its approval and first audit event, and carries the exact payload the approval's hash covers, so
-- the worker sends precisely what a person approved and nothing it recomputes later.

ALTER TABLE write_backs
  -- The exact payload the approval's SHA-256 covers. Null only on rows written before this migration.
  ADD COLUMN payload jsonb CHECK (payload IS NULL OR jsonb_typeof(payload) = 'object'),
  ADD COLUMN payload_hash text CHECK (payload_hash IS NULL OR payload_hash ~ '^[0-9a-f]{64}$'),
  -- When a queued row may be claimed (now on enqueue, later after a retryable failure).
  ADD COLUMN next_attempt_at timestamptz,
  -- Until when the worker that claimed an executing row owns it; after that another worker may reclaim it.
  ADD COLUMN lease_until timestamptz,
  -- What the target created (comment id, issue key) and where a person can see it.
  ADD COLUMN external_id text,
  ADD COLUMN url text,
  -- Enqueue order. created_at is the transaction's start time, so rows enqueued together would tie;
  -- per-target FIFO needs a strict order.
  ADD COLUMN queued_seq bigint GENERATED ALWAYS AS IDENTITY;

-- Rows from before this migration have no stored payload, so nothing can prove what was approved: they
-- are never executed. No code enqueued write-backs before this migration; this only guards hand-made rows.
UPDATE write_backs
SET status = 'dead', last_error = 'payload_missing', updated_at = now()
WHERE payload IS NULL AND status IN ('queued', 'executing');

UPDATE write_backs SET next_attempt_at = created_at WHERE next_attempt_at IS NULL;
ALTER TABLE write_backs ALTER COLUMN next_attempt_at SET DEFAULT now();
ALTER TABLE write_backs ALTER COLUMN next_attempt_at SET NOT NULL;

ALTER TABLE write_backs
  ADD CONSTRAINT write_backs_payload_with_hash CHECK ((payload IS NULL) = (payload_hash IS NULL)),
  ADD CONSTRAINT write_backs_runnable_has_payload CHECK (status NOT IN ('queued', 'executing') OR payload IS NOT NULL),
  ADD CONSTRAINT write_backs_executing_has_lease CHECK (status <> 'executing' OR lease_until IS NOT NULL);

-- At most one write in flight per ticket (PLATFORMS.md 3.5), enforced by the database as well as by the
-- claim query: two workers racing for two rows of one ticket cannot both mark theirs executing.
CREATE UNIQUE INDEX write_backs_one_in_flight_per_target
  ON write_backs (tenant_id, target_system, target_ref) WHERE status = 'executing';

-- The claim query's scans: due queued rows in enqueue order, and executing rows whose lease ran out.
CREATE INDEX write_backs_due ON write_backs (next_attempt_at, queued_seq) WHERE status = 'queued';
CREATE INDEX write_backs_leased ON write_backs (lease_until) WHERE status = 'executing';
CREATE INDEX write_backs_by_action ON write_backs (tenant_id, action_id, queued_seq);
