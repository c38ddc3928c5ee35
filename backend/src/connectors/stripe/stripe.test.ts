import type { CaseRecord, Evidence } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvoiceFacts } from '../../domain/triage/evidence-attributes';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { ConnectorError } from '../errors';
import {
  startFakeServer,
  type FakeHandler,
  type FakeServer,
  type RecordedRequest,
} from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { EvidenceQuery } from '../types';
import {
  stripeBalance,
  stripeCharge,
  stripeCustomer,
  stripeDeletedCustomer,
  stripeDispute,
  stripeError,
  stripeHeaders,
  stripeInvoice,
  stripeList,
  stripeRefund,
  unix,
} from './fixtures';
import { stripeConfigSchema, stripeConnector, stripeSecretsSchema } from './index';
import { formatMoney, toMajorUnits } from './money';

const KEY = 'rk_test_51MtHbELkdIwHu7ixFakeKey0123';
const NOW = new Date('2026-11-20T12:00:00Z');
const WINDOW = { from: new Date('2026-11-13T12:00:00Z'), to: NOW };
const CUSTOMER = 'cus_NffrFeUfNV2Hib';

let server: FakeServer;
let route: FakeHandler = () => ({ status: 500 });

beforeAll(async () => {
  server = await startFakeServer((req) => route(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

// The definition must fit the registry's untyped slot.
const definition: ConnectorDefinition = stripeConnector;

function source(config: Record<string, unknown> = {}): ConnectorSource {
  return definition.create({
    id: 'stripe-main',
    config: stripeConfigSchema.parse({ baseUrl: server.baseUrl, ...config }),
    secrets: stripeSecretsSchema.parse({ secretKey: KEY }),
    context: testConnectorContext({}, NOW),
  });
}

function query(record: Partial<CaseRecord> = {}, signal = neverAborted()): EvidenceQuery {
  return {
    tenant: 't1',
    record: {
      id: '4711',
      subject: 'Charged but invoice still open',
      description: 'Hi, my card was declined and invoice INV-2026-0412 says unpaid.',
      requester: { id: '99', email: 'jenny.rosen@example.com', name: 'Jenny Rosen' },
      ...record,
    },
    window: WINDOW,
    now: NOW,
    signal,
  };
}

const ok = (body: unknown) => ({ status: 200, headers: stripeHeaders, body });

const INVOICES = [
  stripeInvoice(),
  stripeInvoice({
    id: 'in_1OpenPastDue0000000001',
    number: '0759376C-0006',
    status: 'open',
    amount_paid: 0,
    amount_remaining: 12000,
    attempt_count: 3,
    collection_method: 'send_invoice',
    created: unix('2026-10-20T00:00:00Z'),
    due_date: unix('2026-11-05T00:00:00Z'),
  }),
  stripeInvoice({
    id: 'in_1CitedByCustomer000001',
    number: 'INV-2026-0412',
    status: 'paid',
    created: unix('2026-10-18T00:00:00Z'),
    total: 4999,
    amount_due: 4999,
    amount_paid: 4999,
  }),
];
const FAILED = stripeCharge({
  id: 'ch_3FailedCardDeclined0001',
  status: 'failed',
  paid: false,
  captured: false,
  amount_captured: 0,
  failure_code: 'card_declined',
  failure_message: 'Your card was declined.',
  outcome: {
    network_status: 'declined_by_network',
    reason: 'insufficient_funds',
    risk_level: 'normal',
    seller_message: 'The bank returned the decline code `insufficient_funds`.',
    type: 'issuer_declined',
  },
  created: unix('2026-11-15T09:00:00Z'),
});
const REFUNDED = stripeCharge({
  id: 'ch_1NirD82eZvKYlo2CIvbtLWuY',
  amount_refunded: 4000,
  created: unix('2026-11-09T09:00:00Z'),
});
const DISPUTED = stripeCharge({
  id: 'ch_1AZtxr2eZvKYlo2CJDX8whov',
  amount: 9900,
  disputed: true,
  created: unix('2026-11-02T09:00:00Z'),
});

/** A Stripe account with one customer, three invoices and three charges (failed, refunded, disputed). */
const happy: FakeHandler = (req) => {
  switch (req.path) {
    case '/v1/customers':
      return ok(stripeList('/v1/customers', [stripeCustomer()]));
    case `/v1/customers/${CUSTOMER}`:
      return ok(stripeCustomer());
    case '/v1/invoices':
      return ok(stripeList('/v1/invoices', INVOICES));
    case '/v1/charges':
      return ok(stripeList('/v1/charges', [FAILED, REFUNDED, DISPUTED]));
    case '/v1/refunds':
      return ok(stripeList('/v1/refunds', [stripeRefund()]));
    case '/v1/disputes':
      return ok(stripeList('/v1/disputes', [stripeDispute()]));
    case '/v1/balance':
      return ok(stripeBalance());
    default:
      return {
        status: 404,
        body: stripeError('invalid_request_error', 'Unrecognized request URL', 'resource_missing'),
      };
  }
};

const byPath = (path: string) => server.requests.filter((r: RecordedRequest) => r.path === path);
const find = (items: Evidence[], id: string) => {
  const item = items.find((e) => e.id === id);
  if (!item) throw new Error(`no evidence ${id}; got ${items.map((e) => e.id).join(', ')}`);
  return item;
};

describe('stripe connector: evidence', () => {
  it('maps invoices, charges, refunds and disputes, the cited invoice first', async () => {
    route = happy;
    const items = await source().fetch(query());

    expect(items.map((e) => e.id)).toEqual([
      'stripe-main:invoice:in_1CitedByCustomer000001',
      'stripe-main:invoice:in_1OpenPastDue0000000001',
      'stripe-main:invoice:in_1MtHbELkdIwHu7ixl4OzzPMv',
      'stripe-main:order:ch_3FailedCardDeclined0001',
      'stripe-main:order:ch_1NirD82eZvKYlo2CIvbtLWuY',
      'stripe-main:order:ch_1AZtxr2eZvKYlo2CJDX8whov',
      'stripe-main:order:du_1MtJUT2eZvKYlo2CNaw2HvEv',
      'stripe-main:order:re_1Nispe2eZvKYlo2Cd31jOCgZ',
    ]);

    const cited = find(items, 'stripe-main:invoice:in_1CitedByCustomer000001');
    expect(cited).toMatchObject({
      source: 'stripe-main',
      kind: 'invoice',
      title: 'Invoice INV-2026-0412: 49.99 USD, paid',
      url: 'https://dashboard.stripe.com/invoices/in_1CitedByCustomer000001',
      observedAt: '2026-10-18T00:00:00.000Z',
    });
    expect(InvoiceFacts.parse(cited.attributes)).toEqual({
      invoiceId: 'INV-2026-0412',
      status: 'paid',
      amount: 49.99,
      currency: 'USD',
    });
    expect(cited.attributes).toMatchObject({
      stripeInvoiceId: 'in_1CitedByCustomer000001',
      customerId: CUSTOMER,
      customerUrl: `https://dashboard.stripe.com/customers/${CUSTOMER}`,
    });

    const overdue = find(items, 'stripe-main:invoice:in_1OpenPastDue0000000001');
    expect(overdue.title).toBe('Invoice 0759376C-0006: 120.00 USD, past_due');
    expect(overdue.excerpt).toContain('due 2026-11-05 (overdue)');
    expect(overdue.excerpt).toContain('3 payment attempt(s)');
    expect(overdue.attributes).toMatchObject({
      invoiceId: '0759376C-0006',
      status: 'past_due',
      stripeStatus: 'open',
      amount: 120,
      amountRemaining: 120,
      dueDate: '2026-11-05T00:00:00.000Z',
    });

    const failed = find(items, 'stripe-main:order:ch_3FailedCardDeclined0001');
    expect(failed).toMatchObject({
      kind: 'order',
      title: 'Charge ch_3FailedCardDeclined0001 120.00 USD failed (card_declined)',
      url: 'https://dashboard.stripe.com/payments/ch_3FailedCardDeclined0001',
      observedAt: '2026-11-15T09:00:00.000Z',
      attributes: {
        orderType: 'charge',
        chargeId: 'ch_3FailedCardDeclined0001',
        status: 'failed',
        amount: 120,
        currency: 'USD',
        failureCode: 'card_declined',
        refunded: false,
        disputed: false,
        declineReason: 'insufficient_funds',
        cardBrand: 'visa',
      },
    });
    expect(failed.excerpt).toContain('Your card was declined.');

    expect(find(items, 'stripe-main:order:ch_1NirD82eZvKYlo2CIvbtLWuY')).toMatchObject({
      title: 'Charge ch_1NirD82eZvKYlo2CIvbtLWuY 120.00 USD succeeded, partially refunded',
      attributes: { refunded: true, amountRefunded: 40, disputed: false, failureCode: null },
    });
    expect(find(items, 'stripe-main:order:re_1Nispe2eZvKYlo2Cd31jOCgZ')).toMatchObject({
      kind: 'order',
      title:
        'Refund re_1Nispe2eZvKYlo2Cd31jOCgZ 40.00 USD succeeded for charge ch_1NirD82eZvKYlo2CIvbtLWuY (requested_by_customer)',
      url: 'https://dashboard.stripe.com/payments/ch_1NirD82eZvKYlo2CIvbtLWuY',
      observedAt: '2026-11-10T10:00:00.000Z',
      attributes: {
        orderType: 'refund',
        chargeId: 'ch_1NirD82eZvKYlo2CIvbtLWuY',
        status: 'succeeded',
        amount: 40,
        currency: 'USD',
        refunded: true,
        reason: 'requested_by_customer',
      },
    });
    expect(find(items, 'stripe-main:order:du_1MtJUT2eZvKYlo2CNaw2HvEv')).toMatchObject({
      title:
        'Dispute du_1MtJUT2eZvKYlo2CNaw2HvEv 99.00 USD needs_response (product_not_received) on charge ch_1AZtxr2eZvKYlo2CJDX8whov',
      url: 'https://dashboard.stripe.com/payments/ch_1AZtxr2eZvKYlo2CJDX8whov',
      observedAt: '2026-11-12T08:00:00.000Z',
      attributes: {
        orderType: 'dispute',
        chargeId: 'ch_1AZtxr2eZvKYlo2CJDX8whov',
        status: 'needs_response',
        amount: 99,
        disputed: true,
        evidenceDueBy: '2026-11-22T23:59:59.000Z',
      },
    });
  });

  it('sends the documented requests: bearer key, email lookup, window, per-charge refunds and disputes', async () => {
    route = happy;
    await source().fetch(query());

    for (const r of server.requests) {
      expect(r.method).toBe('GET');
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    }
    const [customers] = byPath('/v1/customers');
    expect(Object.fromEntries(customers?.query ?? [])).toEqual({
      email: 'jenny.rosen@example.com',
      limit: '3',
    });

    // The week-long case window widened to the 35-day lookback, ending at the window's end.
    const gte = String(Math.floor((NOW.getTime() - 35 * 86_400_000) / 1000));
    const lte = String(NOW.getTime() / 1000);
    const invoices = byPath('/v1/invoices');
    expect(invoices).toHaveLength(1);
    expect(Object.fromEntries(invoices[0]?.query ?? [])).toEqual({
      customer: CUSTOMER,
      limit: '10',
      'created[gte]': gte,
      'created[lte]': lte,
    });
    expect(Object.fromEntries(byPath('/v1/charges')[0]?.query ?? [])).toEqual({
      customer: CUSTOMER,
      limit: '10',
      'created[gte]': gte,
      'created[lte]': lte,
    });
    expect(byPath('/v1/refunds').map((r) => Object.fromEntries(r.query))).toEqual([
      { charge: 'ch_1NirD82eZvKYlo2CIvbtLWuY', limit: '10' },
    ]);
    expect(byPath('/v1/disputes').map((r) => Object.fromEntries(r.query))).toEqual([
      { charge: 'ch_1AZtxr2eZvKYlo2CJDX8whov', limit: '10' },
    ]);
  });

  it('keeps the case window exactly with minLookbackDays 0, and honours maxInvoices', async () => {
    route = happy;
    const items = await source({ minLookbackDays: 0, maxInvoices: 2 }).fetch(query());
    const [invoices] = byPath('/v1/invoices');
    expect(invoices?.query.get('created[gte]')).toBe(String(WINDOW.from.getTime() / 1000));
    expect(invoices?.query.get('limit')).toBe('2');
    expect(items.filter((e) => e.kind === 'invoice')).toHaveLength(2);
  });

  it('reads the customer named in custom_fields.stripe_customer_id instead of searching by email', async () => {
    route = happy;
    const items = await source().fetch(query({ custom_fields: { stripe_customer_id: CUSTOMER } }));
    expect(byPath(`/v1/customers/${CUSTOMER}`)).toHaveLength(1);
    expect(byPath('/v1/customers')).toHaveLength(0);
    expect(items.length).toBeGreaterThan(0);
  });

  it('links test-mode objects under /test and converts zero-decimal currencies', async () => {
    route = (req) => {
      if (req.path === '/v1/invoices')
        return ok(
          stripeList('/v1/invoices', [
            stripeInvoice({ id: 'in_1Yen', number: null, currency: 'jpy', total: 5000, livemode: false }),
          ]),
        );
      if (req.path === '/v1/charges') return ok(stripeList('/v1/charges', []));
      return happy(req);
    };
    const [invoice] = await source({ dashboardUrl: 'https://dashboard.stripe.com/' }).fetch(query());
    expect(invoice).toMatchObject({
      title: 'Invoice in_1Yen: 5000 JPY, paid',
      url: 'https://dashboard.stripe.com/test/invoices/in_1Yen',
      attributes: { invoiceId: 'in_1Yen', amount: 5000, currency: 'JPY' },
    });
  });

  it('converts amounts by the currency exponent', () => {
    expect(toMajorUnits(12000, 'usd')).toBe(120);
    expect(toMajorUnits(5000, 'JPY')).toBe(5000);
    expect(toMajorUnits(12340, 'kwd')).toBe(12.34);
    expect(formatMoney(12345, 'bhd')).toBe('12.345 BHD');
    expect(formatMoney(7, 'eur')).toBe('0.07 EUR');
  });

  it('returns [] without calling Stripe when the case has no email or customer id', async () => {
    route = happy;
    expect(await source().fetch(query({ requester: { id: '99' } }))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('returns [] when no customer matches, or the customer was deleted', async () => {
    route = (req) =>
      req.path === '/v1/customers'
        ? ok(stripeList('/v1/customers', []))
        : ok(stripeDeletedCustomer(CUSTOMER));
    expect(await source().fetch(query())).toEqual([]);
    expect(await source().fetch(query({ custom_fields: { stripe_customer_id: CUSTOMER } }))).toEqual([]);
    expect(byPath('/v1/invoices')).toHaveLength(0);
  });
});

describe('stripe connector: pagination', () => {
  const page = (n: number) =>
    [1, 2].map((i) =>
      stripeInvoice({
        id: `in_page${n}item${i}`,
        number: `0759376C-00${n}${i}`,
        created: unix('2026-11-01T00:00:00Z') - n * 100 - i,
      }),
    );

  it('follows starting_after to find an invoice the customer cites', async () => {
    route = (req) => {
      if (req.path !== '/v1/invoices')
        return req.path === '/v1/charges' ? ok(stripeList('/v1/charges', [])) : happy(req);
      const after = req.query.get('starting_after');
      return after === null
        ? ok(stripeList('/v1/invoices', page(1), true))
        : ok(stripeList('/v1/invoices', page(2), true));
    };
    const items = await source({ maxInvoices: 2 }).fetch(
      query({ description: 'Where is invoice 0759376C-0022?' }),
    );
    expect(byPath('/v1/invoices').map((r) => r.query.get('starting_after'))).toEqual([null, 'in_page1item2']);
    expect(items[0]?.id).toBe('stripe-main:invoice:in_page2item2');
    expect(items.filter((e) => e.kind === 'invoice')).toHaveLength(2);
  });

  it('stops after three pages when the cited invoice never shows up', async () => {
    let n = 0;
    route = (req) => {
      if (req.path !== '/v1/invoices')
        return req.path === '/v1/charges' ? ok(stripeList('/v1/charges', [])) : happy(req);
      n += 1;
      return ok(stripeList('/v1/invoices', page(n), true));
    };
    await source({ maxInvoices: 2 }).fetch(query({ description: 'Where is invoice INV-1999-0001?' }));
    expect(byPath('/v1/invoices')).toHaveLength(3);
  });

  it('reads one page only when the case cites no invoice', async () => {
    route = (req) => {
      if (req.path !== '/v1/invoices')
        return req.path === '/v1/charges' ? ok(stripeList('/v1/charges', [])) : happy(req);
      return ok(stripeList('/v1/invoices', page(1), true));
    };
    await source().fetch(query({ description: 'My card was charged twice' }));
    expect(byPath('/v1/invoices')).toHaveLength(1);
  });
});

describe('stripe connector: faults', () => {
  async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    // Never the key, the requester's email or the vendor's message.
    expect(e.message).not.toContain(KEY);
    expect(e.message).not.toContain('jenny.rosen');
    expect(e.message).not.toContain('Invalid API Key');
    return e;
  }

  it('maps 401 to auth', async () => {
    route = () => ({
      status: 401,
      headers: stripeHeaders,
      body: stripeError('invalid_request_error', 'Invalid API Key provided: rk_test_****0123'),
    });
    expect((await failure(source().fetch(query()))).code).toBe('auth');
  });

  it('maps 404 on the cited customer id to not_found', async () => {
    route = () => ({
      status: 404,
      headers: stripeHeaders,
      body: stripeError('invalid_request_error', "No such customer: 'cus_Gone0000'", 'resource_missing'),
    });
    const e = await failure(source().fetch(query({ custom_fields: { stripe_customer_id: 'cus_Gone0000' } })));
    expect(e.code).toBe('not_found');
  });

  it('maps 429 to rate_limited with Retry-After when sent, and without it as Stripe usually does', async () => {
    const body = stripeError('invalid_request_error', 'Request rate limit exceeded.', 'rate_limit');
    route = () => ({ status: 429, headers: { ...stripeHeaders, 'Retry-After': '7' }, body });
    const withHeader = await failure(source().fetch(query()));
    expect(withHeader).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });
    route = () => ({ status: 429, headers: stripeHeaders, body });
    const without = await failure(source().fetch(query()));
    expect(without.code).toBe('rate_limited');
    expect(without.retryAfterMs).toBeUndefined();
  });

  it('maps 500 to unavailable', async () => {
    route = () => ({ status: 500, body: stripeError('api_error', 'Something went wrong on our end.') });
    expect((await failure(source().fetch(query()))).code).toBe('unavailable');
  });

  it('maps a body that is not the documented shape to bad_response', async () => {
    route = (req) =>
      req.path === '/v1/invoices'
        ? ok({ object: 'list', data: [{ id: 'in_1', object: 'invoice' }] })
        : happy(req);
    expect((await failure(source().fetch(query()))).code).toBe('bad_response');
    route = () => ({ status: 200, body: 'Service temporarily down' });
    expect((await failure(source().fetch(query()))).code).toBe('bad_response');
  });

  it('rejects with timeout when the packet deadline aborts a hung request', async () => {
    const controller = new AbortController();
    route = () => {
      controller.abort();
      return { hang: true };
    };
    expect((await failure(source().fetch(query({}, controller.signal)))).code).toBe('timeout');
  });
});

describe('stripe connector: redaction', () => {
  it('never lets a PII canary from Stripe reach evidence text', async () => {
    const canary =
      'contact canary.person@example.org, card 4111 1111 1111 1111, key sk_live_canary0123456789abcd';
    route = (req) => {
      if (req.path === '/v1/invoices')
        return ok(
          stripeList('/v1/invoices', [
            stripeInvoice({ description: canary, customer_email: 'canary.person@example.org' }),
          ]),
        );
      if (req.path === '/v1/charges')
        return ok(
          stripeList('/v1/charges', [
            stripeCharge({
              description: canary,
              failure_message: canary,
              outcome: { type: 'issuer_declined', seller_message: canary },
              status: 'failed',
              failure_code: 'card_declined',
            }),
          ]),
        );
      return happy(req);
    };
    const items = await source().fetch(query());
    expect(items).toHaveLength(2);
    for (const e of items) {
      const text = `${e.title}\n${e.excerpt}\n${JSON.stringify(e.attributes)}`;
      expect(text).not.toContain('canary.person@example.org');
      expect(text).not.toContain('4111 1111 1111 1111');
      expect(text).not.toContain('sk_live_canary0123456789abcd');
      expect(e.sensitive).toBe(true);
      expect(e.redactions.map((r) => r.kind).sort()).toEqual(['card', 'email', 'secret']);
    }
  });
});

describe('stripe connector: connection test and config', () => {
  it('tests the connection with GET /v1/balance', async () => {
    route = happy;
    await source().testConnection(neverAborted());
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/v1/balance', `Bearer ${KEY}`],
    ]);
  });

  it('reports refused credentials from the connection test as auth', async () => {
    route = () => ({ status: 401, body: stripeError('invalid_request_error', 'Invalid API Key provided') });
    await expect(source().testConnection(neverAborted())).rejects.toMatchObject({ code: 'auth' });
  });

  it('fills defaults and refuses bad settings and keys', () => {
    expect(stripeConfigSchema.parse({})).toEqual({
      baseUrl: 'https://api.stripe.com',
      dashboardUrl: 'https://dashboard.stripe.com',
      maxInvoices: 10,
      maxCharges: 10,
      minLookbackDays: 35,
    });
    expect(stripeConfigSchema.safeParse({ baseUrl: 'ftp://api.stripe.com' }).success).toBe(false);
    expect(stripeConfigSchema.safeParse({ maxInvoices: 1000 }).success).toBe(false);
    expect(stripeSecretsSchema.safeParse({ secretKey: 'pk_live_abc' }).success).toBe(false);
    expect(stripeSecretsSchema.safeParse({ secretKey: KEY }).success).toBe(true);
    expect(stripeConnector).toMatchObject({ type: 'stripe', capabilities: ['billing'] });
  });
});
