import { z } from 'zod';

// Sentry slugs: lower-case letters, digits, `-` and `_` (https://docs.sentry.io/api/guides/create-auth-token/).
const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be a Sentry slug (lower-case, digits, - or _)');
// A tag key goes into the search query unquoted, so anything beyond Sentry's tag-key alphabet is refused
// rather than escaped (https://docs.sentry.io/concepts/key-terms/enrich-data/#tags: keys are [a-zA-Z0-9_.:-]).
const TagKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,32}$/, 'must be a Sentry tag key ([A-Za-z0-9_.:-], ≤ 32)');

/**
 * Non-secret configuration of a Sentry instance (SaaS or self-hosted).
 *
 * @see https://docs.sentry.io/api/events/list-an-organizations-issues/
 */
export const configSchema = z.object({
  /** `https://sentry.io` for SaaS, or the self-hosted origin. The API lives under `/api/0/`. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://sentry.io')
    .transform((u) => u.replace(/\/+$/, '')),
  organization: Slug,
  /**
   * Project slugs (or numeric project ids) to search. Empty means every project the token can see.
   * Slugs are resolved to ids once per instance, because the issues endpoint filters by id only.
   */
  projects: z
    .array(z.union([Slug, z.string().regex(/^\d+$/)]))
    .max(50)
    .default([]),
  /** The event tag that carries the customer's account id. */
  accountTag: TagKey.default('account_id'),
  /** Which `custom_fields` key of the case holds the customer's account id. */
  accountField: z.string().min(1).default('account_id'),
  /** Only issues seen in this environment, e.g. `production`. */
  environment: z.string().min(1).max(64).optional(),
  /** An event tag whose value names the product (read from the latest event); wins over `projectProducts`. */
  productTag: TagKey.optional(),
  /** Project slug → the tenant's product id; unmapped projects report their slug as the product. */
  projectProducts: z.record(z.string(), z.string()).default({}),
  /** Page size of the issue search (Sentry's `limit`). */
  pageSize: z.number().int().min(1).max(100).default(25),
  /** Most issues turned into evidence. */
  maxIssues: z.number().int().min(1).max(25).default(10),
  /** How many of the top issues get their latest event read for release and tags (one call each). */
  enrichTop: z.number().int().min(0).max(10).default(5),
});
export type SentryConfig = z.output<typeof configSchema>;

/** Write-only credentials: an auth token (internal integration or user token) with `event:read` and `org:read`. */
export const secretsSchema = z.object({
  authToken: z.string().min(1),
});
export type SentrySecrets = z.output<typeof secretsSchema>;
