import { ActionKind } from '@triage/shared';
import { ConnectorError } from '../connectors/errors';
import type { WriteBackTarget } from '../connectors/types';
import type { StoredConnector } from '../storage';
import { createConnectorInstances, type ConnectorInstancesDeps } from './connector-instances';

export interface TenantTargetsDeps extends ConnectorInstancesDeps {
  /**
   * Targets a tenant has besides its configured connectors (the demo tenant's desk), each serving the
   * system its `system` names. A configured connector for the same system takes precedence.
   */
  builtIn: (tenant: string) => readonly WriteBackTarget[];
}

/**
 * Stands in for a configured target that cannot be built (invalid config, credentials that no longer
 * open): every call fails with the reason as a non-retryable `config` error, so the write-back fails
 * with a cause an admin can fix instead of going to another system. It claims every action so the
 * worker reports that reason rather than "action not supported".
 */
function brokenTarget(stored: StoredConnector, system: string, error: ConnectorError): WriteBackTarget {
  return {
    id: stored.id,
    system,
    actions: ActionKind.options,
    write: () => Promise.reject(error),
    findMarker: () => Promise.reject(error),
  };
}

function byId(a: StoredConnector, b: StoredConnector): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The write-back targets of each tenant, built from its stored, enabled connectors whose type serves the
 * requested proposal target system (`ConnectorDefinition.writeSystems`), with the same config parsing,
 * credential opening and key-rotation re-sealing as the evidence sources.
 *
 * Choosing a target:
 * - When several enabled connectors serve a system (two Zendesk instances, say), the one with the
 *   smallest connector id wins: a rule an admin can see and steer by naming, that does not change with
 *   timing or insertion order.
 * - A configured connector wins over a built-in target for the same system.
 * - A disabled connector serves nothing; one that cannot be built yields a target that fails with the
 *   reason (it does not fall through to another connector, which would write somewhere unintended).
 *
 * Nothing is cached: the tenant's connectors are read on every call (one indexed query, and write-backs
 * are rare next to packet builds), so a changed credential or a disabled connector applies to the very
 * next write with no invalidation to forget. The returned target carries no credentials: they live
 * only inside its request closures.
 *
 * @example
 * const targets = createTenantTargets({ repos, catalog, cipher, allowInsecureLocal: false,
 *   requestTimeoutMs: 10_000, clock, builtIn: (t) => (t === DEMO_TENANT ? demoTargets : []) });
 * const worker = { ...deps, targets: (tenant, system) => targets.targetFor(tenant, system) };
 */
export function createTenantTargets(deps: TenantTargetsDeps) {
  const instances = createConnectorInstances(deps);

  return {
    /**
     * The target that writes `system` proposals (`zendesk`, `jsm`, `jira`, `crm`, `escalation-queue`) for
     * this tenant, or undefined when nothing is configured for it.
     * @throws StorageError when the tenant's connectors cannot be read (the worker retries later).
     */
    async targetFor(tenant: string, system: string): Promise<WriteBackTarget | undefined> {
      const serving = (await deps.repos.connectors.list(tenant))
        .filter((c) => c.enabled && deps.catalog.byType(c.type)?.writeSystems?.includes(system) === true)
        .sort(byId);
      const chosen = serving[0];
      if (chosen === undefined) return deps.builtIn(tenant).find((t) => t.system === system);
      await instances.resealIfRotated(tenant, chosen);
      try {
        const { definition, options } = instances.open(tenant, chosen);
        const target = definition.createWriteBack?.(options);
        if (target === undefined)
          throw new ConnectorError('config', `connector type "${chosen.type}" builds no write-back target`);
        // One target may serve several systems (Jira serves `jsm` and `jira`); it answers to the one asked.
        return target.system === system ? target : { ...target, system };
      } catch (e) {
        const error =
          e instanceof ConnectorError
            ? e
            : new ConnectorError('config', `connector "${chosen.id}" cannot write`, { cause: e });
        return brokenTarget(chosen, system, error);
      }
    },

    close(): void {
      instances.close();
    },
  };
}
export type TenantTargets = ReturnType<typeof createTenantTargets>;
