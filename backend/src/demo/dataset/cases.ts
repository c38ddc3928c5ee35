import type { CaseComment, CaseRecord } from '@triage/shared';
import type { Account, Incident, Invoice, KnownIssue, ProductId, Tier } from './schema';
import type { BillingEvent } from './billing';
import type {
  Channel,
  Ctx,
  Details,
  Knowledge,
  Lang,
  Outcome,
  Scenario,
  Severity,
  Tone,
} from './scenario-types';
import { agentMessage, customerMessage, fmtMoney, sevFor } from './scenario-types';
import { AGENTS } from './company';
import { contactFor, firstName } from './accounts';
import { addMinutes, clock, daysBefore, HOUR, iso, itemAt, MINUTE, type Rng } from './prng';
import { BILLING_SCENARIOS } from './scenarios-billing';
import { PAYMENTS_SCENARIOS } from './scenarios-payments';
import { SYNC_SCENARIOS } from './scenarios-sync';
import { IDENTITY_SCENARIOS, MOBILE_SCENARIOS } from './scenarios-mobile-identity';

export const SCENARIOS: readonly Scenario[] = [
  ...BILLING_SCENARIOS,
  ...PAYMENTS_SCENARIOS,
  ...SYNC_SCENARIOS,
  ...MOBILE_SCENARIOS,
  ...IDENTITY_SCENARIOS,
];

/** Accounts whose customers use the Jira Service Management portal rather than email to Zendesk. */
export const JSM_ACCOUNTS: ReadonlySet<string> = new Set(['acct-1002', 'acct-1005', 'acct-1014']);

export const HISTORY_SIZE = 200;
export const FIRST_ZD = 10231;
export const FIRST_SUP = 812;

/** Same underlying problem reported by several customers: the later reports are duplicates of the first. */
interface ClusterSpec {
  scenario: string;
  size: number;
  incident?: string;
  knownIssue?: string;
  regions?: Account['region'][];
}

const CLUSTERS: ClusterSpec[] = [
  { scenario: 'billing-pdf-delay-incident', incident: 'INC-201', size: 2 },
  { scenario: 'sync-webhook-delay-incident', incident: 'INC-214', size: 3 },
  { scenario: 'idp-sso-eu-incident', incident: 'INC-226', size: 3, regions: ['EU', 'UK'] },
  { scenario: 'pay-checkout-incident', incident: 'INC-239', size: 3 },
  { scenario: 'idp-scim-delay-incident', incident: 'INC-247', size: 2 },
  { scenario: 'billing-tax-proration', knownIssue: 'KI-11', size: 2 },
  { scenario: 'idp-saml-audience', knownIssue: 'KI-22', size: 2 },
  { scenario: 'pay-duplicate-capture', knownIssue: 'KI-14', size: 2 },
  { scenario: 'mobile-ios-offline-crash', knownIssue: 'KI-19', size: 2 },
  { scenario: 'sync-connector-429', knownIssue: 'KI-17', size: 3 },
  { scenario: 'billing-dunning-paid', knownIssue: 'KI-15', size: 2 },
  { scenario: 'pay-3ds-loop', knownIssue: 'KI-20', size: 2 },
  { scenario: 'mobile-android-pdf-crash', knownIssue: 'KI-21', size: 2 },
  { scenario: 'billing-pdf-truncated', knownIssue: 'KI-23', size: 2 },
  { scenario: 'idp-scim-session', knownIssue: 'KI-12', size: 2 },
];

const FALLBACK_VERSION: Record<ProductId, string> = {
  billing: '8.1.4',
  payments: '5.10.3',
  sync: '3.6.2',
  mobile: '6.9.3',
  identity: '2.5.4',
};

const FIRST_RESPONSE: Record<Tier, Record<Severity, number>> = {
  enterprise: { sev1: 15, sev2: 30, sev3: 120, sev4: 480 },
  business: { sev1: 30, sev2: 60, sev3: 240, sev4: 1440 },
  standard: { sev1: 60, sev2: 240, sev3: 480, sev4: 1440 },
};

