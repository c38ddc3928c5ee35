/**
 * Payloads for the REST orders adapter's contract tests, in two shapes ERPs and shops really use:
 *
 * - WooCommerce REST API v3 `GET /wp-json/wc/v3/orders?customer=…&page=…&per_page=…`: the answer is a bare
 *   array, totals are decimal strings, paging is `page`/`per_page` with `X-WP-Total` / `X-WP-TotalPages`
 *   headers, and errors are `{ code, message, data: { status } }`.
 *   @see https://woocommerce.github.io/woocommerce-rest-api-docs/#list-all-orders
 * - A typical ERP JSON envelope: `{ data: { orders: [...] }, meta: { next_cursor } }`, amounts in minor
 *   units, nested totals, and a `document_type` telling orders from invoices.
 */

type Json = Record<string, unknown>;

/** One WooCommerce order (the fields the mapping reads, plus typical neighbours). */
export function wooOrder(overrides: Json = {}): Json {
  return {
    id: 727,
    parent_id: 0,
    number: '727',
    order_key: 'wc_order_58d2d042d1d',
    created_via: 'checkout',
    version: '9.4.0',
    status: 'processing',
    currency: 'USD',
    date_created: '2026-11-14T09:12:01',
    date_created_gmt: '2026-11-14T09:12:01Z',
    discount_total: '0.00',
    shipping_total: '10.00',
    total: '120.00',
    total_tax: '1.35',
    customer_id: 25,
    billing: { first_name: 'Jenny', last_name: 'Rosen', email: 'jenny.rosen@example.com', phone: '' },
    payment_method: 'bacs',
    payment_method_title: 'Direct Bank Transfer',
    transaction_id: '',
    date_paid: null,
    line_items: [{ id: 315, name: 'Woo Single #1', quantity: 2, total: '6.00', sku: '' }],
    _links: {
      self: [{ href: 'https://shop.example.com/wp-json/wc/v3/orders/727' }],
      collection: [{ href: 'https://shop.example.com/wp-json/wc/v3/orders' }],
    },
    ...overrides,
  };
}

/** WooCommerce's list headers. */
export function wooHeaders(total: number, perPage: number): Record<string, string> {
  return { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(Math.ceil(total / perPage)) };
}

/** WooCommerce's error body. */
export function wooError(code: string, message: string, status: number): Json {
  return { code, message, data: { status } };
}

/** One order or invoice in an ERP envelope. */
export function erpDocument(overrides: Json = {}): Json {
  return {
    id: 'SO-10042',
    document_number: 'ORD-2026-10042',
    document_type: 'SALES_ORDER',
    state: 'Shipped',
    totals: { gross: 12000, net: 10084, tax: 1916 },
    currency_code: 'eur',
    created: '2026-11-15T08:30:00Z',
    links: { ui: 'https://erp.acme.example/app/orders/SO-10042' },
    customer: { account_id: 'ACME 42/EU', email: 'jenny.rosen@example.com' },
    ...overrides,
  };
}

/** The ERP's list envelope; `nextCursor` null on the last page. */
export function erpPage(orders: readonly Json[], nextCursor: string | null): Json {
  return { data: { orders }, meta: { next_cursor: nextCursor, count: orders.length } };
}

/** The ERP's error body. */
export function erpError(code: string, message: string): Json {
  return { error: { code, message } };
}
