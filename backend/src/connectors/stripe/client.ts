import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { requestJson } from '../http-json';

const SYSTEM = 'Stripe';

/** A Stripe list envelope. @see https://docs.stripe.com/api/pagination */
function stripeList<T extends z.ZodType>(item: T) {
  return z.looseObject({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    url: z.string(),
  });
}

/** @see https://docs.stripe.com/api/customers/object */
export const StripeCustomer = z.looseObject({
  id: z.string(),
  object: z.literal('customer'),
  created: z.number(),
  livemode: z.boolean(),
  email: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  delinquent: z.boolean().nullable().optional(),
  currency: z.string().nullable().optional(),
  deleted: z.undefined().optional(),
});
export type StripeCustomer = z.output<typeof StripeCustomer>;

/** What `GET /v1/customers/{id}` answers for a deleted customer. */
const DeletedCustomer = z.looseObject({
  id: z.string(),
  object: z.literal('customer'),
  deleted: z.literal(true),
});

/** @see https://docs.stripe.com/api/invoices/object */
export const StripeInvoice = z.looseObject({
  id: z.string(),
  object: z.literal('invoice'),
  // Null until the invoice is finalized.
  number: z.string().nullable(),
  status: z.string().nullable(),
  customer: z.string().nullable(),
  currency: z.string(),
  total: z.number(),
  amount_due: z.number(),
  amount_paid: z.number(),
  amount_remaining: z.number(),
  created: z.number(),
  due_date: z.number().nullable(),
  livemode: z.boolean(),
  attempt_count: z.number().optional(),
  collection_method: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  hosted_invoice_url: z.string().nullable().optional(),
});
export type StripeInvoice = z.output<typeof StripeInvoice>;

