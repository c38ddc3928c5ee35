import type { CaseRecord, Evidence } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvoiceFacts } from '../../domain/triage/evidence-attributes';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { ConnectorError } from '../errors';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { EvidenceQuery } from '../types';
import { erpDocument, erpError, erpPage, wooError, wooHeaders, wooOrder } from './fixtures';
import { restOrdersConfigSchema, restOrdersConnector, restOrdersSecretsSchema } from './index';

const KEY = 'erp-key-0123456789abcdef';
const NOW = new Date('2026-11-20T12:00:00Z');
const WINDOW = { from: new Date('2026-11-13T12:00:00Z'), to: NOW };

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

const definition: ConnectorDefinition = restOrdersConnector;

/** The ERP mapping: account key in the path, email and window in the query, cursor paging, minor units. */
const erpConfig = () => ({
  baseUrl: `${server.baseUrl}/erp/`,
  ordersPath: '/api/customers/{custom_fields.account_id}/orders',
  query: { customerEmail: '{requester.email}', createdFrom: '{window.from}', status: 'any' },
  itemsPath: 'data.orders',
  fields: {
    id: 'id',
    number: 'document_number',
    status: 'state',
    amount: 'totals.gross',
    currency: 'currency_code',
    createdAt: 'created',
    url: 'links.ui',
    type: 'document_type',
  },
  amountUnit: 'minor',
  invoiceTypes: ['invoice'],
  pagination: {
    type: 'cursor',
    cursorParam: 'cursor',
    nextCursorPath: 'meta.next_cursor',
    sizeParam: 'limit',
    pageSize: 2,
  },
});

/** The WooCommerce mapping: bare array, decimal strings, page paging, key in X-Api-Key. */
const wooConfig = () => ({
  baseUrl: server.baseUrl,
  ordersPath: '/wp-json/wc/v3/orders',
  query: { customer: '{requester.id}', after: '{window.from}' },
  fields: {
    id: 'id',
    number: 'number',
    status: 'status',
    amount: 'total',
    currency: 'currency',
    createdAt: 'date_created_gmt',
  },
  linkTemplate: 'https://shop.example.com/wp-admin/post.php?post={id}&action=edit',
  pagination: { type: 'page', pageParam: 'page', sizeParam: 'per_page', pageSize: 2 },
  authHeader: 'X-Api-Key',
  authScheme: '',
  systemName: 'WooCommerce',
});

function source(config: Record<string, unknown>): ConnectorSource {
  return definition.create({
    id: 'erp',
    config: restOrdersConfigSchema.parse(config),
    secrets: restOrdersSecretsSchema.parse({ apiKey: KEY }),
    context: testConnectorContext({}, NOW),
  });
}

function query(record: Partial<CaseRecord> = {}, signal = neverAborted()): EvidenceQuery {
  return {
    tenant: 't1',
    record: {
      id: '4711',
      subject: 'Invoice INV-2026-0412 is wrong',
      description: 'We were billed twice.',
      requester: { id: '25', email: 'jenny.rosen@example.com', name: 'Jenny Rosen' },
      custom_fields: { account_id: 'ACME 42/EU' },
      ...record,
    },
    window: WINDOW,
    now: NOW,
    signal,
  };
}

const PAGE_1 = [
  erpDocument(),
  erpDocument({
    id: 'SO-10043',
    document_number: 'ORD-2026-10043',
    state: 'Cancelled',
    totals: { gross: 5000 },
    created: '2026-11-16T08:30:00Z',
    links: { ui: 'javascript:alert(1)' },
  }),
];
const PAGE_2 = [
  erpDocument({
    id: 'IN-0412',
    document_number: 'INV-2026-0412',
    document_type: 'INVOICE',
    state: 'Past Due',
    totals: { gross: 24000 },
    created: 1_762_000_000,
    links: { ui: 'https://erp.acme.example/app/invoices/IN-0412' },
  }),
];
const erp: FakeHandler = (req) => {
  if (req.path === '/erp/api/customers/ACME%2042%2FEU/orders')
    return req.query.get('cursor') === 'c2'
      ? { body: erpPage(PAGE_2, null) }
      : { body: erpPage(PAGE_1, 'c2') };
  return { status: 404, body: erpError('not_found', 'No route') };
};

