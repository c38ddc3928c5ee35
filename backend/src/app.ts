import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Config } from './infrastructure/config';
import type { SessionTokens } from './infrastructure/session/session-tokens';
import type { Logger } from './infrastructure/logger';
import type { TriageService } from './usecases/triage-service';
import {
  accessLog,
  denyAll,
  devAuth,
  errorHandler,
  notFound,
  requestId,
  securityHeaders,
} from './web/middleware';
import { sessionAuth } from './web/middleware/session-auth';
import { casesRouter } from './web/routes/cases/router';
import { healthRouter } from './web/routes/health/router';
import { historyRouter } from './web/routes/history/router';
import { openApiRouter } from './web/routes/openapi/router';
import { packetsRouter } from './web/routes/packets/router';

/** What the HTTP app needs; the composition root (server.ts) builds these. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  services: TriageService;
  /** Readiness of dependencies (database, model); resolves when the service can serve. */
  ready: () => Promise<void>;
  /** Routers mounted at the root after the API (e.g. the local preview page). They run unauthenticated. */
  extraRouters?: Router[];
  /** More `/v1` routers, mounted behind the authenticator (e.g. connector administration). */
  apiRouters?: Router[];
  /**
   * The `/v1` authenticator (Zendesk session / Forge FIT, once they exist). It must set
   * `res.locals.auth`. When absent: the dev-token authenticator if `config.devTokens` is set
   * (never in production), otherwise every `/v1` request is refused with 401.
   */
  authenticate?: RequestHandler;
  /**
   * Session tokens minted after a desk's signed token was verified. When given, and no `authenticate`
   * is, `/v1` accepts them (and, outside production, the development tokens too).
   */
  sessions?: SessionTokens;
  /**
   * Puts the Forge Invocation Token authenticator in front of the one chosen above: a bearer JWT issued
   * by `forge/invocation-token` goes to it, every other request to the chosen one (platform/forge).
   */
  withForge?: (otherwise: RequestHandler) => RequestHandler;
}

/**
 * Composes the HTTP app: security headers, request id, access log, health, the OpenAPI document, the
 * authenticated `/v1` API, extra routers, 404 and the one error handler. Does not listen.
 *
 * Body limits: 1 MB JSON by default, 25 MB on `POST /v1/history/import` only (see json-body.ts).
 *
 * @throws Error when `config.devTokens` is set with `nodeEnv: 'production'`: the dev authenticator
 * must not be mountable in production, even if a hand-built config slipped past `loadConfig`.
 */
export function createApp(deps: AppDeps): Express {
  const { config, logger, services, ready, extraRouters = [], apiRouters = [] } = deps;
  if (config.nodeEnv === 'production' && config.devTokens !== undefined) {
    throw new Error('Refusing to start: DEV_TOKENS is set while NODE_ENV=production.');
  }
  const dev = config.devTokens ? devAuth({ tokens: config.devTokens, nodeEnv: config.nodeEnv }) : undefined;
  const chosen =
    deps.authenticate ??
    (deps.sessions
      ? sessionAuth({ sessions: deps.sessions, logger, ...(dev ? { fallback: dev } : {}) })
      : (dev ?? denyAll()));
  const authenticate = deps.withForge ? deps.withForge(chosen) : chosen;

  const app = express();
  app.disable('x-powered-by');
  // ETags on no-store API responses only cost hashing time.
  app.set('etag', false);

  app.use(securityHeaders({ hsts: config.nodeEnv === 'production' }));
  app.use(requestId({ logger }));
  app.use(accessLog({ logger }));

  app.use(healthRouter({ ready }));
  app.use(openApiRouter({ serverUrl: config.publicBaseUrl }));

  // Authentication runs before any body is read, so unauthenticated callers never make us buffer one.
  // Unknown /v1 paths also answer 401 to unauthenticated callers: the API's shape is not probeable.
  const v1 = express.Router();
  v1.use(authenticate);
  v1.use(casesRouter({ services }));
  v1.use(packetsRouter({ services }));
  v1.use(historyRouter({ services }));
  for (const router of apiRouters) v1.use(router);
  app.use('/v1', v1);

  for (const router of extraRouters) app.use(router);

  app.use(notFound());
  app.use(errorHandler({ logger }));
  return app;
}
