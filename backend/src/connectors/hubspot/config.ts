import { z } from 'zod';

// HubSpot property internal names are lower-case letters, digits and underscores
// (https://developers.hubspot.com/docs/api/crm/properties). Checking the shape here keeps a typo from
// silently reading nothing, and keeps anything odd out of the request body.
const PropertyName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,99}$/, 'a HubSpot property internal name (lower case, digits, underscores)');

// http is accepted here only so tests can use a loopback fake: the guarded client enforces https for
// tenant URLs at request time, whatever this schema allowed.
const HttpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

/**
 * Non-secret settings of one HubSpot connection; admins may see them.
 *
 * HubSpot ships no company-level ARR or tier property, so both are property names the tenant chooses.
 * `arrProperty` defaults to a custom `arr` property rather than the built-in `annualrevenue`: the latter
 * is the customer's own turnover (often filled by enrichment), and reading it as "what they pay us"
 * would mark almost every enriched company as high-impact. A property that does not exist is simply
 * absent from HubSpot's answer, so the fact becomes `null`, never a guess.
 *
 * @see https://developers.hubspot.com/docs/api/crm/companies
 */
export const configSchema = z.object({
  /** API root. EU and US accounts share it; tests point it at a local fake. */
  baseUrl: HttpUrl.default('https://api.hubapi.com'),
  /** Where people open records; EU data-centre accounts use `https://app-eu1.hubspot.com`. */
  appUrl: HttpUrl.default('https://app.hubspot.com'),
  /** The HubSpot account (hub) id, needed for deep links into the UI. */
  portalId: z
    .union([
      z
        .string()
        .trim()
        .regex(/^\d{1,20}$/),
      z.number().int().positive(),
    ])
    .transform((v) => String(v)),
  /** Company property holding the support tier; its value is lower-cased. */
  tierProperty: PropertyName.default('tier'),
  /** Company property holding annual recurring revenue as a number. See above for why not `annualrevenue`. */
  arrProperty: PropertyName.default('arr'),
  /** Company property holding the renewal date (date or datetime property). */
  renewalProperty: PropertyName.default('renewal_date'),
  /** Resolve `hubspot_owner_id` to a person's name with the owners API (needs `crm.objects.owners.read`). */
  ownerLookup: z.boolean().default(true),
  /**
   * Maps a tier value as HubSpot stores it (lower-cased enumeration value, e.g. `tier_1`) to the desk's
   * SLA tier name (e.g. `enterprise`). Values not listed pass through lower-cased.
   */
  tierMap: z
    .record(z.string(), z.string().trim().min(1))
    .default({})
    .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.trim().toLowerCase(), v]))),
  /** Most association pages read per case; each page is one request. */
  maxPages: z.number().int().min(1).max(5).default(3),
  /** Most deals read per case; one batch read takes at most 100 ids. */
  maxDeals: z.number().int().min(1).max(100).default(100),
});

/** Parsed HubSpot connector configuration. */
export type HubspotConfig = z.output<typeof configSchema>;

/**
 * Write-only credentials: a private app access token, sent as `Authorization: Bearer`. Scopes needed:
 * `crm.objects.companies.read`, `crm.objects.deals.read` and, with `ownerLookup`, `crm.objects.owners.read`.
 *
 * @see https://developers.hubspot.com/docs/api/private-apps
 */
export const secretsSchema = z.object({
  accessToken: z.string().trim().min(1),
});

/** Parsed HubSpot connector secrets. */
export type HubspotSecrets = z.output<typeof secretsSchema>;
