import type { CaseRecord, Evidence } from '@triage/shared';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { redact } from '../../domain/redaction';
import { ConnectorError } from '../errors';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import {
  createRestOrdersClient,
  valueAt,
  type OrdersRequest,
  type RawOrder,
  type RestOrdersClient,
} from './client';
import { configSchema, secretsSchema, type RestOrdersConfig } from './config';

const PLACEHOLDER = /\{([^{}]*)\}/g;

// ISO 4217 exponents that differ from 2, for `amountUnit: 'minor'`.
const EXPONENT: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};
const exponent = (currency: string | null) => (currency === null ? 2 : (EXPONENT[currency] ?? 2));

/** The case value a placeholder names (see `PLACEHOLDER_PATHS`); `undefined` when the case has none. */
function caseValue(query: EvidenceQuery, path: string): string | undefined {
  const r = query.record;
  const text = (v: unknown) =>
    typeof v === 'string'
      ? v.trim() || undefined
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : undefined;
  switch (path) {
    case 'id':
      return text(r.id);
    case 'requester.id':
      return text(r.requester?.id);
    case 'requester.email':
      return text(r.requester?.email);
    case 'requester.name':
      return text(r.requester?.name);
    case 'organization.id':
      return text(r.organization?.id);
    case 'organization.name':
      return text(r.organization?.name);
    case 'window.from':
      return query.window.from.toISOString();
    case 'window.to':
      return query.window.to.toISOString();
    default:
      // Config validation admits only `custom_fields.<key>` besides the names above.
      return path.startsWith('custom_fields.')
        ? text(r.custom_fields?.[path.slice('custom_fields.'.length)])
        : undefined;
  }
}

/** Fills a template's placeholders; `null` when one has no value, because a query without its account key would list everyone's orders. */
function fill(
  template: string,
  value: (path: string) => string | undefined,
  encode: (s: string) => string,
): string | null {
  const values = new Map<string, string>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    const path = m[1] ?? '';
    const v = value(path);
    if (v === undefined) return null;
    values.set(path, encode(v));
  }
  return template.replace(PLACEHOLDER, (_, path: string) => values.get(path) ?? '');
}

const hasPlaceholder = (template: string) => /\{[^{}]*\}/.test(template);
const encodePath = (s: string) => encodeURIComponent(s);
const asIs = (s: string) => s;

function caseText(record: CaseRecord): string {
  return [record.subject, record.description, ...(record.comments ?? []).map((c) => c.body)]
    .filter((s): s is string => Boolean(s))
    .join('\n');
}