const find = (items: Evidence[], id: string) => {
  const item = items.find((e) => e.id === id);
  if (!item) throw new Error(`no evidence ${id}; got ${items.map((e) => e.id).join(', ')}`);
  return item;
};

describe('rest-orders connector: evidence', () => {
  it('maps orders and invoices through the configured paths, the cited invoice first', async () => {
    route = erp;
    const items = await source(erpConfig()).fetch(query());
    expect(items.map((e) => e.id)).toEqual([
      'erp:invoice:IN-0412',
      'erp:order:SO-10042',
      'erp:order:SO-10043',
    ]);

    const invoice = find(items, 'erp:invoice:IN-0412');
    expect(invoice).toMatchObject({
      source: 'erp',
      kind: 'invoice',
      title: 'Invoice INV-2026-0412: 240.00 EUR, Past Due',
      url: 'https://erp.acme.example/app/invoices/IN-0412',
      observedAt: new Date(1_762_000_000 * 1000).toISOString(),
    });
    expect(InvoiceFacts.parse(invoice.attributes)).toEqual({
      invoiceId: 'INV-2026-0412',
      status: 'past_due',
      amount: 240,
      currency: 'EUR',
    });
    expect(invoice.attributes).toMatchObject({ orderId: 'IN-0412', type: 'invoice' });

    expect(find(items, 'erp:order:SO-10042')).toMatchObject({
      kind: 'order',
      title: 'Order ORD-2026-10042: 120.00 EUR, Shipped',
      excerpt: 'Created 2026-11-15; type SALES_ORDER',
      url: 'https://erp.acme.example/app/orders/SO-10042',
      observedAt: '2026-11-15T08:30:00.000Z',
      attributes: {
        orderId: 'SO-10042',
        number: 'ORD-2026-10042',
        status: 'shipped',
        amount: 120,
        currency: 'EUR',
        type: 'sales_order',
        createdAt: '2026-11-15T08:30:00.000Z',
      },
    });
    // A link that is not http(s) never reaches a person's click.
    expect(find(items, 'erp:order:SO-10043').url).toBeNull();
  });

  it('sends the documented requests: filled path and query, bearer key, cursor paging', async () => {
    route = erp;
    await source(erpConfig()).fetch(query());
    expect(server.requests.map((r) => r.path)).toEqual([
      '/erp/api/customers/ACME%2042%2FEU/orders',
      '/erp/api/customers/ACME%2042%2FEU/orders',
    ]);
    const [first, second] = server.requests;
    expect(first?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(Object.fromEntries(first?.query ?? [])).toEqual({
      customerEmail: 'jenny.rosen@example.com',
      createdFrom: '2026-11-13T12:00:00.000Z',
      status: 'any',
      limit: '2',
    });
    expect(Object.fromEntries(second?.query ?? [])).toMatchObject({ cursor: 'c2', limit: '2' });
  });

  it('stops cursor paging at maxPages even when the API always has more', async () => {
    let n = 0;
    route = () => {
      n += 1;
      return {
        body: erpPage([erpDocument({ id: `SO-${n}a` }), erpDocument({ id: `SO-${n}b` })], `c${n + 1}`),
      };
    };
    const items = await source({
      ...erpConfig(),
      pagination: { ...erpConfig().pagination, maxPages: 2 },
    }).fetch(query());
    expect(server.requests).toHaveLength(2);
    expect(items).toHaveLength(4);
  });

  it('pages WooCommerce by page and per_page with the key in X-Api-Key, until a short page', async () => {
    route = (req) => {
      const page = req.query.get('page');
      const body =
        page === '1'
          ? [wooOrder(), wooOrder({ id: 728, number: '728', status: 'failed', total: '49.99' })]
          : [wooOrder({ id: 730, number: '730', status: 'refunded', currency: 'JPY', total: '5000' })];
      return { headers: wooHeaders(3, 2), body };
    };
    const items = await source(wooConfig()).fetch(query());
    expect(server.requests.map((r) => [r.path, r.query.get('page'), r.query.get('per_page')])).toEqual([
      ['/wp-json/wc/v3/orders', '1', '2'],
      ['/wp-json/wc/v3/orders', '2', '2'],
    ]);
    const [first] = server.requests;
    expect(first?.headers['x-api-key']).toBe(KEY);
    expect(first?.headers.authorization).toBeUndefined();
    expect(first?.query.get('customer')).toBe('25');
    expect(items.map((e) => [e.id, e.title, e.url])).toEqual([
      [
        'erp:order:727',
        'Order 727: 120.00 USD, processing',
        'https://shop.example.com/wp-admin/post.php?post=727&action=edit',
      ],
      [
        'erp:order:728',
        'Order 728: 49.99 USD, failed',
        'https://shop.example.com/wp-admin/post.php?post=728&action=edit',
      ],
      [
        'erp:order:730',
        'Order 730: 5000 JPY, refunded',
        'https://shop.example.com/wp-admin/post.php?post=730&action=edit',
      ],
    ]);
    expect(items[0]?.observedAt).toBe('2026-11-14T09:12:01.000Z');
  });

  it('keeps at most maxItems orders across pages', async () => {
    route = () => ({ body: [wooOrder(), wooOrder({ id: 728 })] });
    const items = await source({ ...wooConfig(), maxItems: 3 }).fetch(query());
    expect(items).toHaveLength(3);
    expect(server.requests).toHaveLength(2);
  });

  it('returns [] without a request when the case lacks a value the mapping needs', async () => {
    route = erp;
    expect(await source(erpConfig()).fetch(query({ custom_fields: {} }))).toEqual([]);
    expect(await source(erpConfig()).fetch(query({ requester: { id: '25' } }))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('returns [] when the customer has no orders', async () => {
    route = () => ({ body: erpPage([], null) });
    expect(await source(erpConfig()).fetch(query())).toEqual([]);
  });
});

describe('rest-orders connector: faults', () => {
  async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    expect(e.message).not.toContain(KEY);
    expect(e.message).not.toContain('jenny.rosen');
    return e;
  }

  it('maps 401 to auth', async () => {
    route = () => ({
      status: 401,
      body: wooError('woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.', 401),
    });
    expect((await failure(source(wooConfig()).fetch(query()))).code).toBe('auth');
  });

  it('maps 404 to not_found', async () => {
    route = () => ({ status: 404, body: erpError('not_found', 'No such customer') });
    expect((await failure(source(erpConfig()).fetch(query()))).code).toBe('not_found');
  });

  it('maps 429 with Retry-After: 7 to rate_limited after 7000 ms', async () => {
    route = () => ({
      status: 429,
      headers: { 'Retry-After': '7' },
      body: erpError('rate_limited', 'Slow down'),
    });
    expect(await failure(source(erpConfig()).fetch(query()))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it('maps 500 to unavailable', async () => {
    route = () => ({ status: 500, body: erpError('internal', 'boom') });
    expect((await failure(source(erpConfig()).fetch(query()))).code).toBe('unavailable');
  });

  it('maps a body that is not JSON, or a mapping that finds nothing, to bad_response', async () => {
    route = () => ({ status: 200, body: '<html>maintenance</html>' });
    expect((await failure(source(erpConfig()).fetch(query()))).code).toBe('bad_response');
    route = () => ({ body: { orders: [erpDocument()] } });
    const wrongPath = await failure(source(erpConfig()).fetch(query()));
    expect(wrongPath.code).toBe('bad_response');
    expect(wrongPath.message).toContain('data.orders');
    route = () => ({ body: erpPage([erpDocument({ id: null })], null) });
    const noId = await failure(source(erpConfig()).fetch(query()));
    expect(noId.code).toBe('bad_response');
    expect(noId.message).toContain('fields.id');
  });

  it('rejects with timeout when the packet deadline aborts a hung request', async () => {
    const controller = new AbortController();
    route = () => {
      controller.abort();
      return { hang: true };
    };
    expect((await failure(source(erpConfig()).fetch(query({}, controller.signal)))).code).toBe('timeout');
  });
});

describe('rest-orders connector: redaction', () => {
  it('never lets a PII canary from the vendor reach evidence text or attributes', async () => {
    const canary =
      'on hold: canary.person@example.org card 4111 1111 1111 1111 key sk_live_canary0123456789abcd';
    route = () => ({
      body: erpPage([erpDocument({ state: canary, document_number: canary, document_type: canary })], null),
    });
    const items = await source(erpConfig()).fetch(query());
    expect(items).toHaveLength(1);
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

describe('rest-orders connector: connection test and config', () => {
  it('tests the connection with one small authenticated page of ordersPath', async () => {
    route = () => ({ body: [wooOrder()] });
    await source({ ...wooConfig(), query: { customer: '{requester.id}', status: 'any' } }).testConnection(
      neverAborted(),
    );
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req?.path).toBe('/wp-json/wc/v3/orders');
    expect(Object.fromEntries(req?.query ?? [])).toEqual({ status: 'any', per_page: '1' });
    expect(req?.headers['x-api-key']).toBe(KEY);
  });

  it('uses testPath when ordersPath needs a case value, and says so when neither works', async () => {
    route = () => ({ body: { ok: true } });
    await source({ ...erpConfig(), testPath: '/api/health' }).testConnection(neverAborted());
    expect(server.requests.map((r) => r.path)).toEqual(['/erp/api/health']);
    await expect(source(erpConfig()).testConnection(neverAborted())).rejects.toMatchObject({
      code: 'config',
    });
    route = () => ({ status: 401, body: erpError('unauthorized', 'bad key') });
    await expect(
      source({ ...erpConfig(), testPath: '/api/health' }).testConnection(neverAborted()),
    ).rejects.toMatchObject({
      code: 'auth',
    });
  });

  it('fills defaults and refuses unsafe or unknown mappings', () => {
    const base = { baseUrl: 'https://erp.acme.example', ordersPath: '/api/orders', fields: { id: 'id' } };
    expect(restOrdersConfigSchema.parse(base)).toMatchObject({
      query: {},
      amountUnit: 'major',
      invoiceTypes: ['invoice'],
      pagination: { type: 'none' },
      maxItems: 50,
      authHeader: 'Authorization',
      authScheme: 'Bearer',
    });
    const bad = (overrides: Record<string, unknown>) =>
      restOrdersConfigSchema.safeParse({ ...base, ...overrides }).success;
    expect(bad({ query: { email: '{requester.password}' } })).toBe(false);
    expect(bad({ query: { email: '{requester.email + 1}' } })).toBe(false);
    expect(bad({ query: { email: 'x}' } })).toBe(false);
    expect(bad({ ordersPath: 'https://evil.example/orders' })).toBe(false);
    expect(bad({ ordersPath: '//evil.example/orders' })).toBe(false);
    expect(bad({ ordersPath: '/api/../admin' })).toBe(false);
    expect(bad({ ordersPath: '/api/orders?all=1' })).toBe(false);
    expect(bad({ itemsPath: 'data[0]' })).toBe(false);
    expect(bad({ authHeader: 'Host' })).toBe(false);
    expect(bad({ linkTemplate: 'javascript:alert(1)' })).toBe(false);
    expect(bad({ pagination: { type: 'cursor' } })).toBe(false);
    expect(bad({ query: { account: '{custom_fields.360001234}' } })).toBe(true);
    expect(restOrdersSecretsSchema.safeParse({ apiKey: 'a\r\nX-Evil: 1' }).success).toBe(false);
    expect(restOrdersConnector).toMatchObject({ type: 'rest-orders', capabilities: ['billing'] });
  });
});
