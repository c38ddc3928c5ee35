import { z } from 'zod';

/**
 * The placeholders a selector template may use, and where their values come from:
 * `{account_id}` from the case's `custom_fields[accountField]`, `{organization_id}` from the case's
 * organization, `{request_id}` from request ids (`req_...`, UUIDs) found in the case text.
 */
export const SELECTOR_PLACEHOLDERS = ['account_id', 'organization_id', 'request_id'] as const;
export type SelectorPlaceholder = (typeof SELECTOR_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
// A placeholder may only stand for a whole quoted label value: `label="{x}"` or `label=~"{x}"`.
const QUOTED_PLACEHOLDER = /(?:=|!=|=~|!~)\s*"\{[A-Za-z_][A-Za-z0-9_]*\}"/g;
const HEADER_SAFE = /^[\x21-\x7e]+$/;

const Selector = z
  .string()
  .trim()
  .min(3)
  .max(1000)
  .superRefine((s, ctx) => {
    if (!s.startsWith('{') || !s.endsWith('}'))
      ctx.addIssue({ code: 'custom', message: 'a stream selector is written {label="value", ...}' });
    const names = [...s.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
    for (const n of names)
      if (!(SELECTOR_PLACEHOLDERS as readonly string[]).includes(n))
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${n}}; use ${SELECTOR_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        });
    if ([...s.matchAll(QUOTED_PLACEHOLDER)].length !== names.length)
      ctx.addIssue({
        code: 'custom',
        message: 'a placeholder must be a whole quoted label value, e.g. account_id="{account_id}"',
      });
  });

/**
 * Non-secret configuration of one Loki instance.
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-logs-within-a-range-of-time
 */
export const configSchema = z
  .object({
    /** Grafana Cloud: `https://logs-prod-xxx.grafana.net`; self-hosted: `https://loki.example.com:3100`. */
    baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
    /** Stream selector template; see {@link SELECTOR_PLACEHOLDERS}. */
    selector: Selector.default('{app=~".+", account_id="{account_id}"}'),
    /** LogQL line filter(s) appended to the selector; empty for none. Written by an admin, not a customer. */
    lineFilter: z.string().trim().max(1000).default('|~ "(?i)(error|warn|exception|fail)"'),
    /** Which `custom_fields` key of the case holds the account id. */
    accountField: z.string().min(1).max(100).default('account_id'),
    /** Lines per request. Loki's own default cap (`max_entries_limit_per_query`) is 5000. */
    limit: z.number().int().min(1).max(5000).default(500),
    /** Requests per case at most: a connector never pages through a whole window of logs. */
    maxPages: z.number().int().min(1).max(5).default(3),
    /** Tenant for multi-tenant Loki, sent as `X-Scope-OrgID`. */
    orgId: z.string().regex(HEADER_SAFE).max(200).optional(),
    /** Grafana base URL, for Explore deep links; without it evidence carries no link. */
    grafanaUrl: z
      .url({ protocol: /^https?$/ })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /** The Loki data source's uid in Grafana (Explore addresses data sources by uid). */
    grafanaDatasourceUid: z.string().min(1).max(100).optional(),
    /** Grafana organisation id, for the `orgId` query parameter of Explore links. */
    grafanaOrgId: z.number().int().positive().default(1),
  })
  .superRefine((c, ctx) => {
    if (c.grafanaUrl !== undefined && c.grafanaDatasourceUid === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['grafanaDatasourceUid'],
        message: 'Explore links need the Loki data source uid as well as the Grafana URL',
      });
  });
export type LokiConfig = z.output<typeof configSchema>;

/**
 * Write-only credentials: `username` + `password` (Grafana Cloud: the stack's numeric user id and an
 * access policy token, sent as HTTP Basic) or `token` (sent as Bearer, e.g. behind an auth proxy).
 * Neither is required for a Loki that sits behind a network boundary with no auth.
 * @see https://grafana.com/docs/grafana-cloud/send-data/logs/
 */
export const secretsSchema = z
  .object({
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(1).max(2000).optional(),
    token: z.string().min(1).max(4000).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.username === undefined) !== (s.password === undefined))
      ctx.addIssue({ code: 'custom', message: 'username and password go together' });
    if (s.token !== undefined && s.username !== undefined)
      ctx.addIssue({ code: 'custom', message: 'use either username + password or a token, not both' });
  });
export type LokiSecrets = z.output<typeof secretsSchema>;