export function firstResponseMinutes(tier: Tier, sev: Severity): number {
  return FIRST_RESPONSE[tier][sev];
}

interface Plan {
  scenario: Scenario;
  account: Account;
  created: Date;
  incident?: Incident;
  invoice?: Invoice;
  /** Index of the cluster and position in it (0 = the original report). */
  cluster?: { index: number; position: number };
  variant?: number;
}

export function scenarioByKey(key: string): Scenario {
  const s = SCENARIOS.find((x) => x.key === key);
  if (!s) throw new Error(`unknown scenario ${key}`);
  return s;
}

export function makeDetails(rng: Rng, account: Account, created: Date): Details {
  return {
    browser: rng.pick(['Chrome 124', 'Chrome 125', 'Edge 124', 'Firefox 126', 'Safari 17.4', 'Safari 17.5']),
    os: rng.pick(['Windows 11', 'macOS 14.4', 'macOS 14.5', 'Windows 10']),
    iosDevice: rng.pick([
      'iPhone 15 Pro',
      'iPhone 13',
      'iPhone 14',
      'iPad Air (5th gen)',
      'iPhone SE (3rd gen)',
    ]),
    iosVersion: rng.pick(['17.4.1', '17.5', '17.5.1', '16.7.8']),
    androidDevice: rng.pick(['Pixel 8', 'Galaxy S23', 'Galaxy A54', 'Pixel 7a', 'Moto G84']),
    androidVersion: rng.pick(['14', '14', '13']),
    requestIds: [`req_${rng.hex(16)}`, `req_${rng.hex(16)}`, `req_${rng.hex(16)}`],
    sdk: rng.pick([
      'ferrowick-node 4.2.1',
      'ferrowick-python 3.8.0',
      'ferrowick-php 2.11.3',
      'ferrowick-java 5.0.2',
      'ferrowick-ruby 1.14.0',
    ]),
    endpoint: `https://hooks.${account.domain}/ferrowick/events`,
    users: rng.pick([3, 7, 12, 25, 40, 85]),
    records: rng.int(40, 2400),
    minutes: rng.int(10, 90),
    onset: clock(addMinutes(created, -rng.int(15, 120))),
    storeCount: rng.int(2, 40),
  };
}

export function makeCtx(args: {
  rng: Rng;
  account: Account;
  scenario: Pick<Scenario, 'role'>;
  created: Date;
  tone: Tone;
  lang: Lang;
  knowledge: Knowledge;
  invoice?: Invoice;
  incident?: Incident;
  agent?: string;
  /** Versions are looked up no later than this (a known issue's affected version, not its fix). */
  versionCap?: Date;
}): Ctx {
  const { rng, account, created, knowledge } = args;
  const contact = contactFor(account, args.scenario.role);
  const agent =
    args.agent ??
    (args.lang === 'de' ? 'Katrin Vogel' : args.lang === 'es' ? 'Tomás Ortega' : rng.pick(AGENTS));
  return {
    rng,
    account,
    contact,
    first: firstName(contact.name),
    agent,
    agentFirst: firstName(agent),
    created,
    tone: args.tone,
    lang: args.lang,
    d: makeDetails(rng, account, created),
    invoice: args.invoice,
    incident: args.incident,
    knowledge,
    versionAt: (product) => {
      const cap = args.versionCap && args.versionCap < created ? args.versionCap : created;
      const rel = knowledge.releases
        .filter((r) => r.product === product && new Date(r.releasedAt) <= cap)
        .at(-1);
      return rel?.version ?? FALLBACK_VERSION[product];
    },
    ki: (id) => {
      const k = knowledge.knownIssues.find((x) => x.id === id);
      if (!k) throw new Error(`unknown known issue ${id}`);
      return k;
    },
    money: fmtMoney,
  };
}

function toneFor(rng: Rng, sev: Severity): Tone {
  if (sev === 'sev1' || sev === 'sev2')
    return rng.weighted([
      ['angry', 45],
      ['neutral', 40],
      ['polite', 15],
    ] as const);
  if (sev === 'sev3')
    return rng.weighted([
      ['angry', 15],
      ['neutral', 50],
      ['polite', 35],
    ] as const);
  return rng.weighted([
    ['angry', 3],
    ['neutral', 42],
    ['polite', 55],
  ] as const);
}

