import type { Router } from 'express';
import type { Config } from '../../infrastructure/config';
import type { CredentialCipher } from '../../infrastructure/crypto';
import type { Logger } from '../../infrastructure/logger';
import type { ReplayGuard } from '../../infrastructure/replay/replay-guard';
import type { SessionTokens } from '../../infrastructure/session/session-tokens';
import type { ConnectorsRepository } from '../../storage';
import type { TriageService } from '../../usecases/triage-service';
import { createZendeskHarnessRouter } from '../../web/routes/harness/zendesk-router';
import { zendeskRouter } from '../../web/routes/zendesk/router';
import { createConnectorPeople } from './people';
import { createZendeskPublicKeys, type TextFetcher } from './public-keys';
import { createSidebarPage, ZAF_SDK_URL } from './sidebar-page';
import { createZendeskSignIn } from './sign-in';
import { createZafTokenVerifier } from './zaf-token';

export interface ZendeskPlatformDeps {
  config: Config;
  logger: Logger;
  sessions: SessionTokens;
  services: TriageService;
  connectors: Pick<ConnectorsRepository, 'list'>;
  cipher: Pick<CredentialCipher, 'open'>;
  /** Where used sign-in tokens are remembered: shared by every process in production. */
  replay: ReplayGuard;
  clock?: () => Date;
  /** The demo workspace: the only tenant the development sign-in and the harness serve. */
  demoTenant: string;
  /** Replaces the public-key fetch (tests answer with locally generated keys). */
  fetchPublicKey?: TextFetcher;
}

/**
 * The Zendesk desk's routers: the signed sidebar entry and its assets; outside production also the
 * development sign-in and the local harness. Mounted at the root, outside `/v1` (they authenticate with
 * Zendesk's own token, then the page uses `/v1` with the session it was given).
 */
export function createZendeskRouters(deps: ZendeskPlatformDeps): { routers: Router[]; close(): void } {
  const { config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const production = config.nodeEnv === 'production';
  const verifier =
    config.zendeskAppId === undefined
      ? undefined
      : createZafTokenVerifier({
          publicKeys: createZendeskPublicKeys({
            appId: config.zendeskAppId,
            clock,
            ...(deps.fetchPublicKey ? { fetchText: deps.fetchPublicKey } : {}),
          }),
          replay: deps.replay,
          clock,
        });
  const people = createConnectorPeople({
    connectors: deps.connectors,
    cipher: deps.cipher,
    logger,
    allowInsecureLocal: config.connectorAllowInsecureLocal,
    clock,
  });
  const signIn = createZendeskSignIn({
    verifier,
    people,
    sessions: deps.sessions,
    renewDevelopmentSessions: !production,
    clock,
  });
  // Outside production the page is re-read on every load, so a rebuilt app shows without a restart.
  const page = createSidebarPage({ appDir: config.zendeskAppDir, reload: !production });
  const routers = [
    zendeskRouter({
      signIn,
      page,
      sdkUrl: ZAF_SDK_URL,
      logger,
      ...(production
        ? {}
        : { development: { tenants: [deps.demoTenant], sdkUrl: '/harness/zendesk/scripts/zaf-fake.js' } }),
    }),
  ];
  if (!production) {
    routers.push(
      createZendeskHarnessRouter({
        services: deps.services,
        tenant: deps.demoTenant,
        appDir: config.zendeskAppDir,
      }),
    );
  }
  return { routers, close: () => people.close() };
}
