/**
 * Stripe-shaped payloads for contract tests, written after the API reference: objects carry the documented
 * fields (including ones the connector ignores, so loose parsing is exercised), lists use the
 * `{ object: 'list', url, has_more, data }` envelope, and errors the `{ error: { type, code, message } }` body.
 * @see https://docs.stripe.com/api
 */

/** Unix seconds for an ISO time, as Stripe timestamps are. */
export const unix = (isoTime: string): number => Math.floor(Date.parse(isoTime) / 1000);

type Json = Record<string, unknown>;

/** @see https://docs.stripe.com/api/pagination */
export function stripeList(url: string, data: readonly Json[], hasMore = false): Json {
  return { object: 'list', url, has_more: hasMore, data };
}

/** @see https://docs.stripe.com/api/customers/object */
export function stripeCustomer(overrides: Json = {}): Json {
  return {
    id: 'cus_NffrFeUfNV2Hib',
    object: 'customer',
    address: null,
    balance: 0,
    created: unix('2025-02-03T09:00:00Z'),
    currency: 'usd',
    default_source: null,
    delinquent: true,
    description: 'Acme Corp main account',
    discount: null,
    email: 'jenny.rosen@example.com',
    invoice_prefix: '0759376C',
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: true,
    metadata: {},
    name: 'Jenny Rosen',
    next_invoice_sequence: 8,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
    ...overrides,
  };
}

/** What `GET /v1/customers/{id}` returns for a deleted customer. */
export function stripeDeletedCustomer(id = 'cus_NffrFeUfNV2Hib'): Json {
  return { id, object: 'customer', deleted: true };
}

/** @see https://docs.stripe.com/api/invoices/object */
export function stripeInvoice(overrides: Json = {}): Json {
  return {
    id: 'in_1MtHbELkdIwHu7ixl4OzzPMv',
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe Docs',
    amount_due: 12000,
    amount_paid: 12000,
    amount_overpaid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    attempt_count: 1,
    attempted: true,
    auto_advance: false,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created: unix('2026-11-01T00:00:00Z'),
    currency: 'usd',
    customer: 'cus_NffrFeUfNV2Hib',
    customer_email: 'jenny.rosen@example.com',
    customer_name: 'Jenny Rosen',
    description: null,
    due_date: null,
    effective_at: unix('2026-11-01T01:00:00Z'),
    hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1M2JTkLkdIwHu7ix/live_YWNjdF8x',
    invoice_pdf: 'https://pay.stripe.com/invoice/acct_1M2JTkLkdIwHu7ix/live_YWNjdF8x/pdf',
    lines: {
      object: 'list',
      data: [],
      has_more: false,
      total_count: 0,
      url: '/v1/invoices/in_1MtHbELkdIwHu7ixl4OzzPMv/lines',
    },
    livemode: true,
    metadata: {},
    number: '0759376C-0007',
    paid: true,
    period_end: unix('2026-11-01T00:00:00Z'),
    period_start: unix('2026-10-01T00:00:00Z'),
    status: 'paid',
    status_transitions: {
      finalized_at: unix('2026-11-01T01:00:00Z'),
      marked_uncollectible_at: null,
      paid_at: unix('2026-11-01T01:00:05Z'),
      voided_at: null,
    },
    subtotal: 12000,
    total: 12000,
    webhooks_delivered_at: unix('2026-11-01T00:00:02Z'),
    ...overrides,
  };
}

/** @see https://docs.stripe.com/api/charges/object */
export function stripeCharge(overrides: Json = {}): Json {
  return {
    id: 'ch_3MmlLrLkdIwHu7ix0snN0B15',
    object: 'charge',
    amount: 12000,
    amount_captured: 12000,
    amount_refunded: 0,
    application_fee_amount: null,
    balance_transaction: 'txn_3MmlLrLkdIwHu7ix0uke3Ezy',
    billing_details: { address: null, email: null, name: null, phone: null },
    calculated_statement_descriptor: 'STRIPE DOCS',
    captured: true,
    created: unix('2026-11-01T01:00:04Z'),
    currency: 'usd',
    customer: 'cus_NffrFeUfNV2Hib',
    description: 'Subscription update',
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: true,
    metadata: {},
    outcome: {
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 32,
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    paid: true,
    payment_intent: 'pi_3MmlLrLkdIwHu7ix0w9nR5mL',
    payment_method: 'pm_1MmlLrLkdIwHu7ixIJwEWSNR',
    payment_method_details: {
      card: {
        brand: 'visa',
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: 'US',
        exp_month: 3,
        exp_year: 2027,
        fingerprint: 'mToisGZ01V71BCos',
        funding: 'credit',
        last4: '4242',
        network: 'visa',
      },
      type: 'card',
    },
    receipt_email: null,
    receipt_url: 'https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8x',
    refunded: false,
    status: 'succeeded',
    ...overrides,
  };
}

/** @see https://docs.stripe.com/api/refunds/object */
export function stripeRefund(overrides: Json = {}): Json {
  return {
    id: 're_1Nispe2eZvKYlo2Cd31jOCgZ',
    object: 'refund',
    amount: 4000,
    balance_transaction: 'txn_1Nispe2eZvKYlo2CYezqFhEx',
    charge: 'ch_1NirD82eZvKYlo2CIvbtLWuY',
    created: unix('2026-11-10T10:00:00Z'),
    currency: 'usd',
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: {},
    payment_intent: 'pi_1GszsK2eZvKYlo2CfhZyoZLp',
    reason: 'requested_by_customer',
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
    ...overrides,
  };
}

/** @see https://docs.stripe.com/api/disputes/object */
export function stripeDispute(overrides: Json = {}): Json {
  return {
    id: 'du_1MtJUT2eZvKYlo2CNaw2HvEv',
    object: 'dispute',
    amount: 9900,
    balance_transactions: [],
    charge: 'ch_1AZtxr2eZvKYlo2CJDX8whov',
    created: unix('2026-11-12T08:00:00Z'),
    currency: 'usd',
    evidence: { customer_email_address: null, product_description: null, uncategorized_text: null },
    evidence_details: {
      due_by: unix('2026-11-22T23:59:59Z'),
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: true,
    livemode: true,
    metadata: {},
    payment_intent: null,
    reason: 'product_not_received',
    status: 'needs_response',
    ...overrides,
  };
}

/** @see https://docs.stripe.com/api/balance/balance_object */
export function stripeBalance(): Json {
  return {
    object: 'balance',
    available: [{ amount: 666670, currency: 'usd', source_types: { card: 666670 } }],
    connect_reserved: [{ amount: 0, currency: 'usd' }],
    livemode: true,
    pending: [{ amount: 61414, currency: 'usd', source_types: { card: 61414 } }],
  };
}

/** Stripe's error body. @see https://docs.stripe.com/api/errors */
export function stripeError(type: string, message: string, code?: string): Json {
  return {
    error: {
      ...(code === undefined
        ? {}
        : { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` }),
      message,
      request_log_url: 'https://dashboard.stripe.com/logs/req_Q5u5cG0FZaLbzA',
      type,
    },
  };
}

/** Headers Stripe sends on every answer. */
export const stripeHeaders = { 'request-id': 'req_Q5u5cG0FZaLbzA', 'stripe-version': '2025-03-31.basil' };
