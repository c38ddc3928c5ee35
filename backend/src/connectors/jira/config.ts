import { z } from 'zod';

/** Open known issues in the KI project, most recently touched first. */
export const DEFAULT_KNOWN_ISSUE_JQL = 'project = KI AND statusCategory != Done ORDER BY updated DESC';
/** Open bugs anywhere on the site, most recently touched first. */
export const DEFAULT_DEFECT_JQL = 'issuetype = Bug AND statusCategory != Done ORDER BY updated DESC';

// The Atlassian API gateway: Forge `apiBaseUrl` and OAuth 2.0 (3LO) calls go to
// https://api.atlassian.com/ex/jira/{cloudId}, which is not a URL a person can open.
const API_GATEWAY_HOST = 'api.atlassian.com';

const BaseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((u) => {
    const url = new URL(u);
    return url.search === '' && url.hash === '';
  }, 'must not carry a query or fragment')
  // Paths are joined by string concatenation, so a trailing slash would double up.
  .transform((u) => u.replace(/\/+$/, ''));

/**
 * Non-secret settings of one Jira Cloud / Jira Service Management instance. Admins may see them.
 *
 * - `baseUrl`: where REST calls go. Either the site, `https://{site}.atlassian.net` (API token or
 *   scoped token with Basic auth), or the gateway form `https://api.atlassian.com/ex/jira/{cloudId}`
 *   (the Forge `apiBaseUrl`, and OAuth 2.0 bearer tokens, which the site URL does not accept).
 * - `siteUrl`: the site people browse, for deep links (`{siteUrl}/browse/{key}`). Defaults to `baseUrl`
 *   for the site form; required with the gateway form.
 * - `knownIssueJql` / `defectJql`: the two searches; an empty string turns that search off.
 * - `maxResults`: page size of every paged call; `maxPages`: pages read at most per listing.
 * - `workaroundField`: a custom field (`customfield_10050`) holding a known issue's workaround.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#ad-hoc-api-calls
 */
export const configSchema = z
  .object({
    baseUrl: BaseUrl,
    siteUrl: BaseUrl.optional(),
    knownIssueJql: z.string().trim().max(4000).default(DEFAULT_KNOWN_ISSUE_JQL),
    defectJql: z.string().trim().max(4000).default(DEFAULT_DEFECT_JQL),
    // Jira caps a search page at 100 when fields are requested; we never want more in one packet.
    maxResults: z.number().int().min(1).max(100).default(50),
    maxPages: z.number().int().min(1).max(5).default(3),
    workaroundField: z
      .string()
      .regex(/^customfield_\d+$/, 'must be a custom field id such as customfield_10050')
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.siteUrl === undefined && new URL(c.baseUrl).hostname === API_GATEWAY_HOST) {
      ctx.addIssue({
        code: 'custom',
        path: ['siteUrl'],
        message: 'required when baseUrl is the api.atlassian.com gateway: links need the site address',
      });
    }
  })
  .transform((c) => ({ ...c, siteUrl: c.siteUrl ?? c.baseUrl }));
export type JiraConfig = z.output<typeof configSchema>;

/** Basic auth: an Atlassian account email and an API token (id.atlassian.com > Security > API tokens). */
const BasicSecrets = z.strictObject({ email: z.email(), apiToken: z.string().min(1) });
/** Bearer auth: an OAuth 2.0 (3LO) or Forge access token, valid on the api.atlassian.com gateway. */
const BearerSecrets = z.strictObject({ accessToken: z.string().min(1) });

/**
 * Write-only credentials: `email` + `apiToken` (Basic) or `accessToken` (Bearer), never both, so it is
 * never ambiguous which one was used.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/
 */
export const secretsSchema = z.union([BasicSecrets, BearerSecrets]);
export type JiraSecrets = z.output<typeof secretsSchema>;

/** The `Authorization` header value for the configured credentials. */
export function authorizationHeader(secrets: JiraSecrets): string {
  if ('accessToken' in secrets) return `Bearer ${secrets.accessToken}`;
  return `Basic ${Buffer.from(`${secrets.email}:${secrets.apiToken}`, 'utf8').toString('base64')}`;
}
