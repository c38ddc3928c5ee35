import { z } from 'zod';
import { retryAfterMs, type GuardedClient, type GuardedResponse } from '../../infrastructure/http';
import { ConnectorError } from '../errors';
import { requestJson, type JsonResponse } from '../http-json';

const SYSTEM = 'GitHub';

/** Releases per page: GitHub's default, enough for two weeks of even a busy repository. */
export const PER_PAGE = 30;
/** Pages read per repository at most, so one source never runs long whatever the repository holds. */
export const MAX_PAGES_PER_REPO = 2;

const Timestamp = z.iso.datetime({ offset: true });

/**
 * One release as the REST API returns it; only the fields we read are checked, the rest pass through.
 * @see https://docs.github.com/en/rest/releases/releases#list-releases
 */
export const releaseSchema = z.looseObject({
  id: z.number().int(),
  html_url: z.url({ protocol: /^https?$/ }),
  tag_name: z.string().min(1),
  name: z.string().nullable(),
  body: z.string().nullable().optional(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  created_at: Timestamp,
  // Null for drafts, which were never published.
  published_at: Timestamp.nullable(),
});
export type GitHubRelease = z.output<typeof releaseSchema>;

const releaseListSchema = z.array(releaseSchema);

/** What a GitHub client needs: the guarded HTTP client, the API root, an optional token and a clock. */
export interface GitHubClientOptions {
  http: GuardedClient;
  /** REST API root without a trailing slash, e.g. `https://api.github.com`. */
  baseUrl: string;
  token?: string | undefined;
  clock: () => Date;
}

/** The repository to read, as configured. */
export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** The GitHub calls this connector makes. */
export interface GitHubClient {
  /**
   * Releases of one repository, newest first, following `Link: rel="next"` for at most
   * {@link MAX_PAGES_PER_REPO} pages and stopping after the first page that reaches back before `since`.
   * Drafts are included (the caller skips them).
   * @throws ConnectorError; `not_found` when the repository does not exist or the token cannot see it.
   */
  listRecentReleases(repository: RepositoryRef, since: Date, signal: AbortSignal): Promise<GitHubRelease[]>;
  /**
   * One release of one repository: the cheapest call that exercises the same endpoint and permission.
   * @throws ConnectorError
   */
  probe(repository: RepositoryRef, signal: AbortSignal): Promise<void>;
}

/**
 * A client for the GitHub REST API (github.com or Enterprise Server) over the guarded HTTP client.
 * @see https://docs.github.com/en/rest/releases/releases#list-releases
 * @see https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const api = new URL(`${options.baseUrl}/`);
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    // GitHub refuses requests without a User-Agent, and Node's http module sends none.
    'User-Agent': 'triage-desk',
    ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
  };

  const get = (url: URL, signal: AbortSignal) =>
    requestGitHub(options.http, url, headers, signal, () => options.clock().getTime());

  function releasesUrl(r: RepositoryRef, perPage: number): URL {
    // Owner and repo are validated against GitHub's name rules in config; encoding is belt and braces.
    const url = new URL(`repos/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.repo)}/releases`, api);
    url.searchParams.set('per_page', String(perPage));
    return url;
  }

  return {
    async listRecentReleases(repository, since, signal) {
      const out: GitHubRelease[] = [];
      let url: URL | undefined = releasesUrl(repository, PER_PAGE);
      for (let page = 0; url !== undefined && page < MAX_PAGES_PER_REPO; page += 1) {
        const res: JsonResponse<GitHubRelease[]> = await withRepository(repository, get(url, signal));
        out.push(...res.data);
        // The list is newest first: once a page reaches before `since`, later pages are older still.
        // Drafts don't count: an old forgotten draft says nothing about what was published after it.
        const reachedBack: boolean = res.data.some(
          (r) => r.published_at !== null && Date.parse(r.published_at) < since.getTime(),
        );
        url = reachedBack ? undefined : nextPage(res.headers.link, api);
      }
      return out;
    },
    async probe(repository, signal) {
      await withRepository(repository, get(releasesUrl(repository, 1), signal));
    },
  };
}

/**
 * requestJson maps every 403 to `forbidden`, but GitHub also answers 403 when a rate limit is exhausted
 * (primary: `x-ratelimit-remaining: 0` with `x-ratelimit-reset` in epoch seconds; secondary: a
 * `retry-after`). The status alone cannot tell them apart, so this watches the raw response through a
 * pass-through client and turns such a 403 (or a 429 that only carries the reset time) into
 * `rate_limited` with the wait GitHub asked for.
 * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
async function requestGitHub(
  http: GuardedClient,
  url: URL,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
  now: () => number,
): Promise<JsonResponse<GitHubRelease[]>> {
  let last: GuardedResponse | undefined;
  const watching: GuardedClient = {
    async request(req) {
      last = await http.request(req);
      return last;
    },
    close: () => {
      http.close();
    },
  };
  try {
    return await requestJson(watching, {
      url,
      headers,
      signal,
      schema: releaseListSchema,
      system: SYSTEM,
      now,
    });
  } catch (e) {
    if (
      e instanceof ConnectorError &&
      (e.code === 'forbidden' || e.code === 'rate_limited') &&
      last !== undefined
    ) {
      const wait = rateLimitWaitMs(last.headers, now());
      if (wait !== undefined || e.code === 'rate_limited') {
        throw new ConnectorError('rate_limited', `${SYSTEM} answered ${last.status}: rate limited`, {
          status: last.status,
          cause: e,
          ...((wait ?? e.retryAfterMs) === undefined ? {} : { retryAfterMs: wait ?? e.retryAfterMs }),
        });
      }
    }
    throw e;
  }
}

/**
 * How long GitHub asks us to wait: `retry-after` when sent (secondary limits), otherwise the primary
 * limit's reset time when `x-ratelimit-remaining` is 0. Undefined when neither says "rate limited".
 */
export function rateLimitWaitMs(
  headers: Readonly<Record<string, string>>,
  nowMs: number,
): number | undefined {
  const retry = retryAfterMs(headers, nowMs);
  if (retry !== undefined) return retry;
  if (headers['x-ratelimit-remaining']?.trim() !== '0') return undefined;
  const reset = Number(headers['x-ratelimit-reset']);
  // Remaining 0 without a usable reset is still a rate limit; the fan-out falls back to its backoff.
  if (!Number.isFinite(reset)) return undefined;
  return Math.max(0, reset * 1000 - nowMs);
}

/**
 * The `rel="next"` target of a `Link` header, only if it stays under the configured API root: the
 * token goes with the request, so a link elsewhere is a fault, not a page.
 * @throws ConnectorError `bad_response` when the link leaves the API root.
 */
export function nextPage(link: string | undefined, api: URL): URL | undefined {
  if (link === undefined) return undefined;
  for (const m of link.matchAll(/<([^>]*)>\s*;\s*rel="([^"]*)"/g)) {
    const [, target, rel] = m;
    if (target === undefined || rel === undefined || !rel.split(/\s+/).includes('next')) continue;
    let url: URL;
    try {
      url = new URL(target, api);
    } catch (cause) {
      throw new ConnectorError('bad_response', `${SYSTEM} sent a pagination link that is not a URL`, {
        cause,
      });
    }
    if (url.origin !== api.origin || !url.pathname.startsWith(api.pathname)) {
      throw new ConnectorError('bad_response', `${SYSTEM} sent a pagination link outside the configured API`);
    }
    return url;
  }
  return undefined;
}

async function withRepository<T>(repository: RepositoryRef, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    // GitHub answers 404 for private repositories the token cannot see, too; say both.
    if (e instanceof ConnectorError && e.code === 'not_found') {
      throw new ConnectorError(
        'not_found',
        `${SYSTEM} answered 404: repository ${repository.owner}/${repository.repo} was not found or the token cannot read it`,
        { status: 404, cause: e },
      );
    }
    throw e;
  }
}
