import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import type { CaseRecord } from '@triage/shared';
import { z } from 'zod';
import type { TriageService } from '../../../usecases/triage-service';
import { scriptSafeJson } from '../../../platform/zendesk';
import { html, SafeHtml } from '../preview/html';

export interface ZendeskHarnessOptions {
  services: TriageService;
  /** The demo workspace the harness signs in to. */
  tenant: string;
  /** `zendesk-app/dist`: the harness scripts are in its `harness/` folder. */
  appDir: string;
}

const Query = z.object({
  ticket: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/)
    .optional(),
  role: z.enum(['agent', 'specialist', 'team-lead', 'admin']).default('agent'),
  user: z
    .string()
    .regex(/^\d{1,20}$/)
    .default('900001'),
  name: z.string().trim().min(1).max(100).default('Avery Agent'),
  locale: z.enum(['en', 'de', 'fr', 'es']).default('en'),
});

/** The fake ticket as the harness's ZAF stand-in answers `client.get('ticket.…')` from it. */
export interface HarnessTicket {
  id: number;
  caseRef: string;
  subject: string;
  description: string;
  status: string;
  priority: string | null;
  tags: string[];
  channel: string | null;
  updatedAt: string;
  requester: { id: string | null; name: string | null; email: string | null };
  organization: string | null;
  comments: { author: string; public: boolean; createdAt: string | null; body: string }[];
}

function ticketOf(record: CaseRecord): HarnessTicket {
  const digits = /(\d+)$/.exec(record.id)?.[1];
  return {
    id: digits === undefined ? 0 : Number(digits),
    caseRef: record.id,
    subject: record.subject ?? '',
    description: record.description ?? '',
    status: record.status ?? 'open',
    priority: record.priority ?? null,
    tags: record.tags ?? [],
    channel: record.channel ?? null,
    updatedAt: record.updated_at ?? record.created_at ?? new Date(0).toISOString(),
    requester: {
      id: record.requester?.id ?? null,
      name: record.requester?.name ?? null,
      email: record.requester?.email ?? null,
    },
    organization: record.organization?.name ?? null,
    comments: (record.comments ?? []).map((c) => ({
      author: c.author_role,
      public: c.public ?? true,
      createdAt: c.created_at ?? null,
      body: c.body,
    })),
  };
}

const HARNESS_CSS = `
body{margin:0;font:14px/1.45 system-ui,sans-serif;color:#2f3941;background:#f8f9f9}
header.top{padding:8px 16px;background:#03363d;color:#fff}header.top h1{font-size:16px;margin:0}
header.top p{margin:2px 0 0;font-size:12px;opacity:.85}
.layout{display:grid;grid-template-columns:220px 1fr 340px;gap:12px;padding:12px;align-items:start}
nav ul{list-style:none;padding:0;margin:0}nav li{margin:0 0 6px}nav li.selected a{font-weight:700}
.ticket{background:#fff;border:1px solid #d8dcde;border-radius:4px;padding:12px}
.ticket h2{font-size:18px;margin:0 0 4px}.muted{color:#68737d;font-size:12px}
.comment{border-top:1px solid #e9ebed;padding:8px 0;white-space:pre-wrap}
.composer{margin-top:12px;background:#fff;border:1px solid #d8dcde;border-radius:4px;padding:12px}
.composer textarea{width:100%;min-height:120px;box-sizing:border-box;font:inherit}
.composer .type{font-weight:600}
.app{background:#fff;border:1px solid #d8dcde;border-radius:4px;padding:0;width:322px}
.app iframe{display:block;width:320px;height:400px;border:0}
`;

/**
 * A stand-in for Zendesk's agent workspace, outside production only: a demo ticket, a comment composer,
 * and the real sidebar app in a 320 px iframe, signed in through the development sign-in. The page's
 * script answers the app's ZAF calls over `postMessage`, as Zendesk does, from the demo case's data.
 *
 * - `GET /harness/zendesk?ticket=ZD-10665&role=agent&user=900001&name=…&locale=en`
 * - `GET /harness/zendesk/{host,zaf-fake}.js`: built from `zendesk-app/harness/`
 */
