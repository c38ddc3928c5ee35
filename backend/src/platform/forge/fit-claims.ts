import { TenantId } from '@triage/shared';
import { z } from 'zod';

/** The issuer of every Forge Invocation Token. */
export const FIT_ISSUER = 'forge/invocation-token';

/** Atlassian account ids: opaque, but a narrow alphabet (`557058:…`, `5b10…`, `qm:…`). */
const AccountId = z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/);

// `icLabel` names the invocation context; PLATFORMS.md 2.4 step 7.
const IcLabel = z.string().regex(/^[a-z0-9_-]{1,50}$/);

/**
 * An installation context as Forge lists it on events: an ARI such as
 * `ari:cloud:jira::site/<cloudId>`, or an object carrying `cloudId`.
 */
const InstallationContext = z.union([z.string(), z.looseObject({ cloudId: z.string().optional() })]);

const SITE_ARI = /^ari:cloud:[a-z-]+::site\/([A-Za-z0-9-]{1,128})$/;

/**
 * The claims of a Forge Invocation Token this backend relies on (PLATFORMS.md 2.4). Loose objects:
 * Atlassian adds fields, and a token must not become unreadable because of them. Every field used for a
 * decision is checked here; `iss`, `aud`, `exp`, `nbf` and `iat` are checked by the signature step.
 *
 * @see https://developer.atlassian.com/platform/forge/forge-remote-invocation-contract
 */
export const FitClaims = z.looseObject({
  iss: z.literal(FIT_ISSUER),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number().int(),
  nbf: z.number().int(),
  iat: z.number().int(),
  jti: z.string().min(1).max(200),
  app: z.looseObject({
    id: z.string().min(1),
    installationId: z.string().min(1).max(300),
    apiBaseUrl: z.url(),
    environment: z.looseObject({ type: z.string().min(1), id: z.string().min(1) }),
    module: z.looseObject({ key: z.string().optional(), type: z.string().optional() }).optional(),
    license: z.looseObject({ isActive: z.boolean().optional() }).nullish(),
    installation: z.looseObject({ contexts: z.array(InstallationContext).optional() }).optional(),
  }),
  context: z
    .looseObject({
      cloudId: z.string().optional(),
      moduleKey: z.string().optional(),
      extension: z
        .looseObject({
          type: z.string().optional(),
          issue: z
            .looseObject({ key: z.string().optional(), id: z.union([z.string(), z.number()]).optional() })
            .optional(),
          project: z.looseObject({ key: z.string().optional(), type: z.string().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
  principal: AccountId.optional(),
  icLabel: IcLabel.optional(),
});
export type FitClaims = z.infer<typeof FitClaims>;

/**
 * The tenant of an invocation: the site's `cloudId` from the UI context, or (events, which carry no UI
 * context) from the installation's contexts. Undefined when neither names a usable tenant.
 */
export function tenantOf(claims: FitClaims): TenantId | undefined {
  const candidates: (string | undefined)[] = [claims.context?.cloudId];
  for (const c of claims.app.installation?.contexts ?? []) {
    candidates.push(typeof c === 'string' ? SITE_ARI.exec(c)?.[1] : c.cloudId);
  }
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const parsed = TenantId.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** The issue and project the panel is open on, from the signed UI context. */
export function panelIssueOf(claims: FitClaims): { issueKey?: string; projectKey?: string } {
  const ext = claims.context?.extension;
  const issueKey = ext?.issue?.key;
  const projectKey = ext?.project?.key ?? issueKey?.replace(/-\d+$/, '');
  return {
    ...(issueKey === undefined ? {} : { issueKey }),
    ...(projectKey === undefined ? {} : { projectKey }),
  };
}