export function zendeskPriority(rng: Rng, sev: Severity): string {
  const base = { sev1: 'urgent', sev2: 'high', sev3: 'normal', sev4: 'low' }[sev];
  // Customers pick their own priority on web forms; it is noisy.
  if (rng.chance(0.15)) return rng.pick(['urgent', 'high', 'normal', 'low']);
  return base;
}

export function jiraPriority(sev: Severity): string {
  return { sev1: 'Highest', sev2: 'High', sev3: 'Medium', sev4: 'Low' }[sev];
}

function kiWindow(now: Date, ki: KnownIssue, knowledge: Knowledge): [Date, Date] {
  const start = addMinutes(new Date(ki.firstSeen), 12 * 60);
  const fix = ki.fixedIn
    ? knowledge.releases.find((r) => r.product === ki.product && r.version === ki.fixedIn)
    : undefined;
  const end = fix ? addMinutes(new Date(fix.releasedAt), 7 * 24 * 60) : daysBefore(now, 3);
  return [start, end < daysBefore(now, 3) ? end : daysBefore(now, 3)];
}

interface Exchange {
  reply: string;
  /** What the customer might answer to that reply. */
  answers: string[];
}

function defaultExchange(c: Ctx, s: Scenario): Exchange | null {
  if (s.category === 'how-to' || s.category === 'feature-request') return null;
  if (c.lang === 'de') {
    return {
      reply:
        'vielen Dank für Ihre Nachricht. Ich sehe mir das gerade an und prüfe die Protokolle zu Ihrem Konto. Ich melde mich in Kürze mit einem Zwischenstand.',
      answers: [
        'Gibt es schon etwas Neues?',
        `Anbei noch die Request-ID: ${c.d.requestIds[1]}. Zuletzt aufgetreten um ${c.d.onset}.`,
      ],
    };
  }
  if (c.lang === 'es') {
    return {
      reply:
        'gracias por escribirnos. Estoy revisando el caso y los registros de su cuenta; le escribo en cuanto tenga novedades.',
      answers: [
        '¿Hay alguna novedad?',
        `El ID de la solicitud es ${c.d.requestIds[1]}. La última vez fue a las ${c.d.onset}.`,
      ],
    };
  }
  const waiting =
    c.tone === 'angry'
      ? [
          'Any update? It has been hours.',
          'Still waiting. Please escalate.',
          'Hello?? Is anyone looking at this?',
        ]
      : ['Thanks, appreciate it.', 'Any update on this?'];
  if (s.queue === 'account-management') {
    return {
      reply: `thanks for getting in touch. I've looped in ${c.account.owner}, who looks after your account.`,
      answers: ['Thanks!', 'Great, thank you - looking forward to hearing back.'],
    };
  }
  if (s.category === 'billing') {
    return c.rng.pick<Exchange>([
      {
        reply: `thanks for reaching out. I'm pulling up ${c.invoice ? c.invoice.id : 'your invoices'} and the payment history now and will get back to you shortly.`,
        answers: ['Thanks. I attached the card statement in case it helps.', ...waiting],
      },
      {
        reply: `thanks, I'm looking at the billing records for ${c.account.name} now.`,
        answers: ['Any update? Our month-end close is this week.', 'Thanks for looking into it.'],
      },
    ]);
  }
  if (s.category === 'access' || s.category === 'account-change') {
    return c.rng.pick<Exchange>([
      {
        reply: "thanks for the details. I'm checking the sign-in logs for your workspace now.",
        answers: waiting,
      },
      {
        reply:
          'understood. Could you tell me roughly how many users are affected and whether it is all of them or only some?',
        answers: [
          `About ${c.d.users} so far.`,
          'Only this one person as far as we know.',
          'Everyone who signed in this morning.',
        ],
      },
    ]);
  }
  return c.rng.pick<Exchange>([
    {
      reply: `thanks for the report. I'm checking our logs for ${c.account.name} around the time you mentioned and will update you shortly.`,
      answers: waiting,
    },
    {
      reply:
        'thanks for reaching out. Could you send me the exact time it last happened and, if you have it, a request ID or a screenshot of the error?',
      answers: [
        `Sure - last time was around ${c.d.onset}. Request ID ${c.d.requestIds[1]}.`,
        `Screenshot attached. It happened again at ${c.d.onset}.`,
        `We're on ${c.d.browser} / ${c.d.os}, last seen around ${c.d.onset}.`,
      ],
    },
    { reply: "thank you, that's helpful. I'm trying to reproduce this on our side now.", answers: waiting },
  ]);
}