/** @see https://docs.stripe.com/api/charges/object */
export const StripeCharge = z.looseObject({
  id: z.string(),
  object: z.literal('charge'),
  amount: z.number(),
  amount_refunded: z.number(),
  currency: z.string(),
  created: z.number(),
  status: z.string(),
  paid: z.boolean(),
  refunded: z.boolean(),
  disputed: z.boolean(),
  livemode: z.boolean(),
  customer: z.string().nullable(),
  failure_code: z.string().nullable(),
  failure_message: z.string().nullable(),
  description: z.string().nullable().optional(),
  // Removed from the charge in API 2025-03-31.basil; read when an older version still sends it.
  invoice: z.string().nullable().optional(),
  outcome: z
    .looseObject({
      type: z.string().nullable().optional(),
      network_status: z.string().nullable().optional(),
      reason: z.string().nullable().optional(),
      seller_message: z.string().nullable().optional(),
      risk_level: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  payment_method_details: z
    .looseObject({
      type: z.string(),
      card: z.looseObject({ brand: z.string().nullable().optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type StripeCharge = z.output<typeof StripeCharge>;

/** @see https://docs.stripe.com/api/refunds/object */
export const StripeRefund = z.looseObject({
  id: z.string(),
  object: z.literal('refund'),
  amount: z.number(),
  charge: z.string().nullable(),
  currency: z.string(),
  created: z.number(),
  reason: z.string().nullable(),
  status: z.string().nullable(),
  failure_reason: z.string().nullable().optional(),
});
export type StripeRefund = z.output<typeof StripeRefund>;

/** @see https://docs.stripe.com/api/disputes/object */
export const StripeDispute = z.looseObject({
  id: z.string(),
  object: z.literal('dispute'),
  amount: z.number(),
  charge: z.string(),
  currency: z.string(),
  created: z.number(),
  reason: z.string(),
  status: z.string(),
  livemode: z.boolean(),
  evidence_details: z
    .looseObject({
      due_by: z.number().nullable(),
      has_evidence: z.boolean(),
      past_due: z.boolean(),
      submission_count: z.number(),
    })
    .optional(),
});
export type StripeDispute = z.output<typeof StripeDispute>;

/** @see https://docs.stripe.com/api/balance/balance_object */
const StripeBalance = z.looseObject({
  object: z.literal('balance'),
  available: z.array(z.looseObject({ amount: z.number(), currency: z.string() })),
  livemode: z.boolean(),
});

const CustomerList = stripeList(StripeCustomer);
const InvoiceList = stripeList(StripeInvoice);
const ChargeList = stripeList(StripeCharge);
const RefundList = stripeList(StripeRefund);
const DisputeList = stripeList(StripeDispute);

export interface StripeList<T> {
  data: T[];
  hasMore: boolean;
}

/** Unix seconds, as Stripe's `created[gte]` / `created[lte]` filters take them. */
export interface CreatedRange {
  gte: number;
  lte: number;
}

export interface StripeClientOptions {
  http: GuardedClient;
  baseUrl: string;
  secretKey: string;
  apiVersion?: string | undefined;
}

/** The Stripe reads this connector makes; every call is one GET through {@link requestJson}. */
export interface StripeClient {
  /** `GET /v1/customers/{id}`; `null` when the customer was deleted. @throws ConnectorError `not_found` for an unknown id. */
  retrieveCustomer(id: string, signal: AbortSignal): Promise<StripeCustomer | null>;
  /** `GET /v1/customers?email=…&limit=…` (exact, case-sensitive match). */
  listCustomersByEmail(email: string, limit: number, signal: AbortSignal): Promise<StripeCustomer[]>;
  /** `GET /v1/invoices?customer=…&limit=…&created[gte]=…&created[lte]=…&starting_after=…`, newest first. */
  listInvoices(
    params: { customer: string; limit: number; created: CreatedRange; startingAfter?: string },
    signal: AbortSignal,
  ): Promise<StripeList<StripeInvoice>>;
  /** `GET /v1/charges?customer=…&limit=…&created[gte]=…&created[lte]=…`, newest first. */
  listCharges(
    params: { customer: string; limit: number; created: CreatedRange },
    signal: AbortSignal,
  ): Promise<StripeList<StripeCharge>>;
  /** `GET /v1/refunds?charge=…&limit=…`. */
  listRefunds(
    params: { charge: string; limit: number },
    signal: AbortSignal,
  ): Promise<StripeList<StripeRefund>>;
  /** `GET /v1/disputes?charge=…&limit=…`. */
  listDisputes(
    params: { charge: string; limit: number },
    signal: AbortSignal,
  ): Promise<StripeList<StripeDispute>>;
  /** `GET /v1/balance`: the cheapest authenticated read, for the connection test. */
  retrieveBalance(signal: AbortSignal): Promise<void>;
}

/**
 * Creates the Stripe API client. Auth is `Authorization: Bearer <key>`, as Stripe documents; query
 * parameters use Stripe's bracket syntax (`created[gte]`).
 * @see https://docs.stripe.com/api/authentication
 */
export function createStripeClient(options: StripeClientOptions): StripeClient {
  const headers: Record<string, string> = { Authorization: `Bearer ${options.secretKey}` };
  if (options.apiVersion) headers['Stripe-Version'] = options.apiVersion;

  function url(path: string, params: Record<string, string | number | undefined> = {}): URL {
    const u = new URL(`${options.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }
  async function get<S extends z.ZodType>(target: URL, schema: S, signal: AbortSignal): Promise<z.output<S>> {
    const res = await requestJson(options.http, { url: target, headers, signal, schema, system: SYSTEM });
    return res.data;
  }
  const created = (r: CreatedRange) => ({ 'created[gte]': r.gte, 'created[lte]': r.lte });

  return {
    async retrieveCustomer(id, signal) {
      const c = await get(
        url(`/v1/customers/${encodeURIComponent(id)}`),
        z.union([DeletedCustomer, StripeCustomer]),
        signal,
      );
      return c.deleted === true ? null : c;
    },
    async listCustomersByEmail(email, limit, signal) {
      const list = await get(url('/v1/customers', { email, limit }), CustomerList, signal);
      return list.data;
    },
    async listInvoices(p, signal) {
      const list = await get(
        url('/v1/invoices', {
          customer: p.customer,
          limit: p.limit,
          ...created(p.created),
          starting_after: p.startingAfter,
        }),
        InvoiceList,
        signal,
      );
      return { data: list.data, hasMore: list.has_more };
    },
    async listCharges(p, signal) {
      const list = await get(
        url('/v1/charges', { customer: p.customer, limit: p.limit, ...created(p.created) }),
        ChargeList,
        signal,
      );
      return { data: list.data, hasMore: list.has_more };
    },
    async listRefunds(p, signal) {
      const list = await get(url('/v1/refunds', { charge: p.charge, limit: p.limit }), RefundList, signal);
      return { data: list.data, hasMore: list.has_more };
    },
    async listDisputes(p, signal) {
      const list = await get(url('/v1/disputes', { charge: p.charge, limit: p.limit }), DisputeList, signal);
      return { data: list.data, hasMore: list.has_more };
    },
    async retrieveBalance(signal) {
      await get(url('/v1/balance'), StripeBalance, signal);
    },
  };
}