export function createZendeskHarnessRouter(options: ZendeskHarnessOptions): Router {
  const router = Router();
  const { services, tenant } = options;

  router.use(
    '/harness/zendesk/scripts',
    function scriptHeaders(_req: Request, res: Response, next: () => void) {
      res.setHeader('Cache-Control', 'no-cache');
      next();
    },
    express.static(path.join(options.appDir, 'harness'), {
      index: false,
      dotfiles: 'deny',
      cacheControl: false,
    }),
  );

  router.get('/harness/zendesk', async function zendeskHarness(req: Request, res: Response) {
    const parsed = Query.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).type('text/plain').send('Bad harness query.');
      return;
    }
    const q = parsed.data;
    const list = await services.listCases(tenant, { limit: 100, status: 'open' });
    const caseRef = q.ticket ?? list.cases[0]?.caseRef;
    let ticket: HarnessTicket | null = null;
    if (caseRef) {
      try {
        ticket = ticketOf(await services.getCase(tenant, caseRef));
      } catch (e) {
        if (!(e instanceof Error && 'code' in e && e.code === 'case_not_found')) throw e;
      }
    }
    const nonce = randomBytes(18).toString('base64');
    const link = (ref: string) =>
      `/harness/zendesk?ticket=${encodeURIComponent(ref)}&role=${q.role}&user=${q.user}&name=${encodeURIComponent(q.name)}&locale=${q.locale}`;
    const nav = html`<nav aria-label="Demo tickets">
      <h2 class="muted">Open demo tickets</h2>
      <ul>
        ${list.cases.map(
          (c) =>
            html`<li${c.caseRef === caseRef ? html` class="selected"` : ''}>
              <a href="${link(c.caseRef)}">${c.caseRef}</a><br /><span class="muted">${c.subject}</span>
            </li>`,
        )}
      </ul>
    </nav>`;
    const desk: SafeHtml = ticket
      ? html`<div>
            <article class="ticket" aria-label="Ticket">
              <h2 id="ticket-subject">${ticket.subject}</h2>
              <p class="muted">
                #${ticket.id} · ${ticket.requester.name ?? ''} · ${ticket.organization ?? ''} ·
                ${ticket.status} · ${ticket.priority ?? ''} · ${ticket.tags.join(', ')}
              </p>
              <div class="comment">${ticket.description}</div>
              ${ticket.comments.map(
                (c) =>
                  html`<div class="comment">
                    <span class="muted"
                      >${c.author}${c.public ? '' : ' (internal)'} · ${c.createdAt ?? ''}</span
                    ><br />${c.body}
                  </div>`,
              )}
            </article>
            <section class="composer" aria-label="Comment composer">
              <p>Composer: <span class="type" id="comment-type">Public reply</span></p>
              <textarea id="composer" aria-label="Comment text"></textarea>
              <p>
                <button type="button" id="simulate-update">Simulate an update by another agent</button>
                <span class="muted" id="host-log" role="status"></span>
              </p>
            </section>
          </div>
          <section class="app" aria-label="Apps">
            <iframe name="zendesk-sidebar" id="zendesk-sidebar" title="Triage sidebar app"></iframe>
          </section>
          <form id="sign-in" method="post" action="/zendesk/dev-sign-in" target="zendesk-sidebar" hidden>
            <input type="hidden" name="tenant" value="${tenant}" />
            <input type="hidden" name="user_id" value="${q.user}" />
            <input type="hidden" name="name" value="${q.name}" />
            <input type="hidden" name="role" value="${q.role}" />
            <input type="hidden" name="locale" value="${q.locale}" />
          </form>
          <script type="application/json" id="harness-ticket">
            ${new SafeHtml(scriptSafeJson({ ticket, locale: q.locale, user: { id: q.user, name: q.name, role: q.role } }))}
          </script>`
      : html`<main><p>No ticket ${caseRef ?? ''} in the demo workspace.</p></main>`;

    const page = html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Zendesk harness – ${caseRef ?? 'no ticket'}</title>
          <style nonce="${nonce}">
            ${new SafeHtml(HARNESS_CSS)}
          </style>
        </head>
        <body>
          <header class="top">
            <h1>Zendesk sidebar harness</h1>
            <p>
              A fake Zendesk host for the real app · demo workspace · signed in as ${q.name} (${q.role}) ·
              local only
            </p>
          </header>
          <div class="layout">${nav}${desk}</div>
          <script type="module" src="/harness/zendesk/scripts/host.js"></script>
        </body>
      </html>`;
    res
      .status(ticket ? 200 : 404)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': [
          "default-src 'none'",
          "script-src 'self'",
          `style-src 'nonce-${nonce}'`,
          "frame-src 'self'",
          "form-action 'self'",
          "base-uri 'none'",
          // The preview page (same origin) shows the harness in an iframe.
          "frame-ancestors 'self'",
        ].join('; '),
      })
      .send(page.value);
  });

  return router;
}