interface Rendered {
  record: CaseRecord;
  plan: Plan;
}

function render(now: Date, rng: Rng, plan: Plan, knowledge: Knowledge): Rendered {
  const { scenario: s, account } = plan;
  const sev = sevFor(s, account.tier);
  const wantLang: Lang = account.language;
  const localized = wantLang === 'en' ? undefined : s.localized?.[wantLang];
  const lang: Lang = localized && localized.length > 0 && rng.chance(0.8) ? wantLang : 'en';
  const ki = s.knownIssue ? knowledge.knownIssues.find((k) => k.id === s.knownIssue) : undefined;
  const fix = ki?.fixedIn
    ? knowledge.releases.find((r) => r.product === ki.product && r.version === ki.fixedIn)
    : undefined;
  const versionCap = fix ? addMinutes(new Date(fix.releasedAt), -1) : undefined;
  const c = makeCtx({
    rng,
    account,
    scenario: s,
    created: plan.created,
    tone: toneFor(rng, sev),
    lang,
    knowledge,
    invoice: plan.invoice,
    incident: plan.incident,
    versionCap,
  });
  const texts = lang === 'en' || !localized ? s.texts : localized;
  const variant = (plan.variant ?? rng.int(0, texts.length - 1)) % texts.length;
  const text = itemAt(texts, variant)(c);
  const jira = JSM_ACCOUNTS.has(account.id) && rng.chance(0.85);
  const channel: Channel = jira ? rng.pick<Channel>(['web', 'email']) : rng.pick(s.channels);
  const localOutcomes = lang === 'en' ? undefined : s.localizedOutcomes?.[lang];
  const mapped = lang === 'en' ? s.outcomeFor?.[variant] : undefined;
  const outcome: Outcome = (
    localOutcomes && localOutcomes.length > 0
      ? rng.pick(localOutcomes)
      : mapped !== undefined
        ? itemAt(s.outcomes, mapped)
        : rng.pick(s.outcomes)
  )(c);

  const [minH, maxH] = s.resolveHours;
  let solved = addMinutes(plan.created, (minH + rng.next() * (maxH - minH)) * 60);
  if (plan.incident?.resolvedAt) {
    const after = addMinutes(new Date(plan.incident.resolvedAt), rng.int(15, 180));
    if (solved < after) solved = after;
  }
  const latest = new Date(now.getTime() - 2 * HOUR);
  if (solved > latest) solved = latest;

  const comments: CaseComment[] = [];
  const sla = firstResponseMinutes(account.tier, sev);
  const closingAt = addMinutes(solved, -rng.int(2, 20));
  const at = (from: Date, to: Date, f: number): Date =>
    new Date(Math.floor((from.getTime() + (to.getTime() - from.getTime()) * f) / 1000) * 1000);
  const firstAt = addMinutes(
    plan.created,
    rng.chance(0.06) ? sla * (1.2 + rng.next()) : Math.max(3, rng.next() * sla * 0.8),
  );
  const exchange: Exchange | null =
    s.firstReply && lang === 'en' ? { reply: rng.pick(s.firstReply)(c), answers: [] } : defaultExchange(c, s);
  const first = exchange?.reply;
  const agent = agentId(c.agent);
  if (exchange && first && firstAt < closingAt) {
    comments.push({
      author_role: 'agent',
      public: true,
      created_at: iso(firstAt),
      author_id: agent,
      body: agentMessage(c, capitalize(first)),
    });
    const follow = s.followUp
      ? rng.pick(s.followUp)(c)
      : exchange.answers.length > 0
        ? rng.pick(exchange.answers)
        : null;
    if (follow && (s.followUp || rng.chance(0.55))) {
      comments.push({
        author_role: 'customer',
        public: true,
        created_at: iso(at(firstAt, closingAt, 0.2 + rng.next() * 0.3)),
        author_id: c.contact.id,
        body: follow,
      });
    }
  }
  const noteFrom = first && firstAt < closingAt ? firstAt : plan.created;
  if (s.internalNote && rng.chance(0.7)) {
    comments.push({
      author_role: 'agent',
      public: false,
      created_at: iso(at(noteFrom, closingAt, 0.6 + rng.next() * 0.3)),
      author_id: agent,
      body: rng.pick(s.internalNote)(c),
    });
  } else if (plan.incident && rng.chance(0.8)) {
    comments.push({
      author_role: 'agent',
      public: false,
      created_at: iso(at(noteFrom, closingAt, 0.1)),
      author_id: agent,
      body: `Linked to ${plan.incident.id} (${plan.incident.title}).`,
    });
  }
  comments.push({
    author_role: 'agent',
    public: true,
    created_at: iso(closingAt > plan.created ? closingAt : solved),
    author_id: agent,
    body: agentMessage(c, outcome.reply),
  });
  if (c.tone !== 'angry' && rng.chance(0.35)) {
    const thanks =
      lang === 'de'
        ? 'Danke, jetzt passt es.'
        : lang === 'es'
          ? '¡Gracias! Ya funciona.'
          : rng.pick([
              'Thanks, that worked!',
              'Perfect, thank you.',
              'Confirmed on our side, thanks for the quick help.',
              'Great, appreciate it.',
            ]);
    comments.push({
      author_role: 'customer',
      public: true,
      created_at: iso(solved),
      author_id: c.contact.id,
      body: thanks,
    });
  }
  comments.sort((x, y) => (x.created_at ?? '').localeCompare(y.created_at ?? ''));

  const closed = solved < daysBefore(now, 4);
  const fields: Record<string, string | number | boolean> = {
    product_area: s.component,
    ...(s.fields?.(c) ?? {}),
  };
  if (rng.chance(0.9)) fields.account_id = account.id;
  if (s.product === 'mobile') fields.app_version = c.versionAt('mobile');
  const tags = [...s.tags, `tier_${account.tier}`];
  if (lang !== 'en') tags.push(`lang_${lang}`);
  if (plan.incident) tags.push(plan.incident.id.toLowerCase());

  const record: CaseRecord = {
    id: 'pending',
    source: jira ? 'jira' : 'zendesk',
    created_at: iso(plan.created),
    updated_at: iso(closed ? addMinutes(solved, 4 * 24 * 60) : solved),
    subject: text.subject,
    description: customerMessage(c, text.description),
    comments,
    requester: { id: c.contact.id, email: c.contact.email, name: c.contact.name },
    organization: { id: account.id, name: account.name },
    channel,
    priority: jira ? jiraPriority(sev) : zendeskPriority(rng, sev),
    status: closed ? 'closed' : 'solved',
    tags,
    product: s.product,
    custom_fields: fields,
    labels: { queue: s.queue, category: s.category, severity: sev },
    resolution: outcome.note,
    duplicate_of: null,
    solved_at: iso(solved),
  };
  return { record, plan };
}

