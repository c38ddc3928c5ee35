import type { CaseRecord, Evidence } from '@triage/shared';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import {
  createStripeClient,
  type CreatedRange,
  type StripeCharge,
  type StripeClient,
  type StripeCustomer,
  type StripeDispute,
  type StripeInvoice,
  type StripeRefund,
} from './client';
import { configSchema, secretsSchema, type StripeConfig } from './config';
import { formatMoney, toMajorUnits } from './money';

// Bounds that keep one fetch short whatever the account holds: Stripe duplicates customers per email
// often enough that a few are read, but never an unbounded walk.
const MAX_CUSTOMERS = 3;
const MAX_INVOICE_PAGES = 3;
const MAX_CHARGES_WITH_DETAILS = 5;
const DETAIL_LIMIT = 10;
const DAY_MS = 86_400_000;

const CUSTOMER_ID = /^cus_[A-Za-z0-9]+$/;
// Something in the case that looks like an invoice reference: Stripe ids, Stripe numbers
// (`PREFIX-0001`) and custom `INV-2026-0412` numbering. Only decides whether older pages are worth reading.
const INVOICE_REF = /\bin_[A-Za-z0-9]{8,}\b|\bINV(?:OICE)?[-#: ]?\d[\d-]{2,}\b|\b[A-Z0-9]{3,12}-\d{4,}\b/i;

function caseText(record: CaseRecord): string {
  return [record.subject, record.description, ...(record.comments ?? []).map((c) => c.body)]
    .filter((s): s is string => Boolean(s))
    .join('\n');
}

/** Whether `ref` occurs in `text` as a whole token (not inside a longer id). */
function cites(text: string, ref: string | null | undefined): boolean {
  if (!ref) return false;
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`, 'i').test(text);
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const day = (unixSeconds: number) => iso(unixSeconds).slice(0, 10);

/** The invoice's status for the engine: Stripe's own, plus `past_due` for an open invoice past its due date. */
function invoiceStatus(invoice: StripeInvoice, now: Date): string {
  const status = invoice.status ?? 'unknown';
  if (status === 'open' && invoice.due_date !== null && invoice.due_date * 1000 < now.getTime())
    return 'past_due';
  return status;
}

function stripeSource(id: string, config: StripeConfig, client: StripeClient): ConnectorSource {
  /** A dashboard deep link; test-mode objects live under `/test`. */
  const link = (livemode: boolean, path: string) => `${config.dashboardUrl}${livemode ? '' : '/test'}${path}`;

  async function findCustomers(record: CaseRecord, signal: AbortSignal): Promise<StripeCustomer[]> {
    const explicit = record.custom_fields?.stripe_customer_id;
    // Only a well-formed id is used; anything else in the field is a desk typo, and the email still works.
    if (typeof explicit === 'string' && CUSTOMER_ID.test(explicit.trim())) {
      const customer = await client.retrieveCustomer(explicit.trim(), signal);
      return customer ? [customer] : [];
    }
    const email = record.requester?.email?.trim();
    if (!email) return [];
    return client.listCustomersByEmail(email, MAX_CUSTOMERS, signal);
  }

  async function invoicesOf(
    customer: string,
    created: CreatedRange,
    text: string,
    signal: AbortSignal,
  ): Promise<StripeInvoice[]> {
    const out: StripeInvoice[] = [];
    const wantsCited = INVOICE_REF.test(text);
    let startingAfter: string | undefined;
    for (let page = 0; page < MAX_INVOICE_PAGES; page++) {
      const res = await client.listInvoices(
        { customer, limit: config.maxInvoices, created, ...(startingAfter ? { startingAfter } : {}) },
        signal,
      );
      out.push(...res.data);
      const last = res.data.at(-1);
      // The first page already holds the newest invoices; older pages only help to find one the
      // customer cites and that has not shown up yet.
      if (!res.hasMore || !last || !wantsCited || out.some((i) => cites(text, i.number) || cites(text, i.id)))
        break;
      startingAfter = last.id;
    }
    return out;
  }

  function invoiceEvidence(invoice: StripeInvoice, customerUrl: string | null, now: Date): Evidence {
    const status = invoiceStatus(invoice, now);
    const currency = invoice.currency.toUpperCase();
    const label = invoice.number ?? invoice.id;
    const due =
      invoice.due_date === null
        ? ''
        : `, due ${day(invoice.due_date)}${status === 'past_due' ? ' (overdue)' : ''}`;
    return toEvidence(id, 'invoice', invoice.id, {
      title: `Invoice ${label}: ${formatMoney(invoice.total, currency)}, ${status}`,
      excerpt: [
        `Created ${day(invoice.created)}${due}`,
        `paid ${formatMoney(invoice.amount_paid, currency)}, remaining ${formatMoney(invoice.amount_remaining, currency)}`,
        invoice.attempt_count ? `${invoice.attempt_count} payment attempt(s)` : null,
        invoice.description ?? null,
      ]
        .filter(Boolean)
        .join('; '),
      url: link(invoice.livemode, `/invoices/${encodeURIComponent(invoice.id)}`),
      observedAt: iso(invoice.created),
      attributes: {
        invoiceId: label,
        status,
        amount: toMajorUnits(invoice.total, currency),
        currency,
        stripeInvoiceId: invoice.id,
        stripeStatus: invoice.status,
        amountDue: toMajorUnits(invoice.amount_due, currency),
        amountPaid: toMajorUnits(invoice.amount_paid, currency),
        amountRemaining: toMajorUnits(invoice.amount_remaining, currency),
        dueDate: invoice.due_date === null ? null : iso(invoice.due_date),
        attemptCount: invoice.attempt_count ?? null,
        collectionMethod: invoice.collection_method ?? null,
        customerId: invoice.customer,
        customerUrl,
      },
    });
  }

  function chargeEvidence(charge: StripeCharge, customerUrl: string | null): Evidence {
    const currency = charge.currency.toUpperCase();
    const refunded = charge.refunded || charge.amount_refunded > 0;
    const notes = [
      charge.refunded ? 'refunded' : charge.amount_refunded > 0 ? 'partially refunded' : null,
      charge.disputed ? 'disputed' : null,
    ].filter(Boolean);
    return toEvidence(id, 'order', charge.id, {
      title: `Charge ${charge.id} ${formatMoney(charge.amount, currency)} ${charge.status}${
        charge.failure_code ? ` (${charge.failure_code})` : ''
      }${notes.length ? `, ${notes.join(', ')}` : ''}`,
      excerpt: [
        `Created ${day(charge.created)}`,
        charge.outcome?.seller_message ?? null,
        charge.failure_message ?? null,
        charge.amount_refunded > 0 ? `refunded ${formatMoney(charge.amount_refunded, currency)}` : null,
        charge.description ?? null,
      ]
        .filter(Boolean)
        .join('; '),
      url: link(charge.livemode, `/payments/${encodeURIComponent(charge.id)}`),
      observedAt: iso(charge.created),
      attributes: {
        orderType: 'charge',
        chargeId: charge.id,
        status: charge.status,
        amount: toMajorUnits(charge.amount, currency),
        currency,
        failureCode: charge.failure_code,
        refunded,
        disputed: charge.disputed,
        amountRefunded: toMajorUnits(charge.amount_refunded, currency),
        declineReason: charge.outcome?.reason ?? null,
        outcomeType: charge.outcome?.type ?? null,
        networkStatus: charge.outcome?.network_status ?? null,
        paymentMethodType: charge.payment_method_details?.type ?? null,
        cardBrand: charge.payment_method_details?.card?.brand ?? null,
        invoiceId: charge.invoice ?? null,
        customerId: charge.customer,
        customerUrl,
      },
    });
  }

  function refundEvidence(refund: StripeRefund, charge: StripeCharge): Evidence {
    const currency = refund.currency.toUpperCase();
    const status = refund.status ?? 'unknown';
    return toEvidence(id, 'order', refund.id, {
      title: `Refund ${refund.id} ${formatMoney(refund.amount, currency)} ${status} for charge ${charge.id}${
        refund.reason ? ` (${refund.reason})` : ''
      }`,
      excerpt: `Created ${day(refund.created)}; charge of ${formatMoney(charge.amount, charge.currency)}${
        refund.failure_reason ? `; failed: ${refund.failure_reason}` : ''
      }`,
      // The dashboard shows a refund on its payment's page.
      url: link(charge.livemode, `/payments/${encodeURIComponent(charge.id)}`),
      observedAt: iso(refund.created),
      attributes: {
        orderType: 'refund',
        refundId: refund.id,
        chargeId: charge.id,
        status,
        amount: toMajorUnits(refund.amount, currency),
        currency,
        failureCode: refund.failure_reason ?? null,
        refunded: true,
        disputed: charge.disputed,
        reason: refund.reason,
      },
    });
  }

  function disputeEvidence(dispute: StripeDispute, charge: StripeCharge): Evidence {
    const currency = dispute.currency.toUpperCase();
    const dueBy = dispute.evidence_details?.due_by ?? null;
    return toEvidence(id, 'order', dispute.id, {
      title: `Dispute ${dispute.id} ${formatMoney(dispute.amount, currency)} ${dispute.status} (${dispute.reason}) on charge ${charge.id}`,
      excerpt: [
        `Opened ${day(dispute.created)}`,
        dueBy === null ? null : `evidence due by ${day(dueBy)}`,
        dispute.evidence_details
          ? `${dispute.evidence_details.has_evidence ? 'evidence provided' : 'no evidence yet'}, ${dispute.evidence_details.submission_count} submission(s)`
          : null,
      ]
        .filter(Boolean)
        .join('; '),
      // The dashboard shows a dispute on its payment's page.
      url: link(dispute.livemode, `/payments/${encodeURIComponent(charge.id)}`),
      observedAt: iso(dispute.created),
      attributes: {
        orderType: 'dispute',
        disputeId: dispute.id,
        chargeId: charge.id,
        status: dispute.status,
        amount: toMajorUnits(dispute.amount, currency),
        currency,
        failureCode: null,
        refunded: charge.refunded || charge.amount_refunded > 0,
        disputed: true,
        reason: dispute.reason,
        evidenceDueBy: dueBy === null ? null : iso(dueBy),
        evidencePastDue: dispute.evidence_details?.past_due ?? null,
      },
    });
  }

  return {
    id,
    capabilities: ['billing'],

    async fetch(query: EvidenceQuery): Promise<Evidence[]> {
      const { signal } = query;
      const customers = (await findCustomers(query.record, signal)).slice(0, MAX_CUSTOMERS);
      if (customers.length === 0) return [];
      const text = caseText(query.record);
      const to = query.window.to.getTime();
      const from = Math.min(query.window.from.getTime(), to - config.minLookbackDays * DAY_MS);
      const created: CreatedRange = { gte: Math.floor(from / 1000), lte: Math.ceil(to / 1000) };
      const customerUrl = new Map(
        customers.map((c) => [c.id, link(c.livemode, `/customers/${encodeURIComponent(c.id)}`)]),
      );

      const perCustomer = await Promise.all(
        customers.map(async (c) => {
          const [invoices, charges] = await Promise.all([
            invoicesOf(c.id, created, text, signal),
            client.listCharges({ customer: c.id, limit: config.maxCharges, created }, signal),
          ]);
          return { invoices, charges: charges.data };
        }),
      );

      // Invoices the customer cites first, then troubled ones, then the newest.
      const invoiceRank = (i: StripeInvoice) =>
        cites(text, i.number) || cites(text, i.id)
          ? 0
          : ['past_due', 'uncollectible', 'open'].includes(invoiceStatus(i, query.now))
            ? 1
            : 2;
      const invoices = unique(perCustomer.flatMap((p) => p.invoices))
        .sort((a, b) => invoiceRank(a) - invoiceRank(b) || b.created - a.created)
        .slice(0, config.maxInvoices);
      const chargeRank = (c: StripeCharge) =>
        cites(text, c.id) ? 0 : c.status === 'failed' || c.disputed || c.amount_refunded > 0 ? 1 : 2;
      const charges = unique(perCustomer.flatMap((p) => p.charges))
        .sort((a, b) => chargeRank(a) - chargeRank(b) || b.created - a.created)
        .slice(0, config.maxCharges);

      const refundedCharges = charges.filter((c) => c.amount_refunded > 0).slice(0, MAX_CHARGES_WITH_DETAILS);
      const disputedCharges = charges.filter((c) => c.disputed).slice(0, MAX_CHARGES_WITH_DETAILS);
      const [refunds, disputes] = await Promise.all([
        Promise.all(
          refundedCharges.map(async (charge) =>
            (await client.listRefunds({ charge: charge.id, limit: DETAIL_LIMIT }, signal)).data.map((r) =>
              refundEvidence(r, charge),
            ),
          ),
        ),
        Promise.all(
          disputedCharges.map(async (charge) =>
            (await client.listDisputes({ charge: charge.id, limit: DETAIL_LIMIT }, signal)).data.map((d) =>
              disputeEvidence(d, charge),
            ),
          ),
        ),
      ]);

      const urlOf = (customer: string | null) => (customer ? (customerUrl.get(customer) ?? null) : null);
      return [
        ...invoices.map((i) => invoiceEvidence(i, urlOf(i.customer), query.now)),
        ...charges.map((c) => chargeEvidence(c, urlOf(c.customer))),
        ...disputes.flat(),
        ...refunds.flat(),
      ];
    },

    async testConnection(signal: AbortSignal): Promise<void> {
      await client.retrieveBalance(signal);
    },
  };
}

function unique<T extends { id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((i) => [i.id, i])).values()];
}

/**
 * Stripe billing evidence: the requester's customer (by `custom_fields.stripe_customer_id` or by email),
 * their invoices (kind `invoice`, an invoice the case cites first) and their charges, refunds and
 * disputes (kind `order`), each with a dashboard deep link.
 * @see https://docs.stripe.com/api
 */
export const stripeConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'stripe',
  title: 'Stripe billing',
  capabilities: ['billing'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }) {
    const client = createStripeClient({
      http: context.http,
      baseUrl: config.baseUrl,
      secretKey: secrets.secretKey,
      apiVersion: config.apiVersion,
    });
    return stripeSource(id, config, client);
  },
};
