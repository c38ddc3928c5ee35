import { z } from 'zod';
import type { Actor } from '@triage/shared';
import { AppError } from '../common/errors';
import { hashJson } from '../common/hashing';
import type { ConnectorCatalog } from '../connectors/catalog';
import { describeSourceFault } from '../connectors/resilience';
import type { CredentialCipher } from '../infrastructure/crypto';
import { OutboundHttpError, validateConnectorUrl } from '../infrastructure/http';
import type { Repositories, StoredConnector } from '../storage';
import type { TenantSources } from './tenant-sources';

export const ConnectorId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a connector id is lower-case letters, digits and dashes');

export const ConfigureConnectorRequest = z.object({
  type: z.string().min(1).max(64),
  config: z.record(z.string(), z.unknown()),
  /** Write-only. Omit to keep the stored credentials. */
  secrets: z.record(z.string(), z.string()).optional(),
  enabled: z.boolean().default(true),
});
export type ConfigureConnectorRequest = z.infer<typeof ConfigureConnectorRequest>;

/** A connector as an admin sees it: configuration, never credentials. */
export const ConnectorView = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  capabilities: z.array(z.string()),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  hasSecrets: z.boolean(),
  updatedAt: z.string(),
});
export type ConnectorView = z.infer<typeof ConnectorView>;

export const ConnectorList = z.object({ connectors: z.array(ConnectorView) });
export const ConnectorTestResult = z.object({ ok: z.boolean(), status: z.string(), message: z.string() });
export const ConnectorTypeList = z.object({
  types: z.array(
    z.object({
      type: z.string(),
      title: z.string(),
      capabilities: z.array(z.string()),
      config: z.record(z.string(), z.unknown()).describe('JSON Schema of the configuration'),
      secrets: z.record(z.string(), z.unknown()).describe('JSON Schema of the credentials (write-only)'),
    }),
  ),
});

export interface ManageConnectorsDeps {
  repos: Pick<Repositories, 'connectors' | 'audit'>;
  catalog: ConnectorCatalog;
  cipher: CredentialCipher;
  sources: TenantSources;
  allowInsecureLocal: boolean;
}

function issuesOf(error: z.ZodError, prefix: string) {
  // Paths and messages only: a value here may be a secret.
  return error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));
}

/** The URLs in a connector's config that it will call: every string field named like a URL. */
function configUrls(config: Record<string, unknown>): [string, string][] {
  return Object.entries(config).filter(
    (e): e is [string, string] => /url$/i.test(e[0]) && typeof e[1] === 'string',
  );
}

/**
 * Admin use cases for evidence connectors: list types and instances, configure (credentials write-only,
 * sealed for the tenant), remove, and test a connection. Every change is audited with a hash of the
 * non-secret configuration.
 */