export function agentId(name: string): string {
  return `agent-${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]+/g, '-')}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function accountsFor(accounts: readonly Account[], s: Scenario, regions?: Account['region'][]): Account[] {
  return accounts.filter(
    (a) =>
      (s.queue === 'account-management' || a.products.includes(s.product)) &&
      (!regions || regions.includes(a.region)),
  );
}

function pickAccount(rng: Rng, candidates: readonly Account[]): Account {
  return rng.weighted(
    candidates.map((a) => [a, a.tier === 'enterprise' ? 3 : a.tier === 'business' ? 2 : 1] as const),
  );
}

export interface HistoryResult {
  cases: CaseRecord[];
  nextZd: number;
  nextSup: number;
}

/** ~200 solved cases over the last nine months, with labels and duplicate clusters. */
export function buildHistory(
  now: Date,
  rng: Rng,
  accounts: readonly Account[],
  knowledge: Knowledge,
  invoices: readonly Invoice[],
  events: readonly BillingEvent[],
): HistoryResult {
  const plans: Plan[] = [];
  const earliest = daysBefore(now, 270);
  const latestCreated = daysBefore(now, 3);

  CLUSTERS.forEach((spec, index) => {
    const s = scenarioByKey(spec.scenario);
    const members = rng.sample(accountsFor(accounts, s, spec.regions), spec.size);
    const variants = rng.shuffle(s.texts.map((_, i) => i));
    let t: Date;
    let incident: Incident | undefined;
    if (spec.incident) {
      incident = knowledge.incidents.find((i) => i.id === spec.incident);
      if (!incident) throw new Error(`unknown incident ${spec.incident}`);
      t = addMinutes(new Date(incident.startedAt), rng.int(6, 20));
    } else {
      const ki = knowledge.knownIssues.find((k) => k.id === spec.knownIssue);
      if (!ki) throw new Error(`unknown known issue ${spec.knownIssue ?? ''}`);
      t = addMinutes(new Date(ki.firstSeen), rng.int(6, 40) * 60);
    }
    members.forEach((account, position) => {
      plans.push({
        scenario: s,
        account,
        created: t,
        incident,
        cluster: { index, position },
        variant: variants[position % variants.length] ?? position,
      });
      t = incident ? addMinutes(t, rng.int(7, 35)) : addMinutes(t, rng.int(14, 110) * 60);
    });
  });

  for (const e of events) {
    if (e.kind === 'open-double-charge' || e.kind === 'open-failed-card') continue;
    const s = SCENARIOS.find((x) => x.billingEvent === e.kind);
    const account = accounts.find((a) => a.id === e.accountId);
    const invoice = invoices.find((i) => i.id === e.invoiceId);
    if (!s || !account || !invoice)
      throw new Error(`billing event ${e.kind} ${e.invoiceId} does not resolve`);
    plans.push({
      scenario: s,
      account,
      created: e.noticedAt < latestCreated ? e.noticedAt : latestCreated,
      invoice,
    });
  }

  const background = SCENARIOS.filter((s) => s.weight > 0);
  while (plans.length < HISTORY_SIZE) {
    const s = rng.weighted(background.map((x) => [x, x.weight] as const));
    let [from, to] = [earliest, latestCreated];
    if (s.knownIssue) {
      const ki = knowledge.knownIssues.find((k) => k.id === s.knownIssue);
      if (!ki) throw new Error(`unknown known issue ${s.knownIssue}`);
      [from, to] = kiWindow(now, ki, knowledge);
    }
    if (from < earliest) from = earliest;
    if (to <= from) continue;
    // Weekday-ish business hours are not modelled; spread uniformly, to the minute.
    const created = new Date(
      Math.floor((from.getTime() + rng.next() * (to.getTime() - from.getTime())) / MINUTE) * MINUTE,
    );
    plans.push({ scenario: s, account: pickAccount(rng, accountsFor(accounts, s)), created });
  }

  const rendered = plans.map((p) => render(now, rng, p, knowledge));
  rendered.sort((a, b) => a.plan.created.getTime() - b.plan.created.getTime());
  let zd = FIRST_ZD;
  let sup = FIRST_SUP;
  const clusterHead = new Map<number, string>();
  for (const r of rendered) {
    if (r.record.source === 'jira') {
      r.record.id = `SUP-${sup}`;
      sup += 1;
    } else {
      r.record.id = `ZD-${zd}`;
      zd += rng.int(1, 4); // other tickets (spam, internal) take numbers in between
    }
    const cl = r.plan.cluster;
    if (cl) {
      const head = clusterHead.get(cl.index);
      if (head === undefined) clusterHead.set(cl.index, r.record.id);
      else r.record.duplicate_of = head;
    }
  }
  return { cases: rendered.map((r) => r.record), nextZd: zd, nextSup: sup };
}
