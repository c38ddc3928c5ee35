import { z } from 'zod';

/**
 * The case values a template may name. A fixed list, not expressions: an admin maps where the account
 * key goes, nothing more. `custom_fields.<key>` reads one desk field by its key.
 */
export const PLACEHOLDER_PATHS = [
  'id',
  'requester.id',
  'requester.email',
  'requester.name',
  'organization.id',
  'organization.name',
  'window.from',
  'window.to',
] as const;
const CUSTOM_FIELD = /^custom_fields\.[A-Za-z0-9_-]{1,64}$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Whether every `{…}` in a template names an allowed case path, and no brace is left dangling. */
function validTemplate(template: string): boolean {
  for (const m of template.matchAll(PLACEHOLDER)) {
    const path = m[1] ?? '';
    if (!(PLACEHOLDER_PATHS as readonly string[]).includes(path) && !CUSTOM_FIELD.test(path)) return false;
  }
  return !/[{}]/.test(template.replace(PLACEHOLDER, ''));
}

const Template = z
  .string()
  .max(300)
  .refine(validTemplate, {
    error: `placeholders must be one of {${PLACEHOLDER_PATHS.join('}, {')}} or {custom_fields.<key>}`,
  });

/** A dotted path into JSON, such as `data.orders` or `totals.gross`; digits index arrays. */
const DottedPath = z
  .string()
  .regex(/^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/, 'a dotted path such as data.orders')
  .max(200);

const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

// A path on the configured host only: no scheme, authority, traversal, query or fragment.
const ApiPath = Template.refine((p) => /^\/(?!\/)[^?#\\]*$/.test(p) && !/(?:^|\/)\.\.?(?:\/|$)/.test(p), {
  error: 'a path on the API host such as /api/orders, without query or fragment',
});

const QueryName = z.string().regex(/^[A-Za-z0-9_.[\]-]{1,64}$/, 'a query parameter name');
const PageSize = z.number().int().min(1).max(100).default(50);
const MaxPages = z.number().int().min(1).max(5).default(3);

/** How the orders list pages. Absent: one request. */
export const paginationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  /** `?page=1&per_page=50`, then page 2, ... until a short page. */
  z.object({
    type: z.literal('page'),
    pageParam: QueryName.default('page'),
    sizeParam: QueryName.optional(),
    pageSize: PageSize,
    firstPage: z.union([z.literal(0), z.literal(1)]).default(1),
    maxPages: MaxPages,
  }),
  /** `?cursor=<value at nextCursorPath of the previous answer>` until it is empty. */
  z.object({
    type: z.literal('cursor'),
    cursorParam: QueryName.default('cursor'),
    nextCursorPath: DottedPath,
    sizeParam: QueryName.optional(),
    pageSize: PageSize,
    maxPages: MaxPages,
  }),
]);
export type Pagination = z.output<typeof paginationSchema>;

// Names the guarded client or HTTP itself owns; a tenant must not be able to set them.
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'cookie']);

/**
 * Non-secret settings of a generic REST orders adapter for ERPs and shops: where the orders list is, which
 * case value selects the customer, and where each field sits in the answer.
 * @example
 * {
 *   baseUrl: 'https://erp.acme.example',
 *   ordersPath: '/api/orders',
 *   query: { customerEmail: '{requester.email}', since: '{window.from}' },
 *   itemsPath: 'data.orders',
 *   fields: { id: 'id', number: 'order_no', status: 'state', amount: 'totals.gross', currency: 'currency', createdAt: 'created_at' },
 *   pagination: { type: 'page', pageParam: 'page', sizeParam: 'per_page', pageSize: 50 },
 * }
 */
export const configSchema = z.object({
  baseUrl: HttpUrl,
  /** The list endpoint; may hold placeholders, e.g. `/api/customers/{custom_fields.account_id}/orders`. */
  ordersPath: ApiPath,
  /** Query parameters, each a template; a placeholder with no value in the case means nothing is asked. */
  query: z
    .record(QueryName, Template)
    .refine((q) => Object.keys(q).length <= 10, { error: 'at most 10 query parameters' })
    .default({}),
  /** Where the array of orders is in the answer; absent when the answer is the array itself. */
  itemsPath: DottedPath.optional(),
  /** Where each field is inside one order. Only `id` is required. */
  fields: z.object({
    id: DottedPath,
    number: DottedPath.optional(),
    status: DottedPath.optional(),
    amount: DottedPath.optional(),
    currency: DottedPath.optional(),
    createdAt: DottedPath.optional(),
    /** A link to the order in the ERP's UI, if the API returns one. */
    url: DottedPath.optional(),
    /** A field whose value says what the record is; values in `invoiceTypes` make it an invoice. */
    type: DottedPath.optional(),
  }),
  /** `major` (120.00) or `minor` (12000 cents, per the currency's ISO 4217 exponent). */
  amountUnit: z.enum(['major', 'minor']).default('major'),
  /** Used when no `currency` field is mapped or the order has none. */
  defaultCurrency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as EUR')
    .transform((c) => c.toUpperCase())
    .optional(),
  /** `type` values that mean an invoice (compared without case). */
  invoiceTypes: z.array(z.string().min(1).max(50)).max(10).default(['invoice']),
  /** A UI link when the API returns none: `{id}` and `{number}` are replaced, URL-encoded. */
  linkTemplate: z
    .string()
    .max(500)
    .refine((t) => /^https?:\/\/[^/?#{}]+(?:[/?#]|$)/.test(t), {
      error: 'an http(s) URL on a fixed host, e.g. https://erp.acme.example/orders/{id}',
    })
    .optional(),
  pagination: paginationSchema.default({ type: 'none' }),
  /** Orders kept, across pages. */
  maxItems: z.number().int().min(1).max(100).default(50),
  /** A cheap authenticated path for the connection test; default: `ordersPath` when it needs no case value. */
  testPath: ApiPath.optional(),
  /** Header carrying the key, e.g. `Authorization` or `X-Api-Key`. */
  authHeader: z
    .string()
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/, 'an HTTP header name')
    .refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()), { error: 'this header cannot carry the key' })
    .default('Authorization'),
  /** Put before the key with a space (`Bearer <key>`); empty sends the key alone. */
  authScheme: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,32}$/)
    .default('Bearer'),
  /** The system's name in error messages shown to admins. */
  systemName: z.string().min(1).max(60).default('Orders API'),
});
export type RestOrdersConfig = z.output<typeof configSchema>;

/** Write-only credentials: the API key, sent in `authHeader`. */
export const secretsSchema = z.object({
  apiKey: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^[^\r\n\0]+$/, 'a single-line key'),
});
export type RestOrdersSecrets = z.output<typeof secretsSchema>;
