import { z } from 'zod';

// Zendesk subdomains are DNS labels: letters, digits and inner dashes.
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Largest history the connector will list; the fan-out's deadline matters more than completeness. */
export const MAX_HISTORY_LIMIT = 100;

/**
 * Reduces a configured URL to the account root (`https://acme.zendesk.com`): no query, no fragment, no
 * trailing slash, and no `/api/v2`, which admins often paste from the API docs.
 */
function accountRoot(raw: string): string {
  const url = new URL(raw);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  return `${url.origin}${path}`;
}

/**
 * Non-secret Zendesk settings, safe to show to admins. Give the `subdomain` (`acme` for
 * `https://acme.zendesk.com`) or a `baseUrl` (a proxy, or the fake server in tests); with both, the API is
 * called at `baseUrl` and agent links still point at `{subdomain}.zendesk.com`, where the agent UI lives.
 * https is enforced by the guarded client, not here, so that tests can use loopback.
 *
 * Output: `baseUrl` is always set (derived from the subdomain when absent) and normalised to the account
 * root; `agentUrl` is where the deep links point.
 *
 * @see https://developer.zendesk.com/api-reference/introduction/requests/
 */
export const configSchema = z
  .object({
    subdomain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(SUBDOMAIN, 'a Zendesk subdomain is the first label of {subdomain}.zendesk.com, e.g. "acme"')
      .optional(),
    baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL' }).optional(),
    /** How many of the requester's and organization's other tickets to return, newest first. */
    maxHistory: z.number().int().min(1).max(MAX_HISTORY_LIMIT).default(20),
  })
  .refine((c) => c.subdomain !== undefined || c.baseUrl !== undefined, {
    error: 'set the Zendesk subdomain (or a baseUrl)',
    path: ['subdomain'],
  })
  .refine((c) => c.baseUrl === undefined || !/[?#]/.test(c.baseUrl), {
    error: 'baseUrl must not carry a query or fragment',
    path: ['baseUrl'],
  })
  .transform((c) => {
    const zendeskSite = c.subdomain === undefined ? undefined : `https://${c.subdomain}.zendesk.com`;
    const baseUrl = accountRoot(c.baseUrl ?? zendeskSite ?? '');
    return {
      subdomain: c.subdomain,
      baseUrl,
      agentUrl: zendeskSite ?? baseUrl,
      maxHistory: c.maxHistory,
    };
  });

export type ZendeskConfig = z.output<typeof configSchema>;

/**
 * Write-only Zendesk credentials: an agent's `email` with an API token (`apiToken`), or an OAuth access
 * token (`oauthToken`) with the `read` scope. Exactly one of the two; validation messages never echo a
 * value.
 *
 * @see https://developer.zendesk.com/api-reference/introduction/security-and-auth/
 */
export const secretsSchema = z
  .object({
    email: z.string().trim().min(3).max(254).optional(),
    apiToken: z.string().trim().min(1).max(200).optional(),
    oauthToken: z.string().trim().min(1).max(500).optional(),
  })
  .superRefine((s, ctx) => {
    const hasApiToken = s.email !== undefined || s.apiToken !== undefined;
    if (s.oauthToken !== undefined && hasApiToken) {
      ctx.addIssue({
        code: 'custom',
        path: ['oauthToken'],
        message: 'give either email + apiToken or oauthToken, not both',
      });
      return;
    }
    if (s.oauthToken !== undefined) return;
    if (s.email === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'the agent email is required with an API token',
      });
    if (s.apiToken === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['apiToken'],
        message: 'an API token or an OAuth token is required',
      });
  });

export type ZendeskSecrets = z.output<typeof secretsSchema>;

/**
 * The `Authorization` header for the configured credentials: Basic `{email}/token:{apiToken}` (base64),
 * as Zendesk documents API-token auth, or Bearer for OAuth.
 *
 * @see https://developer.zendesk.com/api-reference/introduction/security-and-auth/#api-token
 */
export function authorizationHeader(secrets: ZendeskSecrets): string {
  if (secrets.oauthToken !== undefined) return `Bearer ${secrets.oauthToken}`;
  const basic = Buffer.from(`${secrets.email ?? ''}/token:${secrets.apiToken ?? ''}`, 'utf8').toString(
    'base64',
  );
  return `Basic ${basic}`;
}
