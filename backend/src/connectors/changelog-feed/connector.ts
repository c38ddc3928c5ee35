import { createHash } from 'node:crypto';
import type { Evidence } from '@triage/shared';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import { createFeedClient, type FeedEntry } from './client';
import { configSchema, secretsSchema } from './config';

const DAY_MS = 86_400_000;
/** Lines of entry text kept in the excerpt (toEvidence caps its length too). */
const EXCERPT_LINES = 8;
/** Longer entry ids are hashed so evidence ids stay short. */
const MAX_REF = 200;

/**
 * A product changelog published as an RSS 2.0 or Atom feed, as an evidence source: every entry dated
 * from `lookbackDays` before the case window to its end becomes a `release` item.
 * @see https://www.rssboard.org/rss-specification
 * @see https://www.rfc-editor.org/rfc/rfc4287
 */
export const changelogFeedConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'changelog-feed',
  title: 'Changelog feed (RSS or Atom)',
  capabilities: ['releases'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }): ConnectorSource {
    const client = createFeedClient({
      http: context.http,
      url: config.url,
      headers: secrets.headers,
      clock: context.clock,
    });

    return {
      id,
      capabilities: ['releases'],
      async fetch(query: EvidenceQuery): Promise<Evidence[]> {
        const since = query.window.from.getTime() - config.lookbackDays * DAY_MS;
        const until = query.window.to.getTime();
        const dated = (await client.read(query.signal)).flatMap((entry) => {
          // An entry without a usable date cannot be placed in the case window.
          const at = entry.publishedAt?.getTime();
          return at !== undefined && at >= since && at <= until ? [{ entry, at }] : [];
        });
        // Feeds are usually newest first, but nothing requires it.
        dated.sort((a, b) => b.at - a.at);
        return dated
          .slice(0, config.maxItems)
          .map(({ entry, at }) => toReleaseEvidence(id, config, entry, new Date(at).toISOString()));
      },
      async testConnection(signal: AbortSignal): Promise<void> {
        // The feed itself: proves the URL, any token header, and that it parses as RSS or Atom.
        await client.read(signal);
      },
    };
  },
};

function toReleaseEvidence(
  sourceId: string,
  config: { product: string; components?: string[] | undefined },
  entry: FeedEntry,
  releasedAt: string,
): Evidence {
  const fromTitle = versionIn(entry.title);
  // Date-named changelogs (common for SaaS) have no version; the date is the release's name there.
  const version = fromTitle ?? releasedAt.slice(0, 10);
  const identity = entry.id ?? entry.link ?? `${entry.title}@${releasedAt}`;
  const ref =
    identity.length <= MAX_REF ? identity : `sha256-${createHash('sha256').update(identity).digest('hex')}`;
  return toEvidence(sourceId, 'release', ref, {
    title: entry.title === '' ? `${config.product} ${version}` : `${config.product}: ${entry.title}`,
    excerpt: entry.lines.slice(0, EXCERPT_LINES).join('\n'),
    url: entry.link ?? null,
    observedAt: releasedAt,
    attributes: {
      version,
      product: config.product,
      components: config.components ?? componentsIn(entry.lines),
      releasedAt,
      versionFrom: fromTitle === undefined ? 'date' : 'title',
    },
  });
}

/**
 * The first semver-like token in a title (`2.4`, `v2.4.1`, `2.4.1-beta.2`), without a leading `v`.
 * @example versionIn('Acme 2.4.1 released') // '2.4.1'
 */
export function versionIn(title: string): string | undefined {
  return /(?<![\w.])v?(\d+\.\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?)(?![\w.]*\d)/i.exec(
    title,
  )?.[1];
}

/**
 * Components named in entry text by a line `Components: a, b` (any case). One convention, deliberately
 * simple: feeds that name components differently get them from config instead.
 */
export function componentsIn(lines: readonly string[]): string[] {
  const found = new Set<string>();
  for (const line of lines) {
    const m = /^components?\s*:\s*(.+)$/i.exec(line);
    if (m?.[1] === undefined) continue;
    for (const part of m[1].split(',')) {
      const c = part.trim().toLowerCase();
      if (c !== '' && c.length <= 100) found.add(c);
    }
  }
  return [...found].slice(0, 50);
}
