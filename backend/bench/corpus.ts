/**
 * Synthetic histories for the scale benchmarks, recombined from the real tickets in `shared/data/`
 * (SeaMonkey bug reports and BANKING77 customer messages), so the speed figures are measured on the
 * vocabulary and length distribution of real support text rather than on toy strings.
 *
 * Each generated case starts from a real case and keeps its labels, then borrows lines or messages
 * from other real cases of the same class, so the label stays learnable. Three kinds of long-tail
 * tokens that real desks have and a fixed corpus lacks are mixed in at low rates: typos, reference
 * numbers and build/version strings. They make the vocabulary keep growing with the number of cases
 * (as in a real history) instead of saturating at the ~30k words of the sources. Deterministic: the
 * same source, seed and count give the same cases.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaseRecord } from '@triage/shared';
import { seededRandom, type Random } from '../src/domain/learning';
import { parseJsonlCases } from '../src/importers';

/** The real cases the generator recombines, grouped by the class they keep. */
export interface SourceCorpus {
  /** Long technical reports (SeaMonkey), grouped by their resolution class. */
  reports: Map<string, CaseRecord[]>;
  /** Short customer messages (BANKING77), grouped by intent. */
  messages: Map<string, CaseRecord[]>;
  reportList: CaseRecord[];
  messageList: CaseRecord[];
}

/** Options of `syntheticCases`. */
export interface SyntheticOptions {
  seed: number;
  /** Case ids are `${idPrefix}-${n}`; queries use a different prefix than the history. */
  idPrefix: string;
  /** Share of long technical reports; the rest are short customer messages. */
  reportShare?: number;
  /** `created_at` of the first case; each next case is five minutes later. */
  start?: Date;
}

const DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

function group(records: readonly CaseRecord[], key: (r: CaseRecord) => string): Map<string, CaseRecord[]> {
  const out = new Map<string, CaseRecord[]>();
  for (const r of records) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Reads the two real datasets.
 *
 * @throws when `shared/data/` does not hold them.
 */
export function loadSourceCorpus(dataDir = DATA_DIR): SourceCorpus {
  const read = (name: string) => parseJsonlCases(readFileSync(`${dataDir}/${name}`, 'utf8')).records;
  const reportList = read('seamonkey.jsonl').filter((r) => (r.description ?? '').length > 0);
  const messageList = read('banking77-train.jsonl');
  return {
    reports: group(reportList, reportClass),
    messages: group(messageList, (r) => r.labels?.intent ?? 'unknown'),
    reportList,
    messageList,
  };
}

function reportClass(r: CaseRecord): string {
  return r.labels?.resolution_class ?? 'unresolved';
}

function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A Zipf-like draw in [0, n): small values are common, large ones rare (as with ids and versions). */
function zipf(n: number, random: Random): number {
  return Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1));
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One keyboard slip: a dropped, doubled, swapped or wrong letter. */
function typo(word: string, random: Random): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + (word[i] ?? '') + word.slice(i);
    case 2:
      return word.slice(0, i - 1) + (word[i] ?? '') + (word[i - 1] ?? '') + word.slice(i + 1);
    default:
      return word.slice(0, i) + LETTERS.charAt(Math.floor(random() * LETTERS.length)) + word.slice(i + 1);
  }
}

function withTypos(text: string, rate: number, random: Random): string {
  return text.replace(/[a-z]{5,}/g, (word) => (random() < rate ? typo(word, random) : word));
}

function lines(text: string): string[] {
  return text.split(/\n+/).filter((l) => l.trim() !== '');
}

function reference(random: Random): string {
  const kind = Math.floor(random() * 4);
  if (kind === 0) return `Build ID: ${20200101000000 + zipf(5_000_000, random) * 7919}`;
  if (kind === 1) return `Version ${2 + zipf(3, random)}.${49 + zipf(8, random)}.${zipf(30, random)}`;
  if (kind === 2) return `Crash report bp-${(zipf(1 << 30, random) * 2654435761).toString(16).slice(0, 12)}`;
  return `Reference TX-${100000 + zipf(9_000_000, random)}`;
}

function report(source: SourceCorpus, random: Random): { subject: string; body: string; cls: string } {
  const base = pick(source.reportList, random);
  const cls = reportClass(base);
  const peers = source.reports.get(cls) ?? [base];
  const own = lines(base.description ?? '');
  const kept = own.filter(() => random() < 0.8);
  const body = kept.length > 0 ? kept : own.slice(0, 1);
  // A run of lines from another report of the same class: steps, results, user agents.
  const borrow = Math.floor(random() * 3);
  for (let b = 0; b < borrow; b++) {
    const other = lines(pick(peers, random).description ?? '');
    const from = Math.floor(random() * other.length);
    body.splice(
      Math.floor(random() * (body.length + 1)),
      0,
      ...other.slice(from, from + 2 + zipf(5, random)),
    );
  }
  if (random() < 0.3) body.push(reference(random));
  return { subject: base.subject ?? '', body: body.join('\n'), cls };
}

function message(source: SourceCorpus, random: Random): { subject?: string; body: string; intent: string } {
  const base = pick(source.messageList, random);
  const intent = base.labels?.intent ?? 'unknown';
  const peers = source.messages.get(intent) ?? [base];
  const parts = [base.description ?? ''];
  // Customers often say the same thing twice in one ticket, in other words.
  if (random() < 0.35) parts.push(pick(peers, random).description ?? '');
  if (random() < 0.15) parts.push(reference(random));
  const subject =
    random() < 0.6
      ? (pick(peers, random).description ?? '')
          .split(/\s+/)
          .slice(0, 3 + Math.floor(random() * 5))
          .join(' ')
      : undefined;
  return { ...(subject !== undefined ? { subject } : {}), body: parts.join('\n'), intent };
}

const CHANNELS = ['email', 'web', 'chat', 'api'] as const;

/**
 * Generates `count` CaseRecords, one at a time (a million cases need not sit in memory at once).
 * Labels: `intent` (77 BANKING77 intents plus `bug-<resolution class>` for reports) and `category`
 * (the 7 BANKING77 categories plus `product-defect`).
 */
export function* syntheticCases(
  source: SourceCorpus,
  count: number,
  options: SyntheticOptions,
): Generator<CaseRecord> {
  const random = seededRandom(options.seed);
  const reportShare = options.reportShare ?? 0.5;
  const start = (options.start ?? new Date('2024-01-01T00:00:00Z')).getTime();
  for (let n = 0; n < count; n++) {
    const channel = pick(CHANNELS, random);
    const created_at = new Date(start + n * 300_000).toISOString();
    if (random() < reportShare) {
      const r = report(source, random);
      yield {
        id: `${options.idPrefix}-${n}`,
        created_at,
        channel,
        subject: withTypos(r.subject, 0.01, random),
        description: withTypos(r.body, 0.01, random),
        labels: { intent: `bug-${r.cls}`, category: 'product-defect' },
      };
    } else {
      const m = message(source, random);
      const category = pick(source.messages.get(m.intent) ?? [], random).labels?.category ?? 'other';
      yield {
        id: `${options.idPrefix}-${n}`,
        created_at,
        channel,
        ...(m.subject !== undefined ? { subject: withTypos(m.subject, 0.02, random) } : {}),
        description: withTypos(m.body, 0.02, random),
        labels: { intent: m.intent, category },
      };
    }
  }
}

/** `syntheticCases` collected into an array. */
export function syntheticHistory(
  source: SourceCorpus,
  count: number,
  options: SyntheticOptions,
): CaseRecord[] {
  return Array.from(syntheticCases(source, count, options));
}
