import { z } from 'zod';

/**
 * Non-secret configuration of a changelog feed source: an RSS 2.0 or Atom feed and the tenant's product
 * it describes. The guarded client enforces https and the public-address rules when it connects.
 */
export const configSchema = z.object({
  /** The feed itself (RSS 2.0 or Atom), not the changelog's web page. */
  url: z.url({ protocol: /^https?$/ }),
  /** The tenant's product id, as cases and the engine name it. */
  product: z.string().trim().min(1).max(100),
  /**
   * Components every entry touches. When absent, components are read from the entry text (a line such
   * as `Components: api, billing`).
   */
  components: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  /** How far before the case window an entry still counts as a suspect. */
  lookbackDays: z.number().int().min(0).max(90).default(14),
  /** Most entries returned per case, newest first. */
  maxItems: z.number().int().min(1).max(100).default(50),
});
export type ChangelogFeedConfig = z.output<typeof configSchema>;

// RFC 9110 token characters for a header name.
const HeaderName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/, 'not a header name');
// Headers the HTTP client owns; a tenant setting them could desynchronise or redirect the request.
const RESERVED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'accept-encoding',
  'proxy-authorization',
]);

/**
 * Write-only credentials. Most changelog feeds are public; a private one usually wants a token header
 * (`Authorization: Bearer ...` or a vendor key header), held here because its value is a secret.
 */
export const secretsSchema = z.object({
  headers: z
    .record(
      HeaderName,
      z
        .string()
        .max(4000)
        .regex(/^[^\r\n\0]*$/, 'a header value cannot span lines'),
    )
    .refine((h) => Object.keys(h).length <= 10, 'at most 10 headers')
    .refine(
      (h) => Object.keys(h).every((name) => !RESERVED.has(name.toLowerCase())),
      'this header is set by the HTTP client',
    )
    .optional(),
});
export type ChangelogFeedSecrets = z.output<typeof secretsSchema>;
