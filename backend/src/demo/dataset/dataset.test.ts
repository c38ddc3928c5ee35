import { describe, expect, it } from 'vitest';
import { ActionKind, CaseRecord, DraftKind, MissingKey } from '@triage/shared';
import { TenantConfig } from '../../domain/tenant-config';
import { evaluate, matchRules } from '../../domain/rules';
import { buildDemoDataset, DemoDataset, describeOpenCases, QUEUES, TEMPLATE_SLOTS } from './index';

const NOW = new Date('2026-04-17T15:20:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const data = buildDemoDataset(NOW);
const history = data.cases.filter((c) => c.status === 'solved' || c.status === 'closed');
const open = data.cases.filter((c) => c.status === 'open' || c.status === 'new');
const t = (s: string | undefined | null): number => {
  if (!s) throw new Error('missing timestamp');
  return new Date(s).getTime();
};
const caseText = (c: CaseRecord): string =>
  [
    c.subject,
    c.description,
    ...(c.comments ?? []).map((m) => m.body),
    c.resolution,
    JSON.stringify(c.custom_fields ?? {}),
  ].join('\n');

describe('demo dataset: shape and determinism', () => {
  it('is deterministic for a given now', () => {
    expect(buildDemoDataset(new Date(NOW))).toEqual(buildDemoDataset(new Date(NOW)));
  });

  it('parses with the DemoDataset schema, and its config with TenantConfig', () => {
    expect(() => DemoDataset.parse(data)).not.toThrow();
    const parsed = TenantConfig.parse(data.config);
    expect(parsed).toEqual(data.config);
    expect(data.tenantId).toBe('demo');
  });

  it('every case parses as a CaseRecord, and ids are unique', () => {
    for (const c of data.cases) expect(CaseRecord.safeParse(c).success, c.id).toBe(true);
    expect(new Set(data.cases.map((c) => c.id)).size).toBe(data.cases.length);
    expect(new Set(data.invoices.map((i) => i.id)).size).toBe(data.invoices.length);
  });

  it('has the expected volumes', () => {
    expect(data.accounts.length).toBeGreaterThanOrEqual(22);
    expect(data.invoices.length).toBeGreaterThanOrEqual(55);
    expect(data.knownIssues.length).toBeGreaterThanOrEqual(9);
    expect(data.defects.length).toBeGreaterThanOrEqual(9);
    expect(data.releases.length).toBeGreaterThanOrEqual(12);
    expect(data.incidents.length).toBeGreaterThanOrEqual(6);
    expect(data.logLines.length).toBeGreaterThanOrEqual(280);
    expect(data.errorEvents.length).toBeGreaterThanOrEqual(28);
    expect(open.length).toBe(15);
    expect(describeOpenCases(NOW)).toHaveLength(15);
  });

  it('holds its invariants for other values of now (e.g. across a year boundary)', () => {
    for (const now of [new Date('2026-01-02T03:07:00Z'), new Date('2027-08-31T23:59:59Z')]) {
      const d = buildDemoDataset(now);
      expect(DemoDataset.safeParse(d).success).toBe(true);
      expect(new Set(d.invoices.map((i) => i.id)).size).toBe(d.invoices.length);
      expect(new Set(d.cases.map((c) => c.id)).size).toBe(d.cases.length);
      const dOpen = d.cases.filter((c) => c.status === 'open' || c.status === 'new');
      for (const c of dOpen) expect(now.getTime() - t(c.created_at)).toBeLessThanOrEqual(48 * HOUR);
    }
  });
});

describe('demo dataset: history', () => {
  it('has ~200 labelled historical cases over ≥ 5 queues with ≥ 10 cases each', () => {
    expect(history.length).toBeGreaterThanOrEqual(190);
    expect(history.length).toBeLessThanOrEqual(210);
    const perQueue = new Map<string, number>();
    for (const c of history) {
      expect(c.labels?.queue, c.id).toBeTruthy();
      expect(c.labels?.category, c.id).toBeTruthy();
      expect(c.labels?.severity, c.id).toMatch(/^sev[1-4]$/);
      expect(c.resolution, c.id).toBeTruthy();
      expect(c.solved_at, c.id).toBeTruthy();
      const q = c.labels?.queue ?? '';
      expect(QUEUES as readonly string[]).toContain(q);
      perQueue.set(q, (perQueue.get(q) ?? 0) + 1);
    }
    expect([...perQueue.values()].filter((n) => n >= 10).length).toBeGreaterThanOrEqual(5);
  });

  it('ids increase with time within each source', () => {
    for (const prefix of ['ZD-', 'SUP-']) {
      const ordered = data.cases
        .filter((c) => c.id.startsWith(prefix))
        .sort((a, b) => t(a.created_at) - t(b.created_at));
      const nums = ordered.map((c) => Number(c.id.slice(prefix.length)));
      for (let i = 1; i < nums.length; i++) expect(nums[i]).toBeGreaterThan(nums[i - 1] ?? 0);
    }
  });

  it('has ≥ 15 duplicate links, all pointing to an earlier case', () => {
    const byId = new Map(data.cases.map((c, i) => [c.id, { c, i }]));
    const dups = history.filter((c) => c.duplicate_of);
    expect(dups.length).toBeGreaterThanOrEqual(15);
    for (const c of dups) {
      const target = byId.get(c.duplicate_of ?? '');
      expect(target, `${c.id} -> ${c.duplicate_of ?? ''}`).toBeDefined();
      if (!target) continue;
      expect(t(target.c.created_at)).toBeLessThan(t(c.created_at));
      expect(target.i).toBeLessThan(byId.get(c.id)?.i ?? -1);
      expect(target.c.organization?.id).not.toBe(c.organization?.id);
      expect(target.c.description).not.toBe(c.description);
    }
    // Duplicate ids never leak into the text the engine sees.
    for (const c of dups) expect(caseText(c)).not.toContain(c.duplicate_of ?? '~');
  });

  it('has some non-English cases and both desks', () => {
    expect(history.filter((c) => c.tags?.some((x) => x.startsWith('lang_'))).length).toBeGreaterThanOrEqual(
      4,
    );
    expect(data.cases.filter((c) => c.source === 'jira').length).toBeGreaterThanOrEqual(10);
    expect(data.cases.filter((c) => c.source === 'zendesk').length).toBeGreaterThan(150);
  });

  it('has varied wording (not copy-paste)', () => {
    const descriptions = new Set(history.map((c) => c.description));
    expect(descriptions.size).toBeGreaterThanOrEqual(history.length * 0.9);
    expect(new Set(history.map((c) => c.subject)).size).toBeGreaterThanOrEqual(100);
  });
});

describe('demo dataset: referential integrity', () => {
  const accounts = new Map(data.accounts.map((a) => [a.id, a]));
  const contacts = new Map(
    data.accounts.flatMap((a) => a.contacts.map((c) => [c.email, { contact: c, account: a }] as const)),
  );
  const invoices = new Map(data.invoices.map((i) => [i.id, i]));
  const products = new Map(data.config.products.map((p) => [p.id, new Set(p.components)]));
  const hasComponent = (product: string, component: string): boolean =>
    products.get(product)?.has(component) ?? false;

  it('case organizations and requesters exist in the CRM', () => {
    for (const c of data.cases) {
      const who = contacts.get(c.requester?.email ?? '');
      expect(who, `${c.id} requester ${c.requester?.email ?? ''}`).toBeDefined();
      expect(c.requester?.id).toBe(who?.contact.id);
      if (c.organization) {
        expect(accounts.get(c.organization.id ?? '')?.name, c.id).toBe(c.organization.name);
        expect(who?.account.id, c.id).toBe(c.organization.id);
      }
      if (c.product) expect(products.has(c.product), c.id).toBe(true);
      const acctField = c.custom_fields?.account_id;
      if (typeof acctField === 'string') expect(acctField).toBe(c.organization?.id);
    }
  });

  it('contact emails are on the account domain and clearly fictional', () => {
    for (const a of data.accounts) {
      expect(a.domain.endsWith('.test')).toBe(true);
      for (const c of a.contacts) expect(c.email.endsWith(`@${a.domain}`)).toBe(true);
    }
  });

  it('invoices referenced in case text exist and belong to the case account', () => {
    let referenced = 0;
    for (const c of data.cases) {
      for (const id of caseText(c).match(/INV-\d{4}-\d{4}/g) ?? []) {
        referenced++;
        const inv = invoices.get(id);
        expect(inv, `${c.id} mentions ${id}`).toBeDefined();
        if (c.organization) expect(inv?.accountId, `${c.id} ${id}`).toBe(c.organization.id);
      }
    }
    expect(referenced).toBeGreaterThanOrEqual(15);
  });

  it('billing records line up', () => {
    const orders = new Set(data.orders.map((o) => o.id));
    for (const o of data.orders) expect(accounts.has(o.accountId)).toBe(true);
    for (const i of data.invoices) {
      expect(accounts.has(i.accountId), i.id).toBe(true);
      expect(orders.has(i.orderId), i.id).toBe(true);
      const sum = i.lines.reduce((s, l) => s + l.amount, 0);
      expect(Math.abs(sum - i.amount)).toBeLessThan(0.05);
    }
    const statuses = new Set(data.invoices.map((i) => i.status));
    for (const s of ['paid', 'past_due', 'refunded', 'disputed'] as const)
      expect(statuses.has(s), s).toBe(true);
    const doubleCharged = data.invoices.filter(
      (i) => i.payments.filter((p) => p.status === 'succeeded').length >= 2,
    );
    expect(doubleCharged.length).toBeGreaterThanOrEqual(3);
    expect(data.invoices.some((i) => i.payments.some((p) => p.status === 'failed'))).toBe(true);
  });

  it('knowledge, releases, incidents and status components reference real products and components', () => {
    const kiIds = new Set(data.knownIssues.map((k) => k.id));
    for (const k of data.knownIssues) expect(hasComponent(k.product, k.component), k.id).toBe(true);
    for (const d of data.defects) {
      expect(hasComponent(d.product, d.component), d.key).toBe(true);
      if (d.linkedKnownIssue) expect(kiIds.has(d.linkedKnownIssue), d.key).toBe(true);
    }
    for (const r of data.releases)
      for (const comp of r.components) expect(hasComponent(r.product, comp), r.version).toBe(true);
    for (const i of data.incidents)
      for (const comp of i.components) expect(hasComponent(i.product, comp), i.id).toBe(true);
    const expectedComponents = data.config.products.flatMap((p) =>
      p.components.map((comp) => `${p.id}.${comp}`),
    );
    expect(data.statusComponents.map((s) => s.id).sort()).toEqual([...expectedComponents].sort());
    // Fixed known issues name a release that exists.
    for (const k of data.knownIssues.filter((x) => x.fixedIn)) {
      expect(
        data.releases.some((r) => r.product === k.product && r.version === k.fixedIn),
        k.id,
      ).toBe(true);
    }
  });

  it('ids mentioned in case text resolve (known issues, incidents, defects)', () => {
    const known = new Set([
      ...data.knownIssues.map((k) => k.id),
      ...data.incidents.map((i) => i.id),
      ...data.defects.map((d) => d.key),
    ]);
    for (const c of data.cases) {
      for (const id of caseText(c).match(/\b(?:KI|INC|ENG)-\d+\b/g) ?? [])
        expect(known.has(id), `${c.id} mentions ${id}`).toBe(true);
    }
  });

  it('logs and error events point at real accounts', () => {
    for (const l of data.logLines) expect(accounts.has(l.accountId), l.message).toBe(true);
    for (const e of data.errorEvents)
      for (const a of e.accountIds) expect(accounts.has(a), e.title).toBe(true);
  });

  it('every known-issue signature appears in logs, error events or cases', () => {
    const corpus = [
      ...data.logLines.map((l) => l.message),
      ...data.errorEvents.map((e) => e.title),
      ...data.cases.map(caseText),
    ].join('\n');
    for (const k of data.knownIssues)
      expect(corpus.includes(k.signature), `${k.id} ${k.signature}`).toBe(true);
    // Open and monitoring issues also show up in recent logs.
    for (const k of data.knownIssues.filter((x) => x.status !== 'fixed')) {
      expect(
        data.logLines.some((l) => l.message.includes(k.signature)),
        k.id,
      ).toBe(true);
    }
  });

  it('each open case finds its own log lines by account and time window', () => {
    const needsLogs = open.filter((c) => c.organization && !/how do i/i.test(c.subject ?? ''));
    for (const c of needsLogs) {
      const accountId = c.organization?.id ?? '';
      const created = t(c.created_at);
      const hits = data.logLines.filter(
        (l) => l.accountId === accountId && t(l.ts) >= created - 10 * DAY && t(l.ts) <= NOW.getTime(),
      );
      expect(hits.length, c.id).toBeGreaterThan(0);
    }
  });
});

describe('demo dataset: timestamps relative to now', () => {
  it('historical cases lie in the last ~9 months and are solved before now', () => {
    for (const c of history) {
      expect(NOW.getTime() - t(c.created_at)).toBeLessThanOrEqual(275 * DAY);
      expect(t(c.solved_at)).toBeLessThanOrEqual(NOW.getTime());
      expect(t(c.solved_at)).toBeGreaterThan(t(c.created_at));
      for (const m of c.comments ?? []) {
        expect(t(m.created_at), c.id).toBeGreaterThanOrEqual(t(c.created_at));
        expect(t(m.created_at), c.id).toBeLessThanOrEqual(t(c.solved_at));
      }
    }
    const spread =
      Math.max(...history.map((c) => t(c.created_at))) - Math.min(...history.map((c) => t(c.created_at)));
    expect(spread).toBeGreaterThan(240 * DAY);
  });

  it('open cases were created in the last 48 hours, without labels or resolution', () => {
    for (const c of open) {
      const age = NOW.getTime() - t(c.created_at);
      expect(age, c.id).toBeGreaterThan(0);
      expect(age, c.id).toBeLessThanOrEqual(48 * HOUR);
      expect(c.labels).toBeUndefined();
      expect(c.resolution).toBeUndefined();
      expect(c.solved_at).toBeUndefined();
      for (const m of c.comments ?? []) expect(t(m.created_at)).toBeLessThanOrEqual(NOW.getTime());
    }
    const newest = Math.max(...history.map((c) => t(c.created_at)));
    expect(Math.min(...open.map((c) => t(c.created_at)))).toBeGreaterThan(newest);
  });

  it('a couple of open cases are past their first-response SLA, most are within it', () => {
    const tiers = new Map(data.accounts.map((a) => [a.id, a.tier]));
    const ongoing = data.incidents.find((i) => i.resolvedAt === null);
    let breached = 0;
    for (const c of open) {
      const tier = tiers.get(c.organization?.id ?? '') ?? data.config.slaPolicy.defaultTier;
      const facts = {
        text: [
          c.subject,
          c.description,
          ...(c.comments ?? []).filter((m) => m.author_role === 'customer').map((m) => m.body),
        ]
          .join('\n')
          .toLowerCase(),
        tier,
        product: c.product ?? null,
        openIncident: c.product !== undefined && c.product === ongoing?.product,
        affectedUsers: null,
      };
      const severity = matchRules(data.config.severityRules, facts)[0]?.rule.severity ?? 'sev3';
      const target = data.config.slaPolicy.tiers[tier]?.[severity].firstResponseMinutes ?? Infinity;
      const firstReply = (c.comments ?? []).find((m) => m.author_role === 'agent' && m.public !== false);
      const waited = ((firstReply ? t(firstReply.created_at) : NOW.getTime()) - t(c.created_at)) / 60_000;
      if (waited > target) breached++;
    }
    expect(breached).toBeGreaterThanOrEqual(2);
    expect(breached).toBeLessThanOrEqual(3);
  });

  it('has one ongoing incident that started ~3 h ago, and the rest resolved', () => {
    const ongoing = data.incidents.filter((i) => i.resolvedAt === null);
    expect(ongoing).toHaveLength(1);
    const inc = ongoing[0];
    if (!inc) return;
    expect(inc.status).not.toBe('resolved');
    expect(inc.components).toHaveLength(1);
    const age = NOW.getTime() - t(inc.startedAt);
    expect(age).toBeGreaterThan(2.5 * HOUR);
    expect(age).toBeLessThan(3.5 * HOUR);
    for (const i of data.incidents.filter((x) => x !== inc)) {
      expect(i.status).toBe('resolved');
      expect(t(i.resolvedAt)).toBeLessThan(NOW.getTime());
    }
    const degraded = data.statusComponents.filter((s) => s.status !== 'operational');
    expect(degraded.map((s) => s.id)).toEqual(inc.components.map((c) => `${inc.product}.${c}`));
    // A release 1–2 days before now touched the incident's component.
    const release = data.releases.find((r) => {
      const relAge = NOW.getTime() - t(r.releasedAt);
      return (
        r.product === inc.product &&
        r.components.some((c) => inc.components.includes(c)) &&
        relAge >= DAY &&
        relAge <= 2 * DAY
      );
    });
    expect(release).toBeDefined();
  });

  it('nothing is dated in the future', () => {
    const all = [
      ...data.logLines.map((l) => l.ts),
      ...data.errorEvents.flatMap((e) => [e.firstSeen, e.lastSeen]),
      ...data.releases.map((r) => r.releasedAt),
      ...data.knownIssues.map((k) => k.firstSeen),
      ...data.defects.map((d) => d.createdAt),
      ...data.invoices.map((i) => i.issuedAt),
      ...data.incidents.flatMap((i) => i.updates.map((u) => u.at)),
    ];
    for (const ts of all) expect(t(ts)).toBeLessThanOrEqual(NOW.getTime());
    for (const e of data.errorEvents) expect(t(e.lastSeen)).toBeGreaterThanOrEqual(t(e.firstSeen));
  });
});

describe('demo dataset: configuration', () => {
  const templates = data.config.templates;

  it('has one approved template for every draft kind', () => {
    for (const kind of DraftKind.options) {
      expect(
        templates.some((x) => x.kind === kind && x.locale === 'en' && x.version === 1),
        kind,
      ).toBe(true);
    }
  });

  it('has a question template for every MissingKey', () => {
    for (const key of MissingKey.options) {
      const q = templates.find((x) => x.kind === 'question' && x.missingKey === key);
      expect(q, key).toBeDefined();
      expect(q?.body.trim().endsWith('?'), key).toBe(true);
    }
  });

  it('template placeholders use only the allowed slot names', () => {
    const allowed = new Set<string>(TEMPLATE_SLOTS);
    for (const x of templates) {
      for (const m of x.body.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g))
        expect(allowed.has(m[1] ?? ''), `${x.id}: ${m[0]}`).toBe(true);
      expect(x.body.replace(/\{\{\s*[a-z_]+\s*\}\}/g, '')).not.toMatch(/\{\{|\}\}/);
    }
    const resolution = templates.find((x) => x.kind === 'resolution');
    expect(resolution?.riskClasses).toContain('root-cause-statement');
  });

  it('has an approval policy for every action kind', () => {
    for (const kind of ActionKind.options)
      expect(data.config.approvalPolicy.actions[kind], kind).toBeDefined();
    expect(data.config.approvalPolicy.actions['service-credit']?.roles).toEqual(['team-lead']);
  });

  it('has 8–12 troubleshooting steps covering every product', () => {
    expect(data.config.troubleshooting.length).toBeGreaterThanOrEqual(8);
    expect(data.config.troubleshooting.length).toBeLessThanOrEqual(12);
    for (const p of data.config.products)
      expect(
        data.config.troubleshooting.some((s) => s.product === p.id),
        p.id,
      ).toBe(true);
  });

  it('routing rules send clear cases to the queue history agrees with', () => {
    const tiers = new Map(data.accounts.map((a) => [a.id, a.tier]));
    let fired = 0;
    let agreed = 0;
    for (const c of history) {
      const facts = {
        text: [
          c.subject,
          c.description,
          ...(c.comments ?? []).filter((m) => m.author_role === 'customer').map((m) => m.body),
        ]
          .join('\n')
          .toLowerCase(),
        product: c.product ?? null,
        channel: c.channel ?? null,
        tier: tiers.get(c.organization?.id ?? '') ?? null,
        priority: c.priority ?? null,
        tags: c.tags ?? [],
        category: null,
        affectedUsers: null,
        openIncident: false,
      };
      const top = matchRules(data.config.routing.rules, facts)[0];
      if (!top) continue;
      fired++;
      if (top.rule.queue === c.labels?.queue) agreed++;
    }
    expect(fired).toBeGreaterThanOrEqual(history.length * 0.3);
    expect(agreed / fired).toBeGreaterThanOrEqual(0.8);
    for (const r of data.config.routing.rules) expect(QUEUES as readonly string[]).toContain(r.queue);
  });

  it('severity rules evaluate on the open demo cases', () => {
    const incidentCase = open.find((c) => c.subject?.startsWith('URGENT - checkout is down'));
    expect(incidentCase).toBeDefined();
    const facts = {
      text: `${incidentCase?.subject ?? ''}\n${incidentCase?.description ?? ''}`.toLowerCase(),
      tier: 'enterprise',
      product: 'payments',
      openIncident: true,
      affectedUsers: null,
    };
    const top = matchRules(data.config.severityRules, facts)[0];
    expect(top?.rule.severity).toBe('sev1');
    const howTo = open.find((c) => c.subject?.startsWith('How do I'));
    const howToTop = matchRules(data.config.severityRules, {
      text: `${howTo?.subject ?? ''}\n${howTo?.description ?? ''}`.toLowerCase(),
      tier: 'standard',
      product: 'billing',
    })[0];
    expect(howToTop?.rule.severity).toBe('sev4');
    expect(
      evaluate(
        { fact: 'text', operator: 'containsAny', value: ['leaked'] },
        { text: (open.find((c) => c.subject?.includes('leaked'))?.subject ?? '').toLowerCase() },
      ).matched,
    ).toBe(true);
  });
});
