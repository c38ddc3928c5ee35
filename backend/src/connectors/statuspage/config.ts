import { z } from 'zod';

const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

const shared = {
  /**
   * Component id or name → the tenant's product id, so the engine can tie an incident or a degraded
   * component to the product a case is about. Unmapped components report the product `unknown`.
   */
  componentProducts: z.record(z.string(), z.string()).default({}),
  /** Most incidents turned into evidence. */
  maxIncidents: z.number().int().min(1).max(50).default(20),
};

/**
 * The public status page API: no credentials, read from the page's own origin (`https://{page}.statuspage.io`
 * or its custom domain).
 * @see https://doers.statuspage.io/api/v2/
 */
export const publicConfigSchema = z.object({
  mode: z.literal('public'),
  /** The status page, e.g. `https://acme.statuspage.io` or `https://status.acme.com`; also the deep-link base. */
  baseUrl: HttpUrl,
  ...shared,
});

/**
 * The manage (REST) API of one page, with an API key: sees every incident, including those on private
 * or audience-specific pages.
 * @see https://developer.statuspage.io/
 */
export const manageConfigSchema = z.object({
  mode: z.literal('manage'),
  baseUrl: HttpUrl.default('https://api.statuspage.io'),
  /** The page id shown in the manage UI URL (`manage.statuspage.io/pages/{page_id}`). */
  pageId: z.string().regex(/^[A-Za-z0-9]{4,32}$/, 'must be a Statuspage page id'),
  /** The public page, for incident links when an incident has no shortlink. */
  pageUrl: HttpUrl.optional(),
  /** Rows per page of the incident and component lists (`limit`/`per_page`; Statuspage caps it at 100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  ...shared,
});

/** Non-secret configuration: `mode: 'public'` (no auth) or `mode: 'manage'` (API key). */
export const configSchema = z.discriminatedUnion('mode', [publicConfigSchema, manageConfigSchema]);
export type StatuspageConfig = z.output<typeof configSchema>;
export type StatuspageManageConfig = z.output<typeof manageConfigSchema>;

/** Write-only credentials: the manage API key (user API key from the manage UI); unused in public mode. */
export const secretsSchema = z.object({
  apiKey: z.string().min(1).optional(),
});
export type StatuspageSecrets = z.output<typeof secretsSchema>;
