import type { CaseRecord, PacketView, Tone } from '@triage/shared';
import { html, safeUrl, type SafeHtml } from './html';

function pill(text: string, tone: Tone, title?: string): SafeHtml {
  return html`<span class="pill tone-${tone}" ${title ? html` title="${title}"` : ''}>${text}</span>`;
}

function reasons(list: { ref: string; text: string }[]): SafeHtml {
  if (list.length === 0) return html``;
  return html`<ul class="reasons">
    ${list.map((r) => html`<li><code>${r.ref}</code> ${r.text}</li>`)}
  </ul>`;
}

function link(text: string, url: string | null): SafeHtml {
  const href = safeUrl(url);
  return href ? html`<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>` : html`${text}`;
}

/** The packet as a sidebar shows it: a glanceable summary first, then the detail. */
export function renderSidebar(view: PacketView): SafeHtml {
  return html`<aside class="sidebar" aria-label="Triage packet">
    <header>
      <h2>Triage packet</h2>
      <p class="muted">
        Built ${view.builtAt} · ${view.engineVersion} · evidence ${view.completenessPct}% complete
      </p>
    </header>
    <section aria-label="Summary" class="chips">
      ${view.summary.map(
        (c) =>
          html`<details class="chip">
            <summary>
              ${pill(`${c.label}: ${c.value}`, c.tone)} <span class="muted">${c.confidencePct}%</span>
            </summary>
            ${reasons(c.reasons)}
          </details>`,
      )}
    </section>
    ${view.sla ? html`<section aria-label="SLA" class="sla">${pill(`SLA ${view.sla.state}`, view.sla.tone)} <span class="muted">${view.sla.detail}</span></section>` : ''}
    <section aria-label="Flags">
      <h3>Flags</h3>
      ${
        view.flags.length
          ? view.flags.map(
              (f) =>
                html`<details class="flag">
                  <summary>${pill(f.label, f.tone)}</summary>
                  ${reasons(f.reasons)}
                </details>`,
            )
          : html`<p class="muted">No flags raised.</p>`
      }
    </section>
    <section aria-label="Route">
      <h3>Route</h3>
      <p>
        ${view.route.needsHuman ? html`<strong>Needs a person to route</strong>` : html`<strong>${view.route.queue ?? ''}</strong>`}
        <span class="muted">${view.route.confidencePct}% confidence</span>
      </p>
      ${view.route.alternatives.length ? html`<p class="muted">Alternatives: ${view.route.alternatives.map((a) => `${a.queue} (${a.confidencePct}%)`).join(', ')}</p>` : ''}
      ${reasons(view.route.reasons)}
    </section>
    <section aria-label="First diagnostic action">
      <h3>First action</h3>
      <p>${view.firstAction.text}</p>
      ${reasons(view.firstAction.reasons)}
    </section>
    <section aria-label="Missing information">
      <h3>Missing (${view.missing.length})</h3>
      ${
        view.missing.length
          ? html`<ul class="missing">
              ${view.missing.map((m) => html`<li><strong>${m.label}</strong><br /><span class="muted">${m.why}</span><br /><q>${m.question}</q></li>`)}
            </ul>`
          : html`<p class="muted">Nothing missing.</p>`
      }
    </section>
    <section aria-label="Matches">
      <h3>Matches</h3>
      ${
        view.matches.length
          ? view.matches.map(
              (g) =>
                html`<h4>${g.label}</h4>
                  <ul class="matches">
                    ${g.items.map((m) => html`<li>${link(m.title, m.url)} <span class="muted">${m.scorePct}%${m.duplicate ? ' · likely duplicate' : ''}</span><br /><span class="muted">${m.why}</span>${m.resolution ? html`<br /><em>${m.resolution}</em>` : ''}</li>`)}
                  </ul>`,
            )
          : html`<p class="muted">No matches.</p>`
      }
    </section>
    <section aria-label="Evidence">
      <h3>Evidence</h3>
      ${view.evidence.map(
        (g) =>
          html`<details class="source" ${g.items.length ? 'open' : ''}>
            <summary>
              ${g.source} ${pill(g.status, g.tone)}
              <span class="muted">${g.items.length} item(s)${g.reason ? ` · ${g.reason}` : ''}</span>
            </summary>
            <ul>
              ${g.items.map((e) => html`<li id="${e.id}">${link(e.title, e.url)} <span class="muted">${e.kind} · ${e.observedAt}</span><br /><span class="excerpt">${e.sensitive ? 'Sensitive: shown after approval.' : e.excerpt}</span></li>`)}
            </ul>
          </details>`,
      )}
    </section>
    <section aria-label="Drafts">
      <h3>Drafts</h3>
      ${
        view.drafts.length
          ? view.drafts.map(
              (d) =>
                html`<article class="draft">
                  <h4>${d.label} <span class="muted">(${d.visibility})</span></h4>
                  <pre>${d.body}</pre>
                  <p class="muted">
                    Needs approval by
                    ${d.approvalRoles.join(' or ')}${d.fourEyes ? ', four-eyes' : ''}${d.riskClasses.length ? ` · risk: ${d.riskClasses.join(', ')}` : ''}
                    · sha256 ${d.payloadHash.slice(0, 12)}…
                  </p>
                </article>`,
            )
          : html`<p class="muted">No draft: no approved template fits yet.</p>`
      }
    </section>
    <section aria-label="Proposed actions">
      <h3>Proposed actions</h3>
      <ul class="actions">
        ${view.actions.map((a) => html`<li><strong>${a.title}</strong> <span class="muted">→ ${a.target} · ${a.autonomy} · approval: ${a.approvalRoles.join(' or ')}${a.fourEyes ? ' (four-eyes)' : ''}${a.riskClasses.length ? ` · risk: ${a.riskClasses.join(', ')}` : ''}</span></li>`)}
      </ul>
    </section>
  </aside>`;
}

/** The ticket as the desk would show it, left of the sidebar. Every value is escaped text. */
export function renderTicket(record: CaseRecord): SafeHtml {
  return html`<article class="ticket" aria-label="Ticket">
    <h2>${record.subject ?? record.id}</h2>
    <p class="muted">
      ${record.id} · ${record.channel ?? 'unknown channel'} · ${record.priority ?? 'no priority'} ·
      ${record.organization?.name ?? ''} · ${record.requester?.name ?? record.requester?.email ?? ''} ·
      ${record.created_at ?? ''}
    </p>
    <pre class="body">${record.description ?? ''}</pre>
    ${(record.comments ?? []).map(
      (c) =>
        html`<div class="comment ${c.author_role}">
          <p class="muted">
            ${c.author_role}${c.public === false ? ' (internal)' : ''} · ${c.created_at ?? ''}
          </p>
          <pre class="body">${c.body}</pre>
        </div>`,
    )}
  </article>`;
}