function cites(text: string, ref: string | null): boolean {
  if (!ref || ref.length < 3) return false;
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`, 'i').test(text);
}

// Vendor free text also lands in attributes, which `toEvidence` does not redact.
const clean = (s: string | null) => (s === null ? null : redact(s).text);

const scalar = (v: unknown): string | null =>
  typeof v === 'string' ? v.trim() || null : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;

function timestamp(v: unknown): string | null {
  let ms: number | undefined;
  // Epoch numbers: seconds unless they are too large to be seconds.
  if (typeof v === 'number' && Number.isFinite(v)) ms = v < 1e11 ? v * 1000 : v;
  else if (typeof v === 'string' && v.trim()) ms = Date.parse(v);
  return ms === undefined || Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Only http(s) links reach a person's click: a vendor-supplied `javascript:` URL must not. */
function safeLink(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

interface MappedOrder {
  id: string;
  number: string | null;
  status: string | null;
  amount: number | null;
  currency: string | null;
  createdAt: string | null;
  url: string | null;
  type: string | null;
  /** The vendor's text as sent, for title and excerpt, where `toEvidence` redacts and counts what it removes. */
  shown: { number: string | null; status: string | null; type: string | null };
}

function mapOrder(raw: RawOrder, config: RestOrdersConfig): MappedOrder {
  const f = config.fields;
  const id = scalar(valueAt(raw, f.id));
  if (id === null)
    throw new ConnectorError(
      'bad_response',
      `${config.systemName} sent an order without a value at fields.id`,
    );
  const rawCurrency = scalar(valueAt(raw, f.currency));
  const currency =
    rawCurrency && /^[A-Za-z]{3}$/.test(rawCurrency)
      ? rawCurrency.toUpperCase()
      : (config.defaultCurrency ?? null);
  const rawAmount = valueAt(raw, f.amount);
  const parsedAmount =
    typeof rawAmount === 'number'
      ? rawAmount
      : typeof rawAmount === 'string' && rawAmount.trim()
        ? Number(rawAmount)
        : NaN;
  const amount = Number.isFinite(parsedAmount)
    ? config.amountUnit === 'minor'
      ? Number((parsedAmount / 10 ** exponent(currency)).toFixed(exponent(currency)))
      : parsedAmount
    : null;
  const shown = {
    number: scalar(valueAt(raw, f.number)),
    status: scalar(valueAt(raw, f.status)),
    type: scalar(valueAt(raw, f.type)),
  };
  const number = clean(shown.number);
  // `Past Due` and `past-due` both mean the engine's `past_due`. Redacted before normalising:
  // underscores would hide a card number from the detector.
  const status =
    clean(shown.status)
      ?.toLowerCase()
      .replace(/[\s-]+/g, '_') ?? null;
  const linked = safeLink(valueAt(raw, f.url));
  const templated = config.linkTemplate
    ? safeLink(
        config.linkTemplate
          .replaceAll('{id}', encodeURIComponent(id))
          .replaceAll('{number}', encodeURIComponent(shown.number ?? id)),
      )
    : null;
  return {
    id,
    number,
    status,
    amount,
    currency,
    createdAt: timestamp(valueAt(raw, f.createdAt)),
    url: linked ?? templated,
    type: clean(shown.type)?.toLowerCase() ?? null,
    shown,
  };
}

function restOrdersSource(id: string, config: RestOrdersConfig, client: RestOrdersClient): ConnectorSource {
  const invoiceTypes = new Set(config.invoiceTypes.map((t) => t.toLowerCase()));

  function toItem(o: MappedOrder, now: Date): Evidence {
    const isInvoice = o.type !== null && invoiceTypes.has(o.type);
    const label = o.shown.number ?? o.id;
    const money =
      o.amount === null
        ? null
        : `${o.currency ? o.amount.toFixed(exponent(o.currency)) : String(o.amount)}${o.currency ? ` ${o.currency}` : ''}`;
    const head = `${isInvoice ? 'Invoice' : 'Order'} ${label}`;
    const tail = [money, o.shown.status].filter(Boolean).join(', ');
    const common = {
      number: o.number,
      type: o.type,
      createdAt: o.createdAt,
    };
    return toEvidence(id, isInvoice ? 'invoice' : 'order', o.id, {
      title: tail ? `${head}: ${tail}` : head,
      excerpt: [
        o.createdAt ? `Created ${o.createdAt.slice(0, 10)}` : null,
        o.shown.type ? `type ${o.shown.type}` : null,
      ]
        .filter(Boolean)
        .join('; '),
      url: o.url,
      // The order's own time; an order without one is what the system said now.
      observedAt: o.createdAt ?? now.toISOString(),
      attributes: isInvoice
        ? {
            invoiceId: o.number ?? o.id,
            status: o.status ?? 'unknown',
            amount: o.amount,
            currency: o.currency,
            orderId: o.id,
            ...common,
          }
        : { orderId: o.id, status: o.status, amount: o.amount, currency: o.currency, ...common },
    });
  }

  function staticQuery(): [string, string][] {
    return Object.entries(config.query).filter(([, template]) => !hasPlaceholder(template));
  }

  return {
    id,
    capabilities: ['billing'],

    async fetch(query: EvidenceQuery): Promise<Evidence[]> {
      const value = (path: string) => caseValue(query, path);
      const path = fill(config.ordersPath, value, encodePath);
      if (path === null) return [];
      const pairs: [string, string][] = [];
      for (const [name, template] of Object.entries(config.query)) {
        // URLSearchParams encodes query values; the path needs it done here.
        const filled = fill(template, value, asIs);
        if (filled === null) return [];
        pairs.push([name, filled]);
      }
      const request: OrdersRequest = { path, query: pairs };
      const orders = (await client.listOrders(request, query.signal)).map((raw) => mapOrder(raw, config));
      const text = caseText(query.record);
      // Orders the customer cites first, otherwise the API's own order.
      const rank = (o: MappedOrder) => (cites(text, o.number) || cites(text, o.id) ? 0 : 1);
      return orders
        .map((o, i) => ({ o, i }))
        .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
        .map(({ o }) => toItem(o, query.now));
    },

    async testConnection(signal: AbortSignal): Promise<void> {
      if (config.testPath !== undefined) {
        if (hasPlaceholder(config.testPath))
          throw new ConnectorError(
            'config',
            'testPath cannot hold placeholders: there is no case to fill them',
          );
        return client.probe({ path: config.testPath, query: staticQuery() }, false, signal);
      }
      if (hasPlaceholder(config.ordersPath))
        throw new ConnectorError(
          'config',
          'ordersPath needs case values; set testPath for the connection test',
        );
      return client.probe({ path: config.ordersPath, query: staticQuery() }, true, signal);
    },
  };
}

/**
 * A field-mapping adapter for an ERP or shop that lists a customer's orders over REST: the configured
 * case value selects the customer, dotted paths pick the fields, and each order becomes `order` evidence
 * (`invoice` when its mapped type says so).
 */
export const restOrdersConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'rest-orders',
  title: 'REST orders API',
  capabilities: ['billing'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }) {
    const client = createRestOrdersClient({ http: context.http, config, apiKey: secrets.apiKey });
    return restOrdersSource(id, config, client);
  },
};
