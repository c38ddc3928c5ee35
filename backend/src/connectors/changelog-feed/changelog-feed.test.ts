import type { CaseRecord } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReleaseFacts } from '../../domain/triage/evidence-attributes';
import { ConnectorError } from '../errors';
import { neverAborted, testConnectorContext } from '../testing/context';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import type { EvidenceQuery } from '../types';
import { feedDate } from './client';
import { versionIn } from './connector';
import {
  billionLaughsRss,
  externalEntityRss,
  notFoundPage,
  rssFeed,
  rssItem,
  widgetAtom,
  widgetRss,
} from './fixtures';
import { changelogFeedConnector } from './index';
import { parseXml, textContent, XmlError, type XmlElement } from './xml-reader';

const NOW = new Date('2026-11-20T12:00:00Z');
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const ATOM = { 'content-type': 'application/atom+xml' };

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

function source(config: Record<string, unknown> = {}, secrets: Record<string, unknown> = {}) {
  return changelogFeedConnector.create({
    id: 'feed',
    config: changelogFeedConnector.configSchema.parse({
      url: `${server.baseUrl}/changelog/rss.xml`,
      product: 'widget',
      ...config,
    }),
    secrets: changelogFeedConnector.secretsSchema.parse(secrets),
    context: testConnectorContext({}, NOW),
  });
}

function query(record: Partial<CaseRecord> = {}, signal = neverAborted()): EvidenceQuery {
  return {
    tenant: 't1',
    record: { id: 'ZD-1001', subject: 'Card payments time out', ...record },
    window: { from: new Date('2026-11-13T12:00:00Z'), to: NOW },
    now: NOW,
    signal,
  };
}

