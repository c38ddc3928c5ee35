import type { CaseRecord } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../errors';
import { neverAborted, testConnectorContext } from '../testing/context';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import type { EvidenceQuery } from '../types';
import { ReleaseFacts } from '../../domain/triage/evidence-attributes';
import {
  badCredentials,
  githubLink,
  githubRelease,
  notAccessible,
  notFound,
  primaryRateLimitExceeded,
  rateLimitHeaders,
  secondaryRateLimitExceeded,
} from './fixtures';
import { githubReleasesConnector } from './index';
import { componentsFromNotes, markdownToLines } from './connector';

const NOW = new Date('2026-11-20T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const TOKEN = 'github_pat_11ABCDEFG0123456789_test';

let server: FakeServer;
let handler: FakeHandler = () => ({ status: 500 });

beforeAll(async () => {
  server = await startFakeServer((req) => handler(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function source(config: Record<string, unknown> = {}, secrets: Record<string, string> = { token: TOKEN }) {
  return githubReleasesConnector.create({
    id: 'gh',
    config: githubReleasesConnector.configSchema.parse({
      baseUrl: server.baseUrl,
      repositories: [
        { owner: 'acme', repo: 'widget', product: 'widget' },
        { owner: 'acme', repo: 'gadget', product: 'gadget', components: ['ui'] },
      ],
      ...config,
    }),
    secrets: githubReleasesConnector.secretsSchema.parse(secrets),
    context: testConnectorContext({}, NOW),
  });
}

function query(record: Partial<CaseRecord> = {}, signal = neverAborted()): EvidenceQuery {
  return {
    tenant: 't1',
    record: { id: 'ZD-1001', subject: 'Checkout fails after the update', ...record },
    window: { from: new Date('2026-11-13T12:00:00Z'), to: NOW },
    now: NOW,
    signal,
  };
}

const widget = () => ({ apiBase: server.baseUrl, owner: 'acme', repo: 'widget' });
const gadget = () => ({ apiBase: server.baseUrl, owner: 'acme', repo: 'gadget' });

/** Routes the documented list call of each repository, and GitHub's numbered follow-up pages. */
function serveReleases(pages: {
  widget: Record<string, unknown>[][];
  gadget?: Record<string, unknown>[];
}): void {
  handler = (req) => {
    const headers = { ...rateLimitHeaders(4990, NOW_S + 3600) };
    if (req.path === '/repos/acme/gadget/releases') return { headers, body: pages.gadget ?? [] };
    const page =
      req.path === '/repos/acme/widget/releases'
        ? 1
        : req.path === '/repositories/101/releases'
          ? Number(req.query.get('page'))
          : 0;
    const body = pages.widget[page - 1];
    if (body === undefined) return { status: 404, body: notFound };
    const link = githubLink(server.baseUrl, 101, page, pages.widget.length);
    return { headers: link === '' ? headers : { ...headers, link }, body };
  };
}

describe('github-releases: happy path', () => {
  it('maps published releases in the window to release evidence, following Link pagination', async () => {
    serveReleases({
      widget: [
        [
          githubRelease(widget(), {
            id: 9,
            tag_name: 'v9.9.9',
            published_at: '2026-11-21T08:00:00Z',
          }),
          githubRelease(widget(), { id: 8, tag_name: 'v2.5.0', draft: true, published_at: null }),
          githubRelease(widget(), {
            id: 7,
            tag_name: 'v2.4.0-rc.1',
            name: 'Release candidate 2.4.0',
            prerelease: true,
            created_at: '2026-11-19T07:55:00Z',
            published_at: '2026-11-19T08:00:00Z',
            body: "## What's Changed\r\n* **Components:** Checkout, Billing\r\n* Fix [login](https://github.com/acme/widget/pull/42) crash by @octocat in #42\r\n<!-- Release notes generated using configuration in .github/release.yml -->\r\n",
          }),
          githubRelease(widget(), {
            id: 6,
            tag_name: 'v2.3.1',
            published_at: '2026-11-12T10:00:00Z',
            body: '### Bug fixes\n- `retry` no longer loops',
          }),
        ],
        [
          githubRelease(widget(), {
            id: 5,
            tag_name: 'v2.3.0',
            published_at: '2026-11-01T10:00:00Z',
            body: null,
          }),
          githubRelease(widget(), { id: 4, tag_name: 'v2.2.0', published_at: '2026-10-20T10:00:00Z' }),
        ],
      ],
      gadget: [
        githubRelease(gadget(), {
          id: 31,
          tag_name: 'v1.0.0',
          published_at: '2026-11-15T16:30:00+01:00',
          body: 'Components: ignored, because config names them',
        }),
      ],
    });

    const evidence = await source().fetch(query());

    expect(evidence.map((e) => e.id).sort()).toEqual([
      'gh:release:acme/gadget/31',
      'gh:release:acme/widget/5',
      'gh:release:acme/widget/6',
      'gh:release:acme/widget/7',
    ]);
    const rc = evidence.find((e) => e.id === 'gh:release:acme/widget/7');
    expect(rc).toMatchObject({
      source: 'gh',
      kind: 'release',
      title: 'widget v2.4.0-rc.1',
      url: 'https://github.com/acme/widget/releases/tag/v2.4.0-rc.1',
      observedAt: '2026-11-19T08:00:00Z',
      attributes: {
        version: 'v2.4.0-rc.1',
        product: 'widget',
        components: ['checkout', 'billing'],
        releasedAt: '2026-11-19T08:00:00Z',
        tag: 'v2.4.0-rc.1',
        name: 'Release candidate 2.4.0',
        prerelease: true,
        repository: 'acme/widget',
      },
    });
    expect(rc?.excerpt).toBe(
      "Pre-release. What's Changed\nComponents: Checkout, Billing\nFix login crash by @octocat in #42",
    );
    const gadgetRelease = evidence.find((e) => e.id === 'gh:release:acme/gadget/31');
    expect(gadgetRelease?.attributes).toMatchObject({ product: 'gadget', components: ['ui'] });
    expect(gadgetRelease?.observedAt).toBe('2026-11-15T16:30:00+01:00');
    expect(evidence.find((e) => e.id === 'gh:release:acme/widget/6')?.excerpt).toBe(
      'Bug fixes\nretry no longer loops',
    );
    expect(evidence.find((e) => e.id === 'gh:release:acme/widget/5')?.excerpt).toBe('');
    // The engine ignores evidence whose facts do not parse.
    for (const e of evidence) expect(ReleaseFacts.safeParse(e.attributes).success).toBe(true);
  });

  it('sends the documented requests: path, per_page, API version, media type and Bearer token', async () => {
    serveReleases({ widget: [[], []] });
    await source().fetch(query());

    const first = server.requests.find((r) => r.path === '/repos/acme/widget/releases');
    expect(first?.method).toBe('GET');
    expect(Object.fromEntries(first?.query ?? [])).toEqual({ per_page: '30' });
    expect(first?.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      authorization: `Bearer ${TOKEN}`,
      'user-agent': 'triage-desk',
    });
    expect(server.requests.map((r) => `${r.path}?${r.query.toString()}`).sort()).toEqual([
      '/repos/acme/gadget/releases?per_page=30',
      '/repos/acme/widget/releases?per_page=30',
      '/repositories/101/releases?per_page=30&page=2',
    ]);
  });

  it('reads public repositories without an Authorization header when no token is configured', async () => {
    serveReleases({ widget: [[]] });
    await source({}, {}).fetch(query({ product: 'widget' }));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('reads only the repositories of the case product when the case names a configured one', async () => {
    serveReleases({ widget: [[]], gadget: [] });
    await source().fetch(query({ product: 'Gadget' }));
    expect(server.requests.map((r) => r.path)).toEqual(['/repos/acme/gadget/releases']);
  });

  it('stops after at most two pages per repository even when every release is recent', async () => {
    const recent = (id: number) =>
      githubRelease(widget(), { id, tag_name: `v3.0.${id}`, published_at: '2026-11-18T00:00:00Z' });
    serveReleases({ widget: [[recent(1)], [recent(2)], [recent(3)]] });

    const evidence = await source().fetch(query({ product: 'widget' }));

    expect(server.requests.map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(evidence.map((e) => e.attributes.version)).toEqual(['v3.0.1', 'v3.0.2']);
  });

  it('does not ask for the next page once a page reaches before the window minus the lookback', async () => {
    serveReleases({
      widget: [
        [
          githubRelease(widget(), { id: 2, tag_name: 'v2.0.0', published_at: '2026-11-18T00:00:00Z' }),
          githubRelease(widget(), { id: 1, tag_name: 'v1.0.0', published_at: '2026-10-01T00:00:00Z' }),
        ],
        [githubRelease(widget(), { id: 0, tag_name: 'v0.9.0', published_at: '2026-09-01T00:00:00Z' })],
      ],
    });

    const evidence = await source().fetch(query({ product: 'widget' }));

    expect(server.requests).toHaveLength(1);
    expect(evidence.map((e) => e.id)).toEqual(['gh:release:acme/widget/2']);
  });

  it('strips the tag prefix for the version and skips tags of other products', async () => {
    serveReleases({
      widget: [
        [
          githubRelease(widget(), { id: 2, tag_name: 'widget-v2.0.0' }),
          githubRelease(widget(), { id: 1, tag_name: 'tools-v1.0.0' }),
        ],
      ],
    });

    const evidence = await source({ tagPrefix: 'widget-v' }).fetch(query({ product: 'widget' }));

    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.title).toBe('widget widget-v2.0.0');
    expect(evidence[0]?.attributes.version).toBe('2.0.0');
  });

  it('returns [] when nothing was released', async () => {
    serveReleases({ widget: [[]], gadget: [] });
    await expect(source().fetch(query())).resolves.toEqual([]);
  });

  it('keeps PII and secrets in release notes out of the evidence', async () => {
    serveReleases({
      widget: [
        [
          githubRelease(widget(), {
            id: 1,
            tag_name: 'v1.0.0',
            name: 'canary.person@example.org',
            body: 'Thanks canary.person@example.org\nTest card 4111 1111 1111 1111 now declined\nRotated sk_live_canary0123456789abcd',
          }),
        ],
      ],
    });

    const evidence = await source().fetch(query({ product: 'widget' }));

    expect(evidence).toHaveLength(1);
    const text = evidence.map((e) => `${e.title}\n${e.excerpt}`).join('\n');
    expect(text).toContain('Test card');
    for (const canary of [
      'canary.person@example.org',
      '4111 1111 1111 1111',
      'sk_live_canary0123456789abcd',
    ]) {
      expect(text).not.toContain(canary);
    }
    expect(evidence[0]?.sensitive).toBe(true);
  });
});

describe('github-releases: faults', () => {
  async function failure(respond: FakeHandler, run = () => source().fetch(query({ product: 'widget' }))) {
    handler = respond;
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    // Messages never echo the response body or the token.
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).not.toMatch(/Bad credentials|secondary rate limit|API rate limit/);
    return e;
  }

  it('401 is auth', async () => {
    const e = await failure(() => ({ status: 401, body: badCredentials }));
    expect(e.code).toBe('auth');
  });

  it('404 is not_found and names the repository', async () => {
    const e = await failure(() => ({ status: 404, body: notFound }));
    expect(e.code).toBe('not_found');
    expect(e.message).toContain('acme/widget');
  });

  it('429 with Retry-After: 7 is rate_limited after 7 s', async () => {
    const e = await failure(() => ({
      status: 429,
      headers: { 'retry-after': '7' },
      body: secondaryRateLimitExceeded,
    }));
    expect(e).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000, status: 429 });
  });

  it('403 with x-ratelimit-remaining 0 is rate_limited until x-ratelimit-reset', async () => {
    const e = await failure(() => ({
      status: 403,
      headers: rateLimitHeaders(0, NOW_S + 90),
      body: primaryRateLimitExceeded,
    }));
    expect(e).toMatchObject({ code: 'rate_limited', retryAfterMs: 90_000, status: 403 });
  });

  it('403 with retry-after (secondary limit) is rate_limited', async () => {
    const e = await failure(() => ({
      status: 403,
      headers: { ...rateLimitHeaders(4000, NOW_S + 3000), 'retry-after': '60' },
      body: secondaryRateLimitExceeded,
    }));
    expect(e).toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
  });

  it('403 without rate-limit signals stays forbidden', async () => {
    const e = await failure(() => ({
      status: 403,
      headers: rateLimitHeaders(4000, NOW_S + 3000),
      body: notAccessible,
    }));
    expect(e.code).toBe('forbidden');
  });

  it('500 is unavailable', async () => {
    const e = await failure(() => ({ status: 500, body: { message: 'Server Error' } }));
    expect(e.code).toBe('unavailable');
  });

  it('a body that is not the documented list is bad_response', async () => {
    const e = await failure(() => ({ body: { releases: [{ id: 'one' }] } }));
    expect(e.code).toBe('bad_response');
    const notJson = await failure(() => ({ body: '<html>maintenance</html>' }));
    expect(notJson.code).toBe('bad_response');
  });

  it('a release without the documented fields is bad_response', async () => {
    const { tag_name: _drop, ...broken } = githubRelease(widget(), { id: 1, tag_name: 'v1.0.0' });
    const e = await failure(() => ({ body: [broken] }));
    expect(e.code).toBe('bad_response');
  });

  it('a pagination link to another host is refused, so the token never leaves the API', async () => {
    const e = await failure(() => ({
      headers: { link: '<https://evil.example/repositories/101/releases?page=2>; rel="next"' },
      body: [githubRelease(widget(), { id: 1, tag_name: 'v1.0.0' })],
    }));
    expect(e.code).toBe('bad_response');
    expect(server.requests).toHaveLength(1);
  });

  it('a hung server and an aborted signal reject promptly with timeout', async () => {
    const controller = new AbortController();
    const e = await failure(
      () => {
        controller.abort();
        return { hang: true };
      },
      () => source().fetch(query({ product: 'widget' }, controller.signal)),
    );
    expect(e.code).toBe('timeout');
  });
});

describe('github-releases: testConnection', () => {
  it('lists one release of the first repository with the credentials', async () => {
    serveReleases({ widget: [[githubRelease(widget(), { id: 1, tag_name: 'v1.0.0' })]] });
    await source().testConnection(neverAborted());
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/repos/acme/widget/releases');
    expect(server.requests[0]?.query.get('per_page')).toBe('1');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reports refused credentials as auth', async () => {
    handler = () => ({ status: 401, body: badCredentials });
    await expect(source().testConnection(neverAborted())).rejects.toMatchObject({ code: 'auth' });
  });
});

describe('github-releases: config', () => {
  const parse = (c: unknown) => githubReleasesConnector.configSchema.safeParse(c);
  const repo = { owner: 'acme', repo: 'widget', product: 'widget' };

  it('defaults to api.github.com and a 14-day lookback', () => {
    const parsed = parse({ repositories: [repo] });
    expect(parsed.success && parsed.data).toMatchObject({
      baseUrl: 'https://api.github.com',
      lookbackDays: 14,
    });
  });

  it('normalises an Enterprise API root', () => {
    const parsed = parse({ baseUrl: 'https://ghe.acme.example/api/v3/', repositories: [repo] });
    expect(parsed.success && parsed.data.baseUrl).toBe('https://ghe.acme.example/api/v3');
  });

  it('refuses names that could leave the repository path, duplicates and an empty list', () => {
    expect(parse({ repositories: [{ ...repo, owner: '../admin' }] }).success).toBe(false);
    expect(parse({ repositories: [{ ...repo, repo: '..' }] }).success).toBe(false);
    expect(parse({ repositories: [repo, { ...repo, owner: 'ACME' }] }).success).toBe(false);
    expect(parse({ repositories: [] }).success).toBe(false);
    expect(parse({ baseUrl: 'ftp://ghe.acme.example', repositories: [repo] }).success).toBe(false);
  });

  it('refuses a token that would break the Authorization header', () => {
    expect(githubReleasesConnector.secretsSchema.safeParse({ token: 'abc\r\nX-Evil: 1' }).success).toBe(
      false,
    );
    expect(githubReleasesConnector.secretsSchema.safeParse({}).success).toBe(true);
  });
});

describe('github-releases: release notes to text', () => {
  it('keeps text, drops markdown markers', () => {
    expect(
      markdownToLines(
        '# Title\n\n> **Note** see ![diagram](x.png)\n1. [ ] item *one*\n---\n```ts\ncode()\n```',
      ),
    ).toEqual(['Title', 'Note see diagram', 'item one', 'code()']);
  });

  it('reads components from a "Components:" line only', () => {
    expect(
      componentsFromNotes('Intro about components\n- **Components**: API , web\ncomponent: api'),
    ).toEqual(['api', 'web']);
  });
});
