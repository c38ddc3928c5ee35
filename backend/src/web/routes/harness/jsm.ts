import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../../common/errors';
import { ISSUE_KEY, type HarnessSigner } from '../../../platform/forge';
import type { TriageService } from '../../../usecases/triage-service';
import { jsonBody } from '../../middleware/json-body';
import { html, SafeHtml } from '../preview/html';
import { createFakeJira, HARNESS_AGENTS, HARNESS_SYSTEM_TOKEN, harnessUserToken } from './jsm-fake-jira';
import { JSM_HOST_SCRIPT } from './jsm-host-script';

export { HARNESS_AGENTS, HARNESS_SYSTEM_TOKEN, harnessUserToken, type HarnessAgent } from './jsm-fake-jira';

export interface JsmHarnessOptions {
  signer: HarnessSigner;
  services: TriageService;
  /** The workspace the harness's site stands for (its cloudId): the demo tenant. */
  tenant: string;
  /** The panel's harness build (`jira-forge-app/harness/dist`). */
  appDir: string;
  /**
   * Where the backend calls "Jira" back (the FIT's `apiBaseUrl`). Default: the in-process fake Jira
   * served by this router, whose activity the page shows. Tests point it at their own fake server.
   */
  apiBaseUrl?: string;
}

const PageQuery = z.object({
  issue: z.string().regex(ISSUE_KEY).default('SUP-842'),
  as: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,128}$/)
    .optional(),
});

const InvokeRequest = z.object({
  issueKey: z.string().regex(ISSUE_KEY),
  accountId: z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/),
  request: z.object({
    // Forge Remote reaches the backend's API only; `..` would let a path climb out of it.
    path: z
      .string()
      .max(500)
      .regex(/^\/v1\/[A-Za-z0-9/._~%:?=&-]*$/)
      .refine((p) => !p.includes('..'), 'no dot segments'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
  }),
});

const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; frame-ancestors 'self'; base-uri 'none'";
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

