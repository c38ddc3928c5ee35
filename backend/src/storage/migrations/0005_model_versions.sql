-- Model versions: what each was trained on, how it did on its held-out cases, and which one is in
-- use. The current model of a tenant is its most recently activated version that is not retired;
-- rolling back retires the current one, so the one before it is used again.
ALTER TABLE models ADD COLUMN training_digest text;
ALTER TABLE models ADD COLUMN metrics jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE models ADD COLUMN activated_at timestamptz;
ALTER TABLE models ADD COLUMN retired_at timestamptz;
UPDATE models SET activated_at = created_at;
ALTER TABLE models ALTER COLUMN activated_at SET NOT NULL;
ALTER TABLE models ALTER COLUMN activated_at SET DEFAULT now();
CREATE INDEX models_current ON models (tenant_id, activated_at DESC, stored_seq DESC) WHERE retired_at IS NULL;
