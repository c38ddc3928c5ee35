import type { Evidence } from '@triage/shared';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import { createGitHubClient, type GitHubRelease } from './client';
import { configSchema, secretsSchema, type GitHubRepository } from './config';

const DAY_MS = 86_400_000;
/** Lines of release notes kept in the excerpt (toEvidence caps its length too). */
const EXCERPT_LINES = 8;

/**
 * GitHub Releases as an evidence source: every published release of the configured repositories from
 * `lookbackDays` before the case window to its end becomes a `release` item, so a specialist sees what
 * shipped just before the customer's problem started.
 * @see https://docs.github.com/en/rest/releases/releases#list-releases
 */
export const githubReleasesConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'github-releases',
  title: 'GitHub Releases',
  capabilities: ['releases'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }): ConnectorSource {
    const client = createGitHubClient({
      http: context.http,
      baseUrl: config.baseUrl,
      token: secrets.token,
      clock: context.clock,
    });

    return {
      id,
      capabilities: ['releases'],
      async fetch(query: EvidenceQuery): Promise<Evidence[]> {
        const since = new Date(query.window.from.getTime() - config.lookbackDays * DAY_MS);
        const until = query.window.to.getTime();
        const repositories = repositoriesFor(config.repositories, query.record.product);
        // One failing repository fails the source (the admin must see it); stop the others' requests
        // rather than let them run on after the answer is decided.
        const stop = new AbortController();
        const signal = AbortSignal.any([query.signal, stop.signal]);
        const perRepository = await Promise.all(
          repositories.map(async (repository) => {
            try {
              const releases = await client.listRecentReleases(repository, since, signal);
              return releases.flatMap((release) => {
                const published = release.published_at;
                if (release.draft || published === null) return [];
                const at = Date.parse(published);
                if (at < since.getTime() || at > until) return [];
                const version = versionOf(release.tag_name, config.tagPrefix);
                if (version === undefined) return [];
                return [toReleaseEvidence(id, repository, release, published, version)];
              });
            } catch (e) {
              stop.abort();
              throw e;
            }
          }),
        );
        return perRepository.flat();
      },
      async testConnection(signal: AbortSignal): Promise<void> {
        // The schema guarantees at least one repository.
        const [first] = config.repositories;
        if (first !== undefined) await client.probe(first, signal);
      },
    };
  },
};

/**
 * The repositories worth reading for a case: those serving the case's product when the case names one
 * that is configured, otherwise all of them.
 */
function repositoriesFor(all: readonly GitHubRepository[], product: string | undefined): GitHubRepository[] {
  const wanted = product?.trim().toLowerCase();
  const matching = all.filter((r) => r.product.toLowerCase() === wanted);
  return matching.length > 0 ? matching : [...all];
}

/**
 * The version a tag names: the tag without the configured prefix. With a prefix configured, a tag
 * without it belongs to another product sharing the repository (a monorepo), so it is skipped.
 */
export function versionOf(tag: string, prefix: string | undefined): string | undefined {
  if (prefix === undefined || prefix === '') return tag;
  if (!tag.startsWith(prefix) || tag.length === prefix.length) return undefined;
  return tag.slice(prefix.length);
}

function toReleaseEvidence(
  sourceId: string,
  repository: GitHubRepository,
  release: GitHubRelease,
  publishedAt: string,
  version: string,
): Evidence {
  const body = release.body ?? '';
  const components = repository.components ?? componentsFromNotes(body);
  const text = markdownToLines(body).slice(0, EXCERPT_LINES).join('\n');
  return toEvidence(sourceId, 'release', `${repository.owner}/${repository.repo}/${release.id}`, {
    title: `${repository.product} ${release.tag_name}`,
    excerpt: release.prerelease ? `Pre-release. ${text}` : text,
    url: release.html_url,
    observedAt: publishedAt,
    attributes: {
      version,
      product: repository.product,
      components,
      releasedAt: publishedAt,
      tag: release.tag_name,
      name: release.name,
      prerelease: release.prerelease,
      repository: `${repository.owner}/${repository.repo}`,
    },
  });
}

/**
 * Components named in release notes by a line `Components: a, b` (any case, optionally bold, a list
 * item or a heading). One convention, deliberately simple: teams that tag releases differently list the
 * components in config instead.
 */
export function componentsFromNotes(body: string): string[] {
  const found = new Set<string>();
  for (const line of markdownToLines(body)) {
    const m = /^components?\s*:\s*(.+)$/i.exec(line);
    if (m?.[1] === undefined) continue;
    for (const part of m[1].split(',')) {
      const c = part.trim().toLowerCase();
      if (c !== '' && c.length <= 100) found.add(c);
    }
  }
  return [...found].slice(0, 50);
}

/**
 * Release notes (GitHub-flavoured markdown) reduced to their non-empty text lines: enough to read in a
 * sidebar, not a full markdown renderer. Links keep their text, images their alt text; markers for
 * headings, lists, quotes, emphasis, code and HTML tags go.
 */
export function markdownToLines(markdown: string): string[] {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s*(?:```|~~~).*$/, '')
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s*>\s?/, '')
        .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '')
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<\/?[A-Za-z][^>]*>/g, '')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/g, '$1')
        .replace(/`+([^`]*)`+/g, '$1')
        .replace(/^\s*(?:[-*_]\s*){3,}$/, '')
        .trim(),
    )
    .filter((line) => line !== '');
}
