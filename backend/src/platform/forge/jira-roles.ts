import { z } from 'zod';
import { requestJson } from '../../connectors/http-json';
import type { GuardedClient } from '../../infrastructure/http';

/**
 * Jira permissions that grant a product role, highest first (README "Jira Service Management"):
 *
 * | Jira permission (on the project, or global) | product role |
 * | --- | --- |
 * | `ADMINISTER` (Jira administrator) | `admin` |
 * | `ADMINISTER_PROJECTS` (project administrator) | `team-lead` |
 * | `SERVICEDESK_AGENT` (service project agent) | `agent` |
 *
 * Anyone else (a customer, a collaborator without an agent licence) gets no role: they can read the
 * packet the panel shows them but cannot edit, approve or reject. `specialist` is never inferred, since
 * Jira has nothing that means it; tenants that need it grant it through their approval policy's roles.
 */
export const PERMISSION_ROLES: readonly (readonly [permission: string, role: string])[] = [
  ['ADMINISTER', 'admin'],
  ['ADMINISTER_PROJECTS', 'team-lead'],
  ['SERVICEDESK_AGENT', 'agent'],
];

const MyPermissions = z.looseObject({
  permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean() })),
});

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,19}$/;

export interface JiraRoleResolver {
  /**
   * The person's product roles on the project, highest first, from Jira as that person (their user
   * token): Jira answers for them, so no one can claim a permission they lack. Failures give no roles.
   */
  rolesFor(input: {
    tenant: string;
    accountId: string;
    projectKey: string | undefined;
    apiBaseUrl: string;
    userToken: string | undefined;
  }): Promise<string[]>;
}

export interface JiraRoleResolverOptions {
  http: GuardedClient;
  clock?: () => Date;
  /** How long an answer is reused. Default 5 minutes: a revoked agent loses approval rights within it. */
  ttlMs?: number;
  /** How long a failed lookup is remembered, so a Jira outage does not add a call to every request. */
  failureTtlMs?: number;
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

/** Looks roles up with `GET /rest/api/3/mypermissions` and caches them per tenant, person and project. */
export function createJiraRoleResolver(options: JiraRoleResolverOptions): JiraRoleResolver {
  const clock = options.clock ?? (() => new Date());
  const ttl = options.ttlMs ?? 5 * 60_000;
  const failureTtl = options.failureTtlMs ?? 30_000;
  const cache = new Map<string, { roles: string[]; until: number }>();

  return {
    async rolesFor(input) {
      if (input.userToken === undefined) return [];
      const project =
        input.projectKey !== undefined && PROJECT_KEY.test(input.projectKey) ? input.projectKey : '';
      const key = `${input.tenant}\u0000${input.accountId}\u0000${project}`;
      const now = clock().getTime();
      const cached = cache.get(key);
      if (cached && cached.until > now) return cached.roles;

      const url = new URL(`${input.apiBaseUrl}/rest/api/3/mypermissions`);
      if (project !== '') url.searchParams.set('projectKey', project);
      url.searchParams.set('permissions', PERMISSION_ROLES.map(([p]) => p).join(','));
      let roles: string[] = [];
      let until = now + ttl;
      try {
        const { data } = await requestJson(options.http, {
          url,
          headers: { Authorization: `Bearer ${input.userToken}` },
          signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
          schema: MyPermissions,
          system: 'Jira',
        });
        roles = PERMISSION_ROLES.filter(([p]) => data.permissions[p]?.havePermission === true).map(
          ([, r]) => r,
        );
      } catch (e) {
        options.onError?.(e);
        until = now + failureTtl;
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { roles, until });
      return roles;
    },
  };
}
