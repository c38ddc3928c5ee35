-- Evidence connectors a tenant has configured. `config` is not secret (URLs, mappings) and may be shown
-- to admins; `sealed_secrets` is the AES-256-GCM envelope of the credentials, bound to the tenant, and is
-- never returned by any API.
CREATE TABLE connectors (
  tenant_id text NOT NULL CHECK (tenant_id <> ''),
  id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  type text NOT NULL CHECK (type <> ''),
  config jsonb NOT NULL CHECK (jsonb_typeof(config) = 'object'),
  sealed_secrets text,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