describe('changelog-feed: RSS 2.0', () => {
  it('maps dated items in the window to release evidence, newest first, decoding CDATA and entities', async () => {
    handler = () => ({ headers: RSS, body: widgetRss });

    const evidence = await source().fetch(query());

    expect(evidence.map((e) => e.id)).toEqual([
      'feed:release:https://acme.example/changelog/widget-2-4-1',
      'feed:release:changelog-entry-1187',
    ]);
    expect(evidence[0]).toMatchObject({
      source: 'feed',
      kind: 'release',
      title: 'widget: Widget 2.4.1 & API 1.9 — checkout fixes',
      excerpt:
        'Fixes\nComponents: Checkout, Payments\nCard payments no longer time out & retry twice\nFixed KB-42',
      url: 'https://acme.example/changelog/widget-2-4-1',
      observedAt: '2026-11-19T09:30:00.000Z',
      attributes: {
        version: '2.4.1',
        product: 'widget',
        components: ['checkout', 'payments'],
        releasedAt: '2026-11-19T09:30:00.000Z',
        versionFrom: 'title',
      },
    });
    // Entity-encoded HTML, decoded once as XML and once as HTML; a relative link resolved on the feed.
    expect(evidence[1]).toMatchObject({
      title: 'widget: Dashboard filters',
      excerpt: 'Filter by team & owner',
      url: `${server.baseUrl}/changelog/dashboard-filters`,
      observedAt: '2026-11-09T15:00:00.000Z',
      attributes: { version: '2026-11-09', components: [], versionFrom: 'date' },
    });
    for (const e of evidence) expect(ReleaseFacts.safeParse(e.attributes).success).toBe(true);
  });

  it('sends one GET for the configured feed, with the secret headers and a feed Accept header', async () => {
    handler = () => ({ headers: RSS, body: widgetRss });

    await source({}, { headers: { Authorization: 'Bearer feed-token-123' } }).fetch(query());

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/changelog/rss.xml' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer feed-token-123');
    expect(server.requests[0]?.headers.accept).toContain('application/rss+xml');
    expect(server.requests[0]?.headers.accept).toContain('application/atom+xml');
  });

  it('uses configured components and returns at most maxItems entries', async () => {
    handler = () => ({ headers: RSS, body: widgetRss });

    const evidence = await source({ components: ['web'], maxItems: 1 }).fetch(query());

    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.attributes.components).toEqual(['web']);
  });

  it('returns [] for a feed with nothing in the window', async () => {
    handler = () => ({ headers: RSS, body: rssFeed([]) });
    await expect(source().fetch(query())).resolves.toEqual([]);
  });

  it('keeps PII and secrets in entries out of the evidence', async () => {
    handler = () => ({
      headers: RSS,
      body: rssFeed([
        rssItem({
          title: 'Widget 2.4.2 for canary.person@example.org',
          description:
            '<![CDATA[<p>Reported by canary.person@example.org with card 4111 1111 1111 1111</p><p>Leaked key sk_live_canary0123456789abcd rotated</p>]]>',
          pubDate: 'Wed, 18 Nov 2026 10:00:00 GMT',
          guid: 'entry-pii',
        }),
      ]),
    });

    const evidence = await source().fetch(query());

    expect(evidence).toHaveLength(1);
    const text = evidence.map((e) => `${e.title}\n${e.excerpt}`).join('\n');
    expect(text).toContain('Widget 2.4.2');
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

describe('changelog-feed: Atom', () => {
  it('maps entries: html and xhtml text, the alternate link, published before updated', async () => {
    handler = () => ({ headers: ATOM, body: widgetAtom });

    const evidence = await source({ url: `${server.baseUrl}/releases.atom` }).fetch(query());

    expect(evidence.map((e) => e.id)).toEqual([
      'feed:release:tag:acme.example,2026:release-77',
      'feed:release:urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
    ]);
    expect(evidence[0]).toMatchObject({
      title: 'widget: Widget v3.0.0 major',
      excerpt: 'Components: Sync\nOffline sync rewritten.',
      url: 'https://acme.example/releases/3-0-0',
      observedAt: '2026-11-18T07:00:00.000Z',
      attributes: {
        version: '3.0.0',
        product: 'widget',
        components: ['sync'],
        releasedAt: '2026-11-18T07:00:00.000Z',
      },
    });
    expect(evidence[1]).toMatchObject({
      title: 'widget: November maintenance',
      excerpt: 'Database upgrade.\nNo downtime expected.',
      url: 'https://acme.example/releases/2026-11-maintenance',
      observedAt: '2026-11-16T12:00:00.000Z',
      attributes: { version: '2026-11-16', versionFrom: 'date' },
    });
    expect(server.requests[0]?.path).toBe('/releases.atom');
  });
});

describe('changelog-feed: faults', () => {
  async function failure(respond: FakeHandler, run = () => source().fetch(query())) {
    handler = respond;
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    expect(e.message).not.toMatch(/Not Found<|lol|passwd|feed-token/);
    return e;
  }

  it('401 is auth', async () => {
    const e = await failure(() => ({ status: 401, body: 'Unauthorized' }));
    expect(e.code).toBe('auth');
  });

  it('404 is not_found', async () => {
    const e = await failure(() => ({
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: notFoundPage,
    }));
    expect(e.code).toBe('not_found');
  });

  it('429 with Retry-After: 7 is rate_limited after 7 s', async () => {
    const e = await failure(() => ({
      status: 429,
      headers: { 'retry-after': '7' },
      body: 'Too Many Requests',
    }));
    expect(e).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });
  });

  it('500 is unavailable', async () => {
    const e = await failure(() => ({ status: 500, body: 'Internal Server Error' }));
    expect(e.code).toBe('unavailable');
  });

  it('a body that is not well-formed XML is bad_response', async () => {
    const e = await failure(() => ({
      headers: RSS,
      body: '<rss version="2.0"><channel><item></channel></rss>',
    }));
    expect(e.code).toBe('bad_response');
  });

  it('well-formed XML that is not RSS or Atom, or JSON, is bad_response', async () => {
    const html = await failure(() => ({ body: '<html><body><p>Changelog</p></body></html>' }));
    expect(html.code).toBe('bad_response');
    const json = await failure(() => ({ body: { items: [] } }));
    expect(json.code).toBe('bad_response');
    const noChannel = await failure(() => ({ headers: RSS, body: '<rss version="2.0"></rss>' }));
    expect(noChannel.code).toBe('bad_response');
  });

  it('a feed declaring entities (billion laughs, external entity) is refused as bad_response', async () => {
    for (const body of [billionLaughsRss, externalEntityRss]) {
      const e = await failure(() => ({ headers: RSS, body }));
      expect(e.code).toBe('bad_response');
      expect(e.message).toContain('declares XML entities');
    }
  });

  it('a hung server and an aborted signal reject promptly with timeout', async () => {
    const controller = new AbortController();
    const e = await failure(
      () => {
        controller.abort();
        return { hang: true };
      },
      () => source().fetch(query({}, controller.signal)),
    );
    expect(e.code).toBe('timeout');
  });
});

