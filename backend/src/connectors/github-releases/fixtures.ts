/**
 * GitHub REST API payloads for the contract tests, shaped as the API documents them (field names,
 * nesting, `Link` pagination, rate-limit headers, error bodies). Generators take overrides so each test
 * states only what it is about.
 * @see https://docs.github.com/en/rest/releases/releases#list-releases
 * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */

/** Where the fake API lives (the fake server's base URL) and the repository a release belongs to. */
export interface ReleaseFixtureContext {
  apiBase: string;
  owner: string;
  repo: string;
}

const author = {
  login: 'octocat',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: 'https://github.com/images/error/octocat_happy.gif',
  gravatar_id: '',
  url: 'https://api.github.com/users/octocat',
  html_url: 'https://github.com/octocat',
  followers_url: 'https://api.github.com/users/octocat/followers',
  following_url: 'https://api.github.com/users/octocat/following{/other_user}',
  gists_url: 'https://api.github.com/users/octocat/gists{/gist_id}',
  starred_url: 'https://api.github.com/users/octocat/starred{/owner}{/repo}',
  subscriptions_url: 'https://api.github.com/users/octocat/subscriptions',
  organizations_url: 'https://api.github.com/users/octocat/orgs',
  repos_url: 'https://api.github.com/users/octocat/repos',
  events_url: 'https://api.github.com/users/octocat/events{/privacy}',
  received_events_url: 'https://api.github.com/users/octocat/received_events',
  type: 'User',
  user_view_type: 'public',
  site_admin: false,
};

/** One release object as `GET /repos/{owner}/{repo}/releases` lists it. */
export function githubRelease(
  ctx: ReleaseFixtureContext,
  overrides: { id: number; tag_name: string } & Record<string, unknown>,
): Record<string, unknown> {
  const { id, tag_name } = overrides;
  const repoApi = `${ctx.apiBase}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    url: `${repoApi}/releases/${String(id)}`,
    html_url: `https://github.com/${ctx.owner}/${ctx.repo}/releases/tag/${tag_name}`,
    assets_url: `${repoApi}/releases/${id}/assets`,
    upload_url: `https://uploads.github.com/repos/${ctx.owner}/${ctx.repo}/releases/${id}/assets{?name,label}`,
    tarball_url: `${repoApi}/tarball/${tag_name}`,
    zipball_url: `${repoApi}/zipball/${tag_name}`,
    discussion_url: null,
    node_id: `RE_kwDO${id}`,
    target_commitish: 'main',
    name: tag_name,
    body: 'Description of the release',
    draft: false,
    prerelease: false,
    immutable: false,
    created_at: '2026-11-18T09:00:00Z',
    published_at: '2026-11-18T09:05:00Z',
    author,
    assets: [],
    ...overrides,
  };
}

/**
 * A `Link` header as GitHub sends it: numbered pages on `/repositories/{id}/releases`, not the
 * `/repos/{owner}/{repo}` path that was requested.
 */
export function githubLink(apiBase: string, repositoryId: number, page: number, last: number): string {
  const at = (p: number) => `${apiBase}/repositories/${repositoryId}/releases?per_page=30&page=${p}`;
  const rels: string[] = [];
  if (page > 1) rels.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < last) rels.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${at(1)}>; rel="first"`);
  return rels.join(', ');
}

/** Rate-limit headers every REST response carries. */
export function rateLimitHeaders(remaining: number, resetEpochSeconds: number): Record<string, string> {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetEpochSeconds),
    'x-ratelimit-used': String(5000 - remaining),
    'x-ratelimit-resource': 'core',
    'x-github-api-version-selected': '2022-11-28',
  };
}

/** 401 for a bad or revoked token. */
export const badCredentials = {
  message: 'Bad credentials',
  documentation_url: 'https://docs.github.com/rest',
  status: '401',
};

/** 404 for a repository that does not exist or that the token cannot see. */
export const notFound = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest/releases/releases#list-releases',
  status: '404',
};

/** 403 when the primary rate limit is exhausted (sent with `x-ratelimit-remaining: 0`). */
export const primaryRateLimitExceeded = {
  message:
    "API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
  documentation_url:
    'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-primary-rate-limits',
  status: '403',
};

/** 403 or 429 for a secondary rate limit (sent with `retry-after`). */
export const secondaryRateLimitExceeded = {
  message:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000:0000:00000000.',
  documentation_url:
    'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
  status: '429',
};

/** 403 when a fine-grained token lacks the permission. */
export const notAccessible = {
  message: 'Resource not accessible by personal access token',
  documentation_url: 'https://docs.github.com/rest/releases/releases#list-releases',
  status: '403',
};
