import type { Account, Contact, Incident, Invoice, KnownIssue, ProductId, Release, Tier } from './schema';
import type { Category, Queue } from './company';
import type { ContactRole } from './accounts';
import type { BillingEventKind } from './billing';
import { type Rng, itemAt } from './prng';

export type Severity = 'sev1' | 'sev2' | 'sev3' | 'sev4';
export type Channel = 'email' | 'web' | 'chat' | 'phone' | 'api';
export type Lang = 'en' | 'de' | 'es';
export type Tone = 'angry' | 'neutral' | 'polite';

/** Concrete details a scenario's wording can draw on, chosen once per case. */
export interface Details {
  browser: string;
  os: string;
  iosDevice: string;
  iosVersion: string;
  androidDevice: string;
  androidVersion: string;
  requestIds: [string, string, string];
  sdk: string;
  endpoint: string;
  users: number;
  records: number;
  minutes: number;
  /** A clock time shortly before the case was created ("14:05 UTC"). */
  onset: string;
  storeCount: number;
}

export interface Knowledge {
  knownIssues: readonly KnownIssue[];
  releases: readonly Release[];
  incidents: readonly Incident[];
}

export interface Ctx {
  rng: Rng;
  account: Account;
  contact: Contact;
  /** The contact's first name. */
  first: string;
  agent: string;
  agentFirst: string;
  created: Date;
  tone: Tone;
  lang: Lang;
  d: Details;
  /** The invoice the case is about (billing-event scenarios only). */
  invoice: Invoice | undefined;
  /** The incident the case was reported during (incident clusters only). */
  incident: Incident | undefined;
  knowledge: Knowledge;
  /** The newest release of a product at the time the case was created. */
  versionAt(product: ProductId): string;
  ki(id: string): KnownIssue;
  money(amount: number, currency: string): string;
}

export interface CaseText {
  subject: string;
  description: string;
}

export interface Outcome {
  /** The `resolution` field: the agent's summary as the history keeps it. */
  note: string;
  /** The closing public reply (without greeting and sign-off). */
  reply: string;
}

export type TextFn = (c: Ctx) => CaseText;

export interface Scenario {
  key: string;
  product: ProductId;
  component: string;
  queue: Queue;
  category: Category;
  severity: Severity | ((tier: Tier) => Severity);
  tags: string[];
  role: ContactRole;
  channels: Channel[];
  /** Relative frequency among the background cases; 0 means clusters or billing events only. */
  weight: number;
  /** Background cases only appear while this known issue was live (first seen → fixed + a week). */
  knownIssue?: string;
  /** Only after this release of the scenario's product. */
  afterRelease?: string;
  billingEvent?: BillingEventKind;
  texts: TextFn[];
  localized?: Partial<Record<'de' | 'es', TextFn[]>>;
  /** The agent's first public reply (body only). Defaults by category. */
  firstReply?: ((c: Ctx) => string)[];
  /** A customer follow-up (body only). */
  followUp?: ((c: Ctx) => string)[];
  /** An internal note the agent left (body only). */
  internalNote?: ((c: Ctx) => string)[];
  outcomes: ((c: Ctx) => Outcome)[];
  /** For each English text variant, the index of the outcome that answers it (default: any outcome). */
  outcomeFor?: number[];
  /** Closing replies for cases written in another language (the agent answers in kind). */
  localizedOutcomes?: Partial<Record<'de' | 'es', ((c: Ctx) => Outcome)[]>>;
  /** Hours from creation to solved: [min, max]. */
  resolveHours: [number, number];
  fields?: (c: Ctx) => Record<string, string | number | boolean>;
}

export function sevFor(s: Scenario, tier: Tier): Severity {
  return typeof s.severity === 'function' ? s.severity(tier) : s.severity;
}

/** A severity that is one step more urgent for enterprise customers. */
export function tiered(base: Severity): (tier: Tier) => Severity {
  const order: Severity[] = ['sev1', 'sev2', 'sev3', 'sev4'];
  return (tier) => {
    const i = order.indexOf(base);
    return tier === 'enterprise' ? itemAt(order, Math.max(0, i - 1)) : base;
  };
}

