import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../../common/errors';
import type { Logger } from '../../../infrastructure/logger';
import {
  bearerOf,
  FitError,
  ISSUE_KEY,
  syncIssue,
  type ForgePlatform,
  type VerifiedInvocation,
} from '../../../platform/forge';
import type { TriageService } from '../../../usecases/triage-service';
import { requestLogger } from '../../locals';
import { jsonBody } from '../../middleware/json-body';
import { validate } from '../../middleware/validate';
import { sendOk } from '../../respond';

/** A Jira product event as Forge sends it to a remote trigger endpoint; only the issue is used. */
const ProductEvent = z.looseObject({
  eventType: z.string().max(100).optional(),
  issue: z.looseObject({ key: z.string().regex(ISSUE_KEY) }),
});

const IssueKeyParam = z.object({ issueKey: z.string().regex(ISSUE_KEY, 'an issue key such as SUP-842') });

/** How long a trigger-driven read of one issue may take, packet build included. */
const SYNC_TIMEOUT_MS = 20_000;

export interface ForgeRoutesOptions {
  forge: ForgePlatform;
  services: TriageService;
  logger: Logger;
}

/**
 * `POST /forge/events`: the `triage-events` endpoint of manifest.yml, for `avi:jira:created:issue` and
 * `avi:jira:updated:issue`. Mounted outside `/v1`: it verifies the FIT itself (events carry no
 * `principal`), keeps the forwarded system token, answers 202 at once (Forge allows an event 5 s), and
 * reads the issue and builds its packet in the background, one run per issue at a time, so the packet is
 * ready when an agent opens the panel. Events for other project types are ignored there.
 */
export function forgeEventsRouter(options: ForgeRoutesOptions): Router {
  const { forge, services } = options;
  const router = Router();

  async function verifyEvent(req: Request, res: Response, next: NextFunction) {
    const token = bearerOf(req);
    try {
      if (token === undefined) throw new FitError('missing_token');
      res.locals.forge = await forge.verifier.verify(token);
      next();
    } catch (e) {
      if (!(e instanceof FitError)) throw e;
      requestLogger(res, options.logger).warn({ refusal: e.refusal }, 'forge invocation token refused');
      next(new AppError('unauthenticated', 'A valid bearer token is required.'));
    }
  }

  router.post('/forge/events', verifyEvent, ...jsonBody(), function forgeEvent(req: Request, res: Response) {
    const invocation = res.locals.forge;
    if (!invocation) throw new AppError('unauthenticated', 'A valid bearer token is required.');
    const event = ProductEvent.safeParse(req.body);
    const systemToken = req
      .get('x-forge-oauth-system')
      ?.replace(/^Bearer\s+/i, '')
      .trim();
    const log = requestLogger(res, options.logger);
    if (!event.success || !systemToken) {
      // 2xx all the same: Forge would retry an error, and a retry cannot make this event usable.
      log.warn(
        { tenant: invocation.tenant, usable: event.success, token: Boolean(systemToken) },
        'forge event ignored',
      );
      sendOk(res, 202, { accepted: false });
      return;
    }
    forge.tokens.remember({
      tenant: invocation.tenant,
      installationId: invocation.installationId,
      apiBaseUrl: invocation.apiBaseUrl,
      systemToken,
    });
    const issueKey = event.data.issue.key;
    forge.syncs.enqueue(`${invocation.tenant}/${issueKey}`, async () => {
      // Read the token when the run starts: a coalesced rerun uses the newest one.
      const held = forge.tokens.system(invocation.tenant);
      if (!held) return;
      const result = await syncIssue(
        { http: forge.http, services },
        {
          tenant: invocation.tenant,
          apiBaseUrl: held.apiBaseUrl,
          token: held.token,
          issueKey,
          signal: AbortSignal.timeout(SYNC_TIMEOUT_MS),
        },
      );
      log.info(
        { tenant: invocation.tenant, event: event.data.eventType, outcome: result.kind },
        'forge issue synced',
      );
    });
    sendOk(res, 202, { accepted: true });
  });

  return router;
}

function panelInvocation(res: Response): VerifiedInvocation {
  const invocation = res.locals.forge;
  if (!invocation) throw new AppError('forbidden', 'Only the Jira Service Management panel can do this.');
  return invocation;
}

/**
 * `/v1` routes only the JSM panel calls (through `invokeRemote`, FIT-authenticated):
 *
 * - `POST /forge/issues/:issueKey/sync` → reads the issue from Jira as the agent (their user token, so
 *   Jira decides whether they may see it), stores it and answers its fresh packet. The panel calls it
 *   when a case has no packet yet (the trigger has not run, or the app was installed after the issue
 *   was created). Only the issue the panel is open on (the signed context's) may be synced.
 */
export function forgeApiRouter(options: ForgeRoutesOptions): Router {
  const { forge, services } = options;
  const router = Router();
  const syncInput = validate({ params: IssueKeyParam });
  router.post(
    '/forge/issues/:issueKey/sync',
    syncInput,
    async function syncPanelIssue(req: Request, res: Response) {
      const invocation = panelInvocation(res);
      const { params } = syncInput.get(res);
      if (invocation.issueKey !== params.issueKey) {
        throw new AppError('forbidden', 'The panel can only load the issue it is open on.');
      }
      const accountId = invocation.principal;
      const held = accountId === undefined ? undefined : forge.tokens.user(invocation.tenant, accountId);
      if (!held) throw new AppError('forbidden', 'Jira did not pass on your permission to read this issue.');
      const result = await syncIssue(
        { http: forge.http, services },
        {
          tenant: invocation.tenant,
          apiBaseUrl: held.apiBaseUrl,
          token: held.token,
          issueKey: params.issueKey,
          signal: AbortSignal.timeout(SYNC_TIMEOUT_MS),
        },
      );
      if (result.kind !== 'built') throw new AppError('unprocessable', 'This is not a service-desk request.');
      sendOk(res, 200, result.packet);
    },
  );
  return router;
}
