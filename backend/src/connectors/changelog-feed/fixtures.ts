/**
 * Changelog feeds for the contract tests, shaped as RSS 2.0 and Atom (RFC 4287) define them and as
 * changelog tools publish them: CDATA-wrapped HTML, entity-encoded HTML, RFC 822 and RFC 3339 dates,
 * guids that are and are not permalinks.
 * @see https://www.rssboard.org/rss-specification
 * @see https://www.rfc-editor.org/rfc/rfc4287
 */

/** An RSS 2.0 `<item>`; fields left out are omitted, strings are inserted as written (already XML). */
export function rssItem(fields: {
  title?: string;
  link?: string;
  pubDate?: string;
  description?: string;
  guid?: string;
  guidIsPermaLink?: boolean;
}): string {
  const parts = [
    fields.title === undefined ? '' : `<title>${fields.title}</title>`,
    fields.link === undefined ? '' : `<link>${fields.link}</link>`,
    fields.description === undefined ? '' : `<description>${fields.description}</description>`,
    fields.pubDate === undefined ? '' : `<pubDate>${fields.pubDate}</pubDate>`,
    fields.guid === undefined
      ? ''
      : `<guid isPermaLink="${String(fields.guidIsPermaLink ?? false)}">${fields.guid}</guid>`,
  ];
  return `    <item>\n      ${parts.filter((p) => p !== '').join('\n      ')}\n    </item>`;
}

/** A complete RSS 2.0 document around the given items. */
export function rssFeed(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Acme Widget changelog</title>
    <link>https://acme.example/changelog</link>
    <description>What's new in Acme Widget</description>
    <language>en-us</language>
    <lastBuildDate>Thu, 19 Nov 2026 18:00:00 GMT</lastBuildDate>
    <atom:link href="https://acme.example/changelog/rss.xml" rel="self" type="application/rss+xml"/>
${items.join('\n')}
  </channel>
</rss>
`;
}

/** The RSS feed most tests read: CDATA, entity-encoded HTML, numeric references, several dates. */
export const widgetRss = rssFeed([
  rssItem({
    title: 'Widget 2.4.1 &amp; API 1.9 &#8212; checkout fixes',
    link: 'https://acme.example/changelog/widget-2-4-1',
    description:
      '<![CDATA[<h2>Fixes</h2><p>Components: Checkout, Payments</p><ul><li>Card payments no longer time out &amp; retry twice</li><li>Fixed <a href="https://acme.example/kb/42">KB-42</a></li></ul><script>alert(1)</script>]]>',
    pubDate: 'Thu, 19 Nov 2026 09:30:00 +0000',
    guid: 'https://acme.example/changelog/widget-2-4-1',
    guidIsPermaLink: true,
  }),
  rssItem({
    title: 'Dashboard filters',
    link: '/changelog/dashboard-filters',
    description: '&lt;p&gt;Filter by &lt;b&gt;team&lt;/b&gt; &amp;amp; owner&lt;/p&gt;',
    pubDate: 'Mon, 09 Nov 2026 15:00:00 GMT',
    guid: 'changelog-entry-1187',
  }),
  rssItem({
    title: 'Widget 2.3.0',
    link: 'https://acme.example/changelog/widget-2-3-0',
    description: 'Older than the window',
    pubDate: 'Tue, 06 Oct 2026 10:00:00 GMT',
    guid: 'changelog-entry-1100',
  }),
  rssItem({
    title: 'Widget 2.5.0-beta.1',
    link: 'https://acme.example/changelog/widget-2-5-0-beta-1',
    description: 'After the case',
    pubDate: 'Sat, 21 Nov 2026 10:00:00 GMT',
    guid: 'changelog-entry-1200',
  }),
  rssItem({
    title: 'Undated note',
    description: 'No date, so it cannot be placed in the window',
    guid: 'changelog-entry-0',
  }),
]);

/** An Atom feed: `html` and `xhtml` text constructs, alternate links, published and updated. */
export const widgetAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Acme Widget releases</title>
  <link href="https://acme.example/releases" rel="alternate" type="text/html"/>
  <link href="https://acme.example/releases.atom" rel="self" type="application/atom+xml"/>
  <updated>2026-11-19T10:00:00Z</updated>
  <id>tag:acme.example,2026:releases</id>
  <author><name>Acme release team</name></author>
  <entry>
    <title type="html">Widget v3.0.0 &lt;em&gt;major&lt;/em&gt;</title>
    <link rel="edit" href="https://acme.example/api/entries/77"/>
    <link rel="alternate" type="text/html" href="https://acme.example/releases/3-0-0"/>
    <id>tag:acme.example,2026:release-77</id>
    <published>2026-11-18T08:00:00+01:00</published>
    <updated>2026-11-19T10:00:00Z</updated>
    <summary type="html">&lt;p&gt;Components: Sync&lt;/p&gt;&lt;p&gt;Offline sync rewritten.&lt;/p&gt;</summary>
    <content type="html">&lt;p&gt;Long form content&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>November maintenance</title>
    <link href="https://acme.example/releases/2026-11-maintenance"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2026-11-16T12:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Database upgrade.</p>
<p>No downtime expected.</p></div></content>
  </entry>
</feed>
`;

/** A "billion laughs" feed: entity declarations that expand exponentially. */
export const billionLaughsRss = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<rss version="2.0"><channel><title>&lol2;</title><item><title>&lol2;</title></item></channel></rss>
`;

/** An external-entity feed that would read a local file into the title. */
export const externalEntityRss = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title></item></channel></rss>
`;

/** The HTML error page a feed host typically sends with a 404. */
export const notFoundPage =
  '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';
