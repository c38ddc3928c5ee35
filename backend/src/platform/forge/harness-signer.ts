import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createLocalJWKSet, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose';
import { FIT_ISSUER } from './fit-claims';
import { isLoopbackHttp, type FitTrust } from './verify-fit';

/** The app id the local harness signs for (the manifest's placeholder id). */
export const HARNESS_APP_ID = 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000';
export const HARNESS_ENVIRONMENT = {
  type: 'DEVELOPMENT',
  id: 'ari:cloud:ecosystem::environment/00000000-0000-4000-8000-000000000000/00000000-0000-4000-8000-000000000001',
};

/** What the harness puts in a token: the parts a real Forge invocation would carry. */
export interface HarnessInvocation {
  cloudId: string;
  apiBaseUrl: string;
  installationId: string;
  principal?: string;
  issue?: { key: string; id: string };
  project?: { key: string; id: string };
  moduleKey?: string;
}

/**
 * Plays Atlassian's part for the local harness: a key pair made in memory at start-up, a trust that
 * accepts only tokens signed with it (only loopback `apiBaseUrl`s), and a minting function. The
 * composition root creates it only outside production, so production never trusts this key.
 */
export interface HarnessSigner {
  readonly trust: FitTrust;
  mint(invocation: HarnessInvocation, options?: { lifetimeSeconds?: number }): Promise<string>;
}

export function createHarnessSigner(options: { clock?: () => Date } = {}): HarnessSigner {
  const clock = options.clock ?? (() => new Date());
  const kid = `harness-${randomUUID()}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk: JWK = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' };
  const keys: JWTVerifyGetKey = createLocalJWKSet({ keys: [jwk] });
  return {
    trust: {
      name: 'harness',
      keys,
      kids: new Set([kid]),
      appIds: [HARNESS_APP_ID],
      environments: [HARNESS_ENVIRONMENT.type],
      apiBaseAllowed: isLoopbackHttp,
    },
    async mint(inv, mintOptions = {}) {
      const now = Math.floor(clock().getTime() / 1000);
      const extension =
        inv.issue === undefined
          ? undefined
          : {
              type: 'jira:issueContext',
              issue: { key: inv.issue.key, id: inv.issue.id, type: 'Service Request' },
              ...(inv.project ? { project: { ...inv.project, type: 'service_desk' } } : {}),
            };
      return new SignJWT({
        app: {
          id: HARNESS_APP_ID,
          installationId: inv.installationId,
          apiBaseUrl: inv.apiBaseUrl,
          environment: HARNESS_ENVIRONMENT,
          module: { type: 'jira:issueContext', key: inv.moduleKey ?? 'triage-packet' },
          license: { isActive: true },
          installation: { contexts: [`ari:cloud:jira::site/${inv.cloudId}`] },
        },
        context: {
          cloudId: inv.cloudId,
          moduleKey: inv.moduleKey ?? 'triage-packet',
          ...(extension ? { extension } : {}),
        },
        ...(inv.principal === undefined ? {} : { principal: inv.principal }),
      })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(FIT_ISSUER)
        .setAudience(HARNESS_APP_ID)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + (mintOptions.lifetimeSeconds ?? 60))
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
