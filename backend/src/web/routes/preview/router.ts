import { toPacketView, type CaseSummary } from '@triage/shared';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TriageService } from '../../../usecases/triage-service';
import { PREVIEW_CSS } from './preview-css';
import { html, type SafeHtml } from './html';
import { renderSidebar, renderTicket } from './render-packet';

const Query = z.object({
  case: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/)
    .optional(),
  refresh: z.enum(['true', 'false']).optional(),
  status: z.enum(['open', 'solved', 'all']).optional(),
});

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/preview/preview.css" />
      </head>
      <body>
        ${body}
      </body>
    </html>`.value;
}

function send(res: Response, status: number, body: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // No script at all on this page; links and styles from this origin only.
      'Content-Security-Policy':
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(body);
}

function caseList(cases: CaseSummary[], selected: string | undefined, status: string): SafeHtml {
  return html`<nav class="cases" aria-label="Tickets">
    <h2>Tickets</h2>
    <p class="filters">
      ${(['open', 'solved', 'all'] as const).map((s) => (s === status ? html`<strong>${s}</strong> ` : html`<a href="/preview?status=${s}">${s}</a> `))}
    </p>
    <ul>
      ${cases.map((c) => html`<li${c.caseRef === selected ? html` class="selected"` : ''}><a href="/preview?status=${status}&amp;case=${encodeURIComponent(c.caseRef)}">${c.caseRef}</a> ${c.subject}<br><span class="muted">${c.organization ?? ''} · ${c.priority ?? ''} · ${c.status ?? ''}</span></li>`)}
    </ul>
  </nav>`;
}

/**
 * The real sidebar app for the selected ticket, running in its harness (a fake desk around the built
 * app, signed in through the development sign-in): the Zendesk app for Zendesk tickets, the Forge panel
 * for JSM requests.
 */
function appFrame(caseRef: string, source: string | undefined): SafeHtml {
  const jsm = source === 'jira';
  const src = jsm
    ? `/harness/jsm?issue=${encodeURIComponent(caseRef)}`
    : `/harness/zendesk?ticket=${encodeURIComponent(caseRef)}`;
  return html`<section class="app-frame" aria-label="Sidebar app">
    <h2>${jsm ? 'Jira Service Management panel' : 'Zendesk sidebar app'} in its harness</h2>
    <iframe title="${jsm ? 'JSM panel harness' : 'Zendesk sidebar harness'}" src="${src}"></iframe>
  </section>`;
}

/**
 * The local preview: a ticket list and, for the chosen ticket, the packet exactly as a sidebar renders
 * the shared view-model. It serves one tenant (the demo) without a token, so it exists only outside
 * production; the composition root does not mount it there.
 */
export function createPreviewRouter(options: {
  services: TriageService;
  tenant: string;
  title: string;
}): Router {
  const router = Router();
  const { services, tenant } = options;

  router.get('/preview/preview.css', function previewCss(_req: Request, res: Response) {
    res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }).send(PREVIEW_CSS);
  });

  // Browsers ask for it on every page; an empty answer keeps the console clean.
  router.get('/favicon.ico', function favicon(_req: Request, res: Response) {
    res.status(204).end();
  });

  router.get('/preview', async function previewPage(req: Request, res: Response) {
    const parsed = Query.safeParse(req.query);
    if (!parsed.success) {
      send(
        res,
        400,
        page(
          'Bad request',
          html`<main>
            <p>That ticket reference is not valid.</p>
            <p><a href="/preview">Back to the ticket list</a></p>
          </main>`,
        ),
      );
      return;
    }
    const status = parsed.data.status ?? 'open';
    const list = await services.listCases(tenant, { limit: 100, status });
    const selected = parsed.data.case ?? list.cases[0]?.caseRef;
    let detail: SafeHtml = html`<main class="empty"><p>No tickets.</p></main>`;
    let selectedSource: string | undefined;
    let code = 200;
    if (selected) {
      try {
        const [record, packet] = await Promise.all([
          services.getCase(tenant, selected),
          services.getPacket(tenant, selected, { refresh: parsed.data.refresh === 'true' }),
        ]);
        selectedSource = record.source;
        detail = html`<main class="desk">
          ${renderTicket(record)}
          <div class="sidebar-frame">
            ${renderSidebar(toPacketView(packet))}
            <p>
              <a href="/preview?status=${status}&amp;case=${encodeURIComponent(selected)}&amp;refresh=true"
                >Rebuild packet</a
              >
            </p>
            ${
              record.source === 'jira'
                ? html`<p><a href="/harness/jsm?issue=${selected}">Open in the JSM panel harness</a></p>`
                : ''
            }
            ${
              record.source === 'jira'
                ? ''
                : html`<p>
                    <a href="/harness/zendesk?ticket=${selected}">Open in the Zendesk sidebar harness</a>
                  </p>`
            }
          </div>
        </main>`;
      } catch (e) {
        if (e instanceof Error && 'code' in e && e.code === 'case_not_found') {
          code = 404;
          detail = html`<main class="empty"><p>No ticket ${selected} in this workspace.</p></main>`;
        } else throw e;
      }
    }
    send(
      res,
      code,
      page(
        `Triage preview – ${options.title}`,
        html`<header class="top">
            <h1>Triage preview</h1>
            <p class="muted">${options.title} · tenant ${tenant} · local preview, not for production</p>
            <p><a href="/harness/zendesk?ticket=ZD-10665">Zendesk sidebar app (harness)</a></p>
            <p><a href="/harness/jsm?issue=SUP-842">Jira Service Management panel (Forge harness)</a></p>
          </header>
          <div class="layout">${caseList(list.cases, selected, status)}${detail}</div>
          ${selected ? appFrame(selected, selectedSource) : ''}`,
      ),
    );
  });

  return router;
}
