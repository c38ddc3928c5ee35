import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { ConnectorError } from '../errors';
import { requestText } from './http-text';
import { childElement, childElements, parseXml, textContent, XmlError, type XmlElement } from './xml-reader';

const SYSTEM = 'The changelog feed';

/** One feed entry reduced to what the connector maps: plain text, an absolute link, a date. */
export interface FeedEntry {
  /** RSS `guid` or Atom `id`, when the feed gives one. */
  id: string | undefined;
  title: string;
  /** An absolute http(s) link to the entry's page, when the feed gives one. */
  link: string | undefined;
  /** Undefined when the feed gives no date, or one that does not parse. */
  publishedAt: Date | undefined;
  /** The entry's description, summary or content as non-empty plain-text lines. */
  lines: string[];
}

/** Reads one feed. */
export interface FeedClient {
  /**
   * Fetches and parses the feed, in document order.
   * @throws ConnectorError; `bad_response` for a body that is not a well-formed RSS 2.0 or Atom feed
   * (including one that declares XML entities).
   */
  read(signal: AbortSignal): Promise<FeedEntry[]>;
}

export interface FeedClientOptions {
  http: GuardedClient;
  url: string;
  /** Extra request headers from the secrets (a token), never logged or echoed. */
  headers?: Readonly<Record<string, string>> | undefined;
  clock: () => Date;
}

/**
 * A client for an RSS 2.0 or Atom feed over the guarded HTTP client.
 * @see https://www.rssboard.org/rss-specification
 * @see https://www.rfc-editor.org/rfc/rfc4287
 */
export function createFeedClient(options: FeedClientOptions): FeedClient {
  const headers = {
    ...options.headers,
    Accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8',
  };
  return {
    async read(signal) {
      const res = await requestText(options.http, {
        url: options.url,
        headers,
        signal,
        system: SYSTEM,
        now: () => options.clock().getTime(),
      });
      let root: XmlElement;
      try {
        root = parseXml(decodeBody(res.body));
      } catch (e) {
        if (e instanceof XmlError && e.reason === 'entity_declaration') {
          throw new ConnectorError('bad_response', `${SYSTEM} declares XML entities, which are refused`, {
            status: res.status,
            cause: e,
          });
        }
        throw new ConnectorError('bad_response', `${SYSTEM} is not well-formed XML`, {
          status: res.status,
          cause: e,
        });
      }
      const parsed = feedSchema.safeParse(readFeed(root));
      if (!parsed.success) {
        // Field paths only: the values are the vendor's text.
        const where = parsed.error.issues
          .slice(0, 3)
          .map((i) => i.path.join('.') || '(root)')
          .join(', ');
        throw new ConnectorError('bad_response', `${SYSTEM} is not an RSS 2.0 or Atom feed (at ${where})`, {
          status: res.status,
          cause: parsed.error,
        });
      }
      return parsed.data.format === 'rss'
        ? parsed.data.items.map((item) => fromRss(item, options.url))
        : parsed.data.entries.map((entry) => fromAtom(entry, options.url));
    },
  };
}

// The feed, lifted out of the XML tree into plain values and checked here: the schema is the contract,
// the XML reader only the transport.
const Text = z.string();
const rssItemSchema = z
  .object({
    title: Text.optional(),
    link: Text.optional(),
    pubDate: Text.optional(),
    description: Text.optional(),
    guid: z.object({ value: Text, isPermaLink: Text.optional() }).optional(),
  })
  // RSS 2.0: "at least one of title or description must be present".
  .refine((i) => i.title !== undefined || i.description !== undefined, {
    error: 'an item needs a title or a description',
  });
type RssItem = z.output<typeof rssItemSchema>;

const atomTextSchema = z.object({
  // `text` (default), `html`, `xhtml`, or for content a media type.
  type: z.string().default('text'),
  value: Text,
});
const atomEntrySchema = z.object({
  // RFC 4287 §4.1.2: id, title and updated are required.
  id: Text.min(1),
  title: atomTextSchema,
  updated: Text,
  published: Text.optional(),
  links: z.array(z.object({ href: Text.min(1), rel: Text.default('alternate') })),
  summary: atomTextSchema.optional(),
  content: atomTextSchema.optional(),
});
type AtomEntry = z.output<typeof atomEntrySchema>;

const feedSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('rss'), items: z.array(rssItemSchema) }),
  z.object({ format: z.literal('atom'), entries: z.array(atomEntrySchema) }),
]);

