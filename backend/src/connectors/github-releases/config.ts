import { z } from 'zod';

// GitHub login rules: alphanumerics and single hyphens, at most 39 characters. Checked here so an owner
// can never smuggle a path segment (`..`, `/`) into the request URL.
const Owner = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'not a valid GitHub owner name');
// Repository names: letters, digits, `.`, `-`, `_`, at most 100 characters; `.` and `..` are not names.
const Repo = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'not a valid GitHub repository name')
  .refine((r) => r !== '.' && r !== '..', 'not a valid GitHub repository name');

/** One repository and the tenant's product it ships. */
export const repositorySchema = z.object({
  owner: Owner,
  repo: Repo,
  /** The tenant's product id, as cases and the engine name it. */
  product: z.string().trim().min(1).max(100),
  /**
   * Components every release of this repository touches. When absent, components are read from the
   * release notes (a line such as `Components: api, billing`).
   */
  components: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});
export type GitHubRepository = z.output<typeof repositorySchema>;

/**
 * Non-secret configuration of a GitHub Releases source. `baseUrl` is the REST API root:
 * `https://api.github.com` for github.com, `https://{host}/api/v3` for GitHub Enterprise Server. The
 * guarded client enforces https and the public-address rules when it connects.
 */
export const configSchema = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .default('https://api.github.com')
      // One canonical form, so paths are joined the same way for github.com and Enterprise.
      .transform((u) => u.replace(/\/+$/, '')),
    repositories: z.array(repositorySchema).min(1).max(20),
    /** Stripped from `tag_name` to get the version; when set, tags without it are not this product's. */
    tagPrefix: z.string().max(50).optional(),
    /** How far before the case window a release still counts as a suspect. */
    lookbackDays: z.number().int().min(0).max(90).default(14),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.repositories.forEach((r, i) => {
      // GitHub names are case-insensitive: `Acme/Widget` and `acme/widget` are one repository.
      const key = `${r.owner}/${r.repo}`.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['repositories', i], message: 'repository listed twice' });
      }
      seen.add(key);
    });
  });
export type GitHubReleasesConfig = z.output<typeof configSchema>;

/**
 * Write-only credentials. `token` is optional: public repositories are readable without one (at a lower
 * rate limit). A fine-grained personal access token needs read access to "Contents" of the listed
 * repositories.
 */
export const secretsSchema = z.object({
  token: z
    .string()
    .trim()
    .min(1)
    .max(400)
    // Header injection guard: the token becomes an Authorization header value.
    .regex(/^[\x21-\x7e]+$/, 'the token contains characters a token never has')
    .optional(),
});
export type GitHubReleasesSecrets = z.output<typeof secretsSchema>;
