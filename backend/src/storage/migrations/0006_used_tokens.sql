-- Signed platform tokens already exchanged (a ZAF sign-in token's digest, a Forge invocation
-- token's jti on a write), kept until they expire. One table for every backend process, so that a
-- token used against one process cannot be used again against another. Not tenant data: a key names
-- a token, never a tenant's record.
CREATE TABLE used_tokens (
  key text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX used_tokens_expiry ON used_tokens (expires_at);