/** RSS 2.0 `rss > channel > item` or Atom `feed > entry`, as plain values for the schema. */
function readFeed(root: XmlElement): unknown {
  const text = (parent: XmlElement, name: string): string | undefined => {
    const el = childElement(parent, name);
    return el === undefined ? undefined : textContent(el).trim();
  };
  if (root.name === 'rss') {
    const channel = childElement(root, 'channel');
    return {
      format: 'rss',
      items:
        channel &&
        childElements(channel, 'item').map((item) => {
          const guid = childElement(item, 'guid');
          return {
            title: text(item, 'title'),
            link: text(item, 'link'),
            // Dublin Core's date stands in where a feed omits pubDate.
            pubDate: text(item, 'pubDate') ?? text(item, 'dc:date'),
            description: text(item, 'description') ?? text(item, 'content:encoded'),
            guid: guid && { value: textContent(guid).trim(), isPermaLink: guid.attributes.isPermaLink },
          };
        }),
    };
  }
  if (root.name === 'feed') {
    const construct = (parent: XmlElement, name: string) => {
      const el = childElement(parent, name);
      return el && { type: el.attributes.type, value: textContent(el) };
    };
    return {
      format: 'atom',
      entries: childElements(root, 'entry').map((entry) => ({
        id: text(entry, 'id'),
        title: construct(entry, 'title'),
        updated: text(entry, 'updated'),
        published: text(entry, 'published'),
        links: childElements(entry, 'link').map((l) => ({ href: l.attributes.href, rel: l.attributes.rel })),
        summary: construct(entry, 'summary'),
        content: construct(entry, 'content'),
      })),
    };
  }
  return { format: root.name };
}

function fromRss(item: RssItem, feedUrl: string): FeedEntry {
  // A guid is a permalink unless it says otherwise (RSS 2.0, `isPermaLink` defaults to true).
  const permalink = item.guid?.isPermaLink === 'false' ? undefined : item.guid?.value;
  return {
    id: item.guid?.value || undefined,
    title: collapse(item.title ?? ''),
    link: absoluteLink(item.link, feedUrl) ?? absoluteLink(permalink, feedUrl),
    publishedAt: feedDate(item.pubDate),
    // RSS descriptions are HTML (entity-encoded or CDATA).
    lines: htmlToLines(item.description ?? ''),
  };
}

function fromAtom(entry: AtomEntry, feedUrl: string): FeedEntry {
  const alternate = entry.links.find((l) => l.rel === 'alternate') ?? entry.links[0];
  const body = entry.summary ?? entry.content;
  return {
    id: entry.id,
    title: collapse(atomText(entry.title).join(' ')),
    link: absoluteLink(alternate?.href, feedUrl),
    publishedAt: feedDate(entry.published) ?? feedDate(entry.updated),
    lines: body === undefined ? [] : atomText(body),
  };
}

/** An Atom text construct as lines: `html` is markup to strip, `text` and `xhtml` are already text. */
function atomText(construct: { type: string; value: string }): string[] {
  const type = construct.type.toLowerCase();
  if (type === 'html' || type === 'text/html') return htmlToLines(construct.value);
  return construct.value
    .split(/\r?\n/)
    .map(collapse)
    .filter((l) => l !== '');
}

/** A link made absolute against the feed URL, kept only when a person's browser can open it. */
function absoluteLink(raw: string | undefined, base: string): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// RFC 822 as RSS uses it (day name optional, two- or four-digit year, zone name or offset).
const RFC822 =
  /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[A-Za-z]{1,5}|[+-]\d{4})$/;
const RFC3339 = z.iso.datetime({ offset: true });

/**
 * RSS dates are RFC 822, Atom dates RFC 3339; many RSS feeds send RFC 3339 anyway, so both are read.
 * Anything else is no date rather than whatever `Date.parse` guesses.
 */
export function feedDate(raw: string | undefined): Date | undefined {
  const value = raw?.trim();
  if (value === undefined || (!RFC822.test(value) && !RFC3339.safeParse(value).success)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
};

/**
 * Entry HTML reduced to non-empty text lines: block elements become line breaks, other tags go,
 * scripts and styles go with their content, and common HTML entities are decoded. Text for a sidebar,
 * not a sanitiser: the sidebar escapes whatever it shows.
 */
export function htmlToLines(html: string): string[] {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?(?:br|p|div|li|ul|ol|h[1-6]|tr|blockquote|pre|section|article)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(?:#x([0-9A-Fa-f]{1,6})|#(\d{1,7})|([A-Za-z]+));/g,
      (m, hex?: string, dec?: string, name?: string) => {
        if (name !== undefined) return HTML_ENTITIES[name.toLowerCase()] ?? m;
        const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      },
    );
  return text
    .split(/\r?\n/)
    .map(collapse)
    .filter((l) => l !== '');
}

function collapse(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/**
 * The body as text, in the encoding a byte-order mark or the XML declaration names (UTF-8 otherwise).
 * @throws ConnectorError `bad_response` for an unknown encoding or bytes invalid in it.
 */
function decodeBody(body: Buffer): string {
  let encoding = 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) encoding = 'utf-16le';
  else if (body[0] === 0xfe && body[1] === 0xff) encoding = 'utf-16be';
  else {
    const head = body.subarray(0, 200).toString('latin1');
    const declared =
      /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
    if (declared?.[1] !== undefined) encoding = declared[1];
  }
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch (cause) {
    throw new ConnectorError('bad_response', `${SYSTEM} is not valid text in its declared encoding`, {
      cause,
    });
  }
}