describe('changelog-feed: testConnection and config', () => {
  it('reads and parses the feed once', async () => {
    handler = () => ({ headers: ATOM, body: widgetAtom });
    await source().testConnection(neverAborted());
    expect(server.requests).toHaveLength(1);
  });

  it('reports a feed that is not a feed', async () => {
    handler = () => ({ body: '<html/>' });
    await expect(source().testConnection(neverAborted())).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('refuses header secrets the HTTP client owns or that span lines', () => {
    const parse = (headers: Record<string, string>) =>
      changelogFeedConnector.secretsSchema.safeParse({ headers }).success;
    expect(parse({ Authorization: 'Bearer x' })).toBe(true);
    expect(parse({ Host: 'evil.example' })).toBe(false);
    expect(parse({ 'X-Token': 'a\r\nX-Evil: 1' })).toBe(false);
    expect(parse({ 'Bad Name': 'x' })).toBe(false);
  });

  it('needs an http(s) feed URL and a product', () => {
    const parse = (c: unknown) => changelogFeedConnector.configSchema.safeParse(c).success;
    expect(parse({ url: 'https://acme.example/feed.xml', product: 'widget' })).toBe(true);
    expect(parse({ url: 'file:///etc/passwd', product: 'widget' })).toBe(false);
    expect(parse({ url: 'https://acme.example/feed.xml' })).toBe(false);
  });
});

describe('changelog-feed: versions and dates', () => {
  it('takes the first semver-like token of a title', () => {
    expect(versionIn('Acme 2.4.1 released')).toBe('2.4.1');
    expect(versionIn('v3.0.0-beta.2: new sync')).toBe('3.0.0-beta.2');
    expect(versionIn('Version 2.4 and 2.5')).toBe('2.4');
    expect(versionIn('Released 10.0.0.1.5 build')).toBeUndefined();
    expect(versionIn('Dashboard filters')).toBeUndefined();
  });

  it('reads RFC 822 and RFC 3339 dates and nothing else', () => {
    expect(feedDate('Thu, 19 Nov 2026 09:30:00 +0100')?.toISOString()).toBe('2026-11-19T08:30:00.000Z');
    expect(feedDate('19 Nov 2026 09:30 GMT')?.toISOString()).toBe('2026-11-19T09:30:00.000Z');
    expect(feedDate('2026-11-19T09:30:00Z')?.toISOString()).toBe('2026-11-19T09:30:00.000Z');
    expect(feedDate('1')).toBeUndefined();
    expect(feedDate('last Tuesday')).toBeUndefined();
  });
});

describe('xml reader', () => {
  const only = (el: XmlElement, name: string) =>
    el.children.find((c) => typeof c !== 'string' && c.name === name);

  it('reads elements, attributes, CDATA, comments, processing instructions and references', () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0"?><!-- c --><a x='1 &amp; 2' y="&#x41;"><?pi data?><b>&lt;&gt;&quot;&apos;&#65;&#x1F600;</b><c><![CDATA[<raw> & ]]>tail</c><d/></a>`,
    );
    expect(root.attributes).toEqual({ x: '1 & 2', y: 'A' });
    const b = only(root, 'b');
    expect(b && textContent(b)).toBe(`<>"'A😀`);
    const c = only(root, 'c');
    expect(c && textContent(c)).toBe('<raw> & tail');
    expect(only(root, 'd')).toEqual({ name: 'd', attributes: {}, children: [] });
  });

  it('skips a DOCTYPE without entity declarations', () => {
    const root = parseXml(
      '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss/>',
    );
    expect(root.name).toBe('rss');
  });

  it.each([
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['an undeclared entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['an invalid character reference', '<a>&#0;</a>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'hello<a/>'],
    ['a duplicate attribute', '<a x="1" x="2"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['an unterminated CDATA section', '<a><![CDATA[x</a>'],
    ['no root at all', '<?xml version="1.0"?>'],
  ])('refuses %s', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });

  it('refuses entity declarations before reading further', () => {
    try {
      parseXml(billionLaughsRss);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlError);
      expect((e as XmlError).reason).toBe('entity_declaration');
    }
  });

  it('refuses documents past the depth and element limits', () => {
    expect(() => parseXml('<a><a><a><a></a></a></a></a>', { maxDepth: 3, maxElements: 100 })).toThrow(
      /nested too deeply/,
    );
    expect(() => parseXml('<a><b/><b/><b/></a>', { maxDepth: 10, maxElements: 3 })).toThrow(
      /too many elements/,
    );
  });
});
