import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { TenantId } from '@triage/shared';
import { z } from 'zod';
import { AppError, isAppError } from '../../../common/errors';
import type { Logger } from '../../../infrastructure/logger';
import {
  ZafTokenError,
  type SidebarPage,
  type SidebarSession,
  type ZendeskSignIn,
} from '../../../platform/zendesk';
import { requestLogger } from '../../locals';
import { sessionBearer } from '../../middleware/session-auth';
import { sendOk } from '../../respond';
import { escapeHtml } from '../preview/html';

export interface ZendeskRouterOptions {
  signIn: ZendeskSignIn;
  page: SidebarPage;
  /** The ZAF SDK the page loads in Zendesk. */
  sdkUrl: string;
  logger: Logger;
  /**
   * The development sign-in for the local harness. Absent in production: the composition root never
   * passes it there, and the route does not exist.
   */
  development?: {
    /** Tenants the development sign-in may name (the demo workspace). */
    tenants: readonly string[];
    /** The stand-in for the ZAF SDK the harness page answers. */
    sdkUrl: string;
  };
}

const SignedForm = z.object({ token: z.string().min(1).max(8192) });

/** The product roles the harness may ask for (never reachable in production). */
const DevForm = z.object({
  tenant: TenantId,
  user_id: z.string().regex(/^\d{1,20}$/),
  name: z.string().trim().min(1).max(100),
  role: z.enum(['agent', 'specialist', 'team-lead', 'admin']),
  locale: z
    .string()
    .regex(/^[a-z]{2}(-[A-Za-z]{2})?$/)
    .optional(),
});

/** The only form fields read; the token is small, so the body limit is too. */
const formBody = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });

function sendPage(res: Response, status: number, csp: string, html: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      // The page carries a bearer token: no browser or proxy may keep it.
      'Cache-Control': 'no-store',
      'Content-Security-Policy': csp,
    })
    .send(html);
}

/** A refusal page: the iframe shows it to the agent, so it is HTML, and it says what to do. */
function sendRefusal(
  res: Response,
  status: number,
  title: string,
  detail: string,
  frameAncestors: string,
): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main role="alert"><h1 style="font:600 14px system-ui">${escapeHtml(title)}</h1>
<p style="font:14px system-ui">${escapeHtml(detail)}</p></main></body></html>`;
  sendPage(
    res,
    status,
    `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${frameAncestors}`,
    html,
  );
}

/** Any Zendesk account may frame a refusal: before verification we do not know which one is asking. */
const ANY_ZENDESK = 'https://*.zendesk.com';

/**
 * The Zendesk sidebar's entry points (PLATFORMS.md §1.2):
 *
 * - `POST /zendesk/sidebar` (form field `token`): Zendesk's first load of the signed `ticket_sidebar` URL.
 *   The token is verified, a session minted, and the built app returned with the session embedded,
 *   `Cache-Control: no-store`, a per-response CSP nonce and `frame-ancestors https://{subdomain}.zendesk.com`.
 *   A refused token is a 401 page; the reason is logged as a code, never the token.
 * - `POST /zendesk/session/renew` (`Authorization: Bearer <session>`): the page's session, renewed before it
 *   ends (see `ZendeskSignIn.renew`); answers `{ ok, data: session }` with `no-store`, or the usual error
 *   envelope (401 to sign in again, 403 when the person is no longer an agent).
 * - `GET /zendesk/assets/*`: the page's scripts and styles (unhashed names, so revalidated, not cached long).
 * - `POST /zendesk/dev-sign-in` (outside production only): the same page for the local harness, framed only
 *   by this origin, with the harness's stand-in SDK.
 */
export function zendeskRouter(options: ZendeskRouterOptions): Router {
  const router = Router();
  const { signIn, page } = options;

  router.use(
    '/zendesk/assets',
    function assetHeaders(_req: Request, res: Response, next: NextFunction) {
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      next();
    },
    express.static(page.assetsDir, {
      index: false,
      fallthrough: true,
      dotfiles: 'deny',
      cacheControl: false,
    }),
  );

  router.post('/zendesk/sidebar', formBody, async function zendeskSidebar(req: Request, res: Response) {
    const logger = requestLogger(res, options.logger);
    const form = SignedForm.safeParse(req.body);
    if (!form.success) {
      logger.warn({ refusal: 'missing_token' }, 'zendesk sign-in refused');
      sendRefusal(
        res,
        401,
        'Sign-in failed',
        'Zendesk did not send a sign-in token. Reload the ticket.',
        ANY_ZENDESK,
      );
      return;
    }
    let session: SidebarSession;
    try {
      session = await signIn.withZafToken(form.data.token);
    } catch (e) {
      if (e instanceof ZafTokenError) {
        logger.warn({ refusal: e.refusal }, 'zendesk sign-in refused');
        sendRefusal(
          res,
          401,
          'Sign-in failed',
          'This Zendesk session could not be verified. Reload the ticket; if it keeps happening, ask your Zendesk admin to reinstall the app.',
          ANY_ZENDESK,
        );
        return;
      }
      if (isAppError(e) && (e.code === 'forbidden' || e.code === 'unavailable')) {
        logger.warn({ refusal: e.reason ?? e.code }, 'zendesk sign-in refused');
        sendRefusal(res, e.code === 'forbidden' ? 403 : 503, 'Triage unavailable', e.message, ANY_ZENDESK);
        return;
      }
      throw e;
    }
    const rendered = await page.render(session, {
      sdkUrl: options.sdkUrl,
      frameAncestors: `https://${session.tenant}.zendesk.com`,
    });
    sendPage(res, 200, rendered.csp, rendered.html);
  });

  router.post('/zendesk/session/renew', async function renewSession(req: Request, res: Response) {
    const token = sessionBearer(req);
    if (token === undefined) {
      throw new AppError('unauthenticated', 'A session token is required.', { reason: 'missing_token' });
    }
    try {
      const session = await signIn.renew(token);
      res.set('Cache-Control', 'no-store');
      sendOk(res, 200, session);
    } catch (e) {
      if (isAppError(e)) {
        requestLogger(res, options.logger).warn({ refusal: e.reason ?? e.code }, 'session renewal refused');
      }
      throw e;
    }
  });

  const dev = options.development;
  if (dev) {
    router.post(
      '/zendesk/dev-sign-in',
      formBody,
      async function zendeskDevSignIn(req: Request, res: Response) {
        const form = DevForm.safeParse(req.body);
        if (!form.success || !dev.tenants.includes(form.data.tenant)) {
          sendRefusal(
            res,
            401,
            'Sign-in failed',
            'Development sign-in is for the demo workspace only.',
            "'self'",
          );
          return;
        }
        const session = await signIn.forDevelopment({
          tenant: form.data.tenant,
          userId: form.data.user_id,
          name: form.data.name,
          role: form.data.role,
        });
        const rendered = await page.render(session, {
          sdkUrl: dev.sdkUrl,
          frameAncestors: "'self'",
          ...(form.data.locale ? { locale: form.data.locale } : {}),
        });
        sendPage(res, 200, rendered.csp, rendered.html);
      },
    );
  }

  return router;
}