export function createConnectorAdmin(deps: ManageConnectorsDeps) {
  const view = (c: StoredConnector): ConnectorView => {
    const d = deps.catalog.byType(c.type);
    return {
      id: c.id,
      type: c.type,
      title: d?.title ?? c.type,
      capabilities: [...(d?.capabilities ?? [])],
      enabled: c.enabled,
      config: c.config,
      hasSecrets: c.sealedSecrets !== null,
      updatedAt: c.updatedAt,
    };
  };

  return {
    types() {
      return deps.catalog.list().map((d) => ({
        type: d.type,
        title: d.title,
        capabilities: [...d.capabilities],
        config: z.toJSONSchema(d.configSchema, { io: 'input', unrepresentable: 'any' }),
        secrets: z.toJSONSchema(d.secretsSchema, { io: 'input', unrepresentable: 'any' }),
      }));
    },

    async list(tenant: string): Promise<ConnectorView[]> {
      return (await deps.repos.connectors.list(tenant)).map(view);
    },

    /**
     * @throws AppError `validation_failed` for an unknown type, a config or credentials that don't match
     * the connector's schema, or a URL that is not https and public.
     */
    async configure(
      tenant: string,
      actor: Actor,
      id: string,
      request: ConfigureConnectorRequest,
    ): Promise<ConnectorView> {
      const definition = deps.catalog.byType(request.type);
      if (!definition) {
        throw new AppError(
          'validation_failed',
          `Unknown connector type. Known types: ${
            deps.catalog
              .list()
              .map((d) => d.type)
              .join(', ') || 'none'
          }.`,
          {
            issues: [{ path: 'type', message: 'unknown connector type' }],
          },
        );
      }
      const config = definition.configSchema.safeParse(request.config);
      if (!config.success)
        throw new AppError('validation_failed', 'The connector configuration is not valid.', {
          issues: issuesOf(config.error, 'config'),
        });
      for (const [field, url] of configUrls(request.config)) {
        try {
          validateConnectorUrl(url, { allowInsecureLocal: deps.allowInsecureLocal });
        } catch (e) {
          if (!(e instanceof OutboundHttpError)) throw e;
          throw new AppError(
            'validation_failed',
            'Connector URLs must be https and must not point at private, loopback or link-local addresses.',
            {
              issues: [{ path: `config.${field}`, message: e.code.replace(/_/g, ' ') }],
              cause: e,
            },
          );
        }
      }
      const existing = await deps.repos.connectors.get(tenant, id);
      let sealedSecrets: string | undefined;
      if (request.secrets !== undefined) {
        const secrets = definition.secretsSchema.safeParse(request.secrets);
        if (!secrets.success)
          throw new AppError('validation_failed', 'The connector credentials are not valid.', {
            issues: issuesOf(secrets.error, 'secrets'),
          });
        sealedSecrets = deps.cipher.seal(JSON.stringify(secrets.data), tenant);
      } else if (!existing?.sealedSecrets || existing.type !== request.type) {
        const empty = definition.secretsSchema.safeParse({});
        if (!empty.success)
          throw new AppError('validation_failed', 'This connector needs credentials.', {
            issues: issuesOf(empty.error, 'secrets'),
          });
        sealedSecrets = deps.cipher.seal('{}', tenant);
      }
      const stored = await deps.repos.connectors.upsert(tenant, {
        id,
        type: request.type,
        config: request.config,
        ...(sealedSecrets === undefined ? {} : { sealedSecrets }),
        enabled: request.enabled,
      });
      await deps.repos.audit.append(tenant, {
        actor: { kind: actor.kind, id: actor.id },
        action: existing ? 'connector.updated' : 'connector.created',
        object: { type: 'connector', id },
        payloadHash: hashJson({
          type: request.type,
          config: request.config,
          enabled: request.enabled,
          secretsChanged: request.secrets !== undefined,
        }),
      });
      deps.sources.invalidate(tenant);
      return view(stored);
    },

    /** @throws AppError `not_found` when the tenant has no such connector. */
    async remove(tenant: string, actor: Actor, id: string): Promise<void> {
      if (!(await deps.repos.connectors.remove(tenant, id)))
        throw new AppError('not_found', 'No connector with that id in this workspace.');
      await deps.repos.audit.append(tenant, {
        actor: { kind: actor.kind, id: actor.id },
        action: 'connector.removed',
        object: { type: 'connector', id },
      });
      deps.sources.invalidate(tenant);
    },

    /**
     * Makes one authenticated call through the connector.
     * @throws AppError `not_found` when the tenant has no such connector.
     */
    async test(
      tenant: string,
      actor: Actor,
      id: string,
    ): Promise<{ ok: boolean; status: string; message: string }> {
      const stored = await deps.repos.connectors.get(tenant, id);
      if (!stored) throw new AppError('not_found', 'No connector with that id in this workspace.');
      let result: { ok: boolean; status: string; message: string };
      try {
        await deps.sources.build(tenant, stored).testConnection(AbortSignal.timeout(5_000));
        result = { ok: true, status: 'ok', message: 'Connected.' };
      } catch (e) {
        const { status, reason } = describeSourceFault(e);
        result = { ok: false, status, message: reason };
      }
      await deps.repos.audit.append(tenant, {
        actor: { kind: actor.kind, id: actor.id },
        action: result.ok ? 'connector.test.ok' : 'connector.test.failed',
        object: { type: 'connector', id },
      });
      return result;
    },
  };
}
export type ConnectorAdmin = ReturnType<typeof createConnectorAdmin>;