const PAGE_STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#172B4D}
header{background:#0747A6;color:#fff;padding:8px 16px;display:flex;justify-content:space-between;align-items:center}
header a,header select{color:inherit}.layout{display:grid;grid-template-columns:minmax(0,1fr) 400px;gap:16px;padding:16px}
.issue h1{font-size:20px}.muted{color:#5E6C84;font-size:12px}iframe{width:400px;height:1400px;border:1px solid #DFE1E6;border-radius:3px}
#activity li{margin:6px 0;padding:6px;border-radius:3px}#activity li.internal{background:#FFFAE6}#activity li.public{background:#E3FCEF}
pre{white-space:pre-wrap;font:inherit}`;

/** The address this server answers on, for calling its own `/v1` the way Forge would. */
function selfBase(req: Request): string {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort ?? 80}`;
}

/**
 * The local Jira Service Management harness (never mounted in production): a page that looks like a
 * Jira issue view with the panel's harness build in an iframe, and plays the Forge platform for it.
 *
 * - `GET /harness/jsm?issue=SUP-842&as=<accountId>`: the page, signed in as one of {@link HARNESS_AGENTS}.
 * - `POST /harness/jsm/invoke`: what `invokeRemote` does on Atlassian's side: mints a Forge Invocation
 *   Token with the harness key (which the backend trusts only outside production), adds the forwarded
 *   user and system tokens, and calls this server's `/v1` route over HTTP. The answer goes back as
 *   `{status, headers, body}`, the shape `invokeRemote` resolves with.
 * - `GET /harness/jsm/app/…`: the panel build; `/harness/jsm/jira/…`: the in-process fake Jira.
 */
export function jsmHarnessRouter(options: JsmHarnessOptions): Router {
  const { signer, services, tenant } = options;
  const router = Router();
  const fakeJira = createFakeJira();
  router.use(fakeJira.router);

  const apiBaseFor = (req: Request) =>
    options.apiBaseUrl ?? `${selfBase(req)}/harness/jsm/jira/ex/jira/${tenant}`;

  router.use(
    '/harness/jsm/app',
    express.static(options.appDir, {
      index: 'index.html',
      fallthrough: false,
      setHeaders: (res) => {
        res.setHeader('Content-Security-Policy', APP_CSP);
        res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );

  router.get('/harness/jsm/host.js', function hostScript(_req: Request, res: Response) {
    res
      .set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' })
      .send(JSM_HOST_SCRIPT);
  });

  router.get('/harness/jsm/activity', function activity(req: Request, res: Response) {
    const issue = z.string().regex(ISSUE_KEY).safeParse(req.query.issue);
    res.json(issue.success ? fakeJira.activity(issue.data) : []);
  });

  router.get('/harness/jsm', async function harnessPage(req: Request, res: Response) {
    const query = PageQuery.safeParse(req.query);
    if (!query.success)
      throw new AppError('validation_failed', 'Use ?issue=SUP-842 and an agent from the list.');
    const agent = HARNESS_AGENTS.find((a) => a.accountId === query.data.as) ?? HARNESS_AGENTS[0];
    if (!agent) throw new Error('the harness has no agents');
    const issueKey = query.data.issue;
    const record = await services.getCase(tenant, issueKey);
    const projectKey = issueKey.replace(/-\d+$/, '');
    const config = {
      issueKey,
      accountId: agent.accountId,
      activity: options.apiBaseUrl === undefined ? `/harness/jsm/activity?issue=${issueKey}` : null,
      context: {
        accountId: agent.accountId,
        cloudId: tenant,
        siteUrl: `${selfBase(req)}/harness/jsm`,
        locale: 'en-US',
        timezone: 'UTC',
        moduleKey: 'triage-packet',
        localId: 'harness',
        environmentType: 'DEVELOPMENT',
        extension: {
          type: 'jira:issueContext',
          issue: { key: issueKey, id: issueKey.replace(/\D/g, ''), type: 'Service Request' },
          project: { key: projectKey, id: '10000', type: 'service_desk' },
        },
      },
    };
    // JSON in a script element: `<` is escaped so the issue's text can never close the element.
    const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
    const page = html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>${issueKey} · JSM harness</title>
          <style>
            ${PAGE_STYLE}
          </style>
        </head>
        <body>
          <header>
            <strong>Jira Service Management harness</strong>
            <span
              >Signed in as
              ${HARNESS_AGENTS.map(
                (a) =>
                  html`<a href="/harness/jsm?issue=${issueKey}&amp;as=${a.accountId}"
                    >${a.accountId === agent.accountId ? html`<strong>${a.name}</strong>` : a.name}</a
                  > `,
              )}
              · <a href="/preview">preview</a></span
            >
          </header>
          <div class="layout">
            <main class="issue">
              <p class="muted">${projectKey} / ${issueKey}</p>
              <h1>${record.subject ?? issueKey}</h1>
              <pre>${record.description ?? ''}</pre>
              <h2>Activity</h2>
              <ul id="activity" aria-live="polite"></ul>
            </main>
            <aside aria-label="Issue context panels">
              ${
                existsSync(path.join(options.appDir, 'index.html'))
                  ? html`<iframe id="panel" title="Triage packet" src="/harness/jsm/app/index.html"></iframe>`
                  : html`<p>
                      The panel is not built yet: run <code>npm run build -w jira-forge-app</code> and reload.
                    </p>`
              }
            </aside>
          </div>
          <script id="forge-harness" type="application/json">
            ${new SafeHtml(configJson)}
          </script>
          <script src="/harness/jsm/host.js"></script>
        </body>
      </html>`;
    res
      .status(200)
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP })
      .send(page.value);
  });

  router.post('/harness/jsm/invoke', ...jsonBody(), async function invoke(req: Request, res: Response) {
    const parsed = InvokeRequest.safeParse(req.body);
    if (!parsed.success) throw new AppError('validation_failed', 'Not a harness invocation.');
    const { issueKey, accountId, request } = parsed.data;
    if (!HARNESS_AGENTS.some((a) => a.accountId === accountId)) {
      throw new AppError('validation_failed', 'Not a harness agent.');
    }
    const fit = await signer.mint({
      cloudId: tenant,
      apiBaseUrl: apiBaseFor(req),
      installationId: `ari:cloud:ecosystem::installation/harness-${tenant}`,
      principal: accountId,
      issue: { key: issueKey, id: issueKey.replace(/\D/g, '') },
      project: { key: issueKey.replace(/-\d+$/, ''), id: '10000' },
    });
    const hasBody = request.body !== undefined;
    const answer = await fetch(new URL(request.path, selfBase(req)), {
      method: request.method,
      headers: {
        authorization: `Bearer ${fit}`,
        'x-forge-oauth-user': harnessUserToken(accountId),
        'x-forge-oauth-system': HARNESS_SYSTEM_TOKEN,
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(25_000),
    });
    const text = await answer.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      body = undefined;
    }
    res.json({
      status: answer.status,
      headers: { 'content-type': answer.headers.get('content-type') ?? '' },
      ...(body === undefined ? {} : { body }),
    });
  });

  return router;
}