export function greeting(c: Ctx): string {
  if (c.lang === 'de') return c.rng.pick(['Hallo zusammen,', 'Guten Tag,', 'Hallo Support-Team,']);
  if (c.lang === 'es') return c.rng.pick(['Hola,', 'Buenos días,', 'Hola equipo de soporte,']);
  if (c.tone === 'angry') return c.rng.pick(['', 'Hello,', 'Support,']);
  return c.rng.pick(['Hi,', 'Hello,', 'Hi team,', 'Good morning,', 'Hi there,', '']);
}

export function signoff(c: Ctx): string {
  if (c.lang === 'de')
    return c.rng.pick([
      `Viele Grüße\n${c.contact.name}`,
      `Mit freundlichen Grüßen\n${c.contact.name}\n${c.contact.role}, ${c.account.name}`,
    ]);
  if (c.lang === 'es') return c.rng.pick([`Saludos,\n${c.contact.name}`, `Gracias,\n${c.first}`]);
  if (c.tone === 'angry')
    return c.rng.pick([c.contact.name, `${c.contact.name}\n${c.contact.role}, ${c.account.name}`, '']);
  return c.rng.pick([
    `Thanks,\n${c.first}`,
    `Thanks in advance!\n${c.first}`,
    `Best,\n${c.contact.name}`,
    `Regards,\n${c.contact.name}\n${c.contact.role} | ${c.account.name}`,
    `Cheers,\n${c.first}`,
  ]);
}

const ANGRY_LINES: ((c: Ctx) => string)[] = [
  () => 'This is the second time this quarter and frankly it is not acceptable.',
  (c) =>
    c.account.tier === 'standard'
      ? 'We are a small business and we cannot afford this kind of downtime.'
      : `We pay for ${c.account.tier} support. I expect someone to call me back within the hour.`,
  () => 'I need a real answer, not a link to a help article.',
  () => 'Our finance team is asking me why we are paying for this.',
  () => 'Please escalate this to someone who can actually fix it.',
];
const POLITE_LINES: ((c: Ctx) => string)[] = [
  () => 'No rush on this one, but we would appreciate a pointer.',
  () => 'Thanks for your help, your team has always been great.',
  () => 'Happy to jump on a call if that is easier.',
  () => 'Let me know if you need anything else from our side.',
];

/** Greeting + body + a tone line + sign-off, the way customers actually write. */
export function customerMessage(c: Ctx, body: string): string {
  const parts: string[] = [];
  const g = greeting(c);
  if (g) parts.push(g);
  parts.push(body);
  if (c.lang === 'en') {
    if (c.tone === 'angry') parts.push(c.rng.pick(ANGRY_LINES)(c));
    else if (c.tone === 'polite' && c.rng.chance(0.6)) parts.push(c.rng.pick(POLITE_LINES)(c));
  }
  const s = signoff(c);
  if (s) parts.push(s);
  return parts.join('\n\n');
}

/** An agent's public reply with greeting and sign-off. */
export function agentMessage(c: Ctx, body: string): string {
  if (c.lang === 'de')
    return `Guten Tag ${c.contact.name},\n\n${body}\n\nViele Grüße\n${c.agent}\nFerrowick Support`;
  if (c.lang === 'es') return `Hola ${c.first}:\n\n${body}\n\nSaludos,\n${c.agent}\nSoporte de Ferrowick`;
  const hi = c.rng.pick([`Hi ${c.first},`, `Hello ${c.first},`, `Hi ${c.first} —`]);
  const bye = c.rng.pick([
    `Best,\n${c.agent}`,
    `Kind regards,\n${c.agent}\nFerrowick Support`,
    `Thanks,\n${c.agentFirst}`,
  ]);
  return `${hi}\n\n${body}\n\n${bye}`;
}

export function fmtMoney(amount: number, currency: string): string {
  const abs = Math.abs(amount);
  const [int = '0', frac = '00'] = abs.toFixed(2).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol =
    currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : `${currency} `;
  return `${amount < 0 ? '-' : ''}${symbol}${grouped}.${frac}`;
}
