import type { CaseRecord } from '@triage/shared';
import { charNgrams, signatureTokens, tokenize, wordNgrams } from '../text/index';
import { fnv1a } from './prng';

/** Which family a feature belongs to; each family is l2-normalised on its own before mixing. */
export type FeatureGroup = 'word' | 'char' | 'meta';
const GROUPS: readonly FeatureGroup[] = ['word', 'char', 'meta'];

/** How case text becomes hashed sparse features. Part of a saved model: changing it needs a retrain. */
export interface FeatureOptions {
  /** Features hash into 2^bucketBits buckets before the vocabulary is pruned. */
  bucketBits: number;
  charMin: number;
  charMax: number;
  /** Longer tokens (hashes, URLs, base64) get no character n-grams: they would only add noise. */
  maxCharWordLength: number;
  /** Only this many characters of the visible text are read, so a pasted log cannot stall training. */
  maxTextChars: number;
  /** Buckets seen in fewer training cases are dropped (0 and 1 keep everything). */
  minDf: number;
  /** Weight of each family after its own l2 norm. */
  groupWeights: Record<FeatureGroup, number>;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bucketBits: 22,
  charMin: 3,
  charMax: 5,
  maxCharWordLength: 30,
  maxTextChars: 20_000,
  minDf: 2,
  groupWeights: { word: 1, char: 1, meta: 0.5 },
};

/** A fitted feature space: the kept buckets (sorted) and their idf weights, one per column. */
export interface FeatureSpace {
  options: FeatureOptions;
  buckets: Int32Array;
  idf: Float32Array;
}

/** A sparse, l2-normalised feature vector; `names` (when asked for) say which text made a column. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
  names?: string[];
}

interface RawFeature {
  name: string;
  group: FeatureGroup;
  count: number;
}

/**
 * The visible text of a case: subject, description and the first customer comment. Later comments
 * are left out on purpose: in a history they are mostly agent replies that carry the answer.
 */
export function visibleText(record: CaseRecord): { subject: string; body: string } {
  const firstCustomer = record.comments?.find((c) => c.author_role === 'customer')?.body ?? '';
  const body = [record.description ?? '', firstCustomer].filter((t) => t !== '').join('\n');
  return { subject: record.subject ?? '', body };
}

function categorical(record: CaseRecord): string[] {
  const out: string[] = [];
  const add = (field: string, value: string | undefined): void => {
    const v = value?.trim().toLowerCase();
    if (v) out.push(`${field}=${v}`);
  };
  add('channel', record.channel);
  add('priority', record.priority);
  add('product', record.product);
  add('organization', record.organization?.name);
  for (const tag of record.tags ?? []) add('tag', tag);
  return out;
}

/** Readable names for explanations; the prefixes are the hashed keys. */
export function describeFeature(name: string): string {
  const [prefix, ...rest] = name.split(':');
  const value = rest.join(':');
  switch (prefix) {
    case 'w':
      return `word "${value}"`;
    case 's':
      return `subject word "${value}"`;
    case 'b':
      return `phrase "${value}"`;
    case 'c':
      return `letters "${value}"`;
    case 'sig':
      return `error signature ${value}`;
    case 'f':
      return value.replace('=', ' = ');
    default:
      return name;
  }
}

function rawFeatures(record: CaseRecord, options: FeatureOptions): Map<number, RawFeature> {
  const mask = (1 << options.bucketBits) - 1;
  const out = new Map<number, RawFeature>();
  const add = (name: string, group: FeatureGroup): void => {
    const bucket = fnv1a(name) & mask;
    const existing = out.get(bucket);
    // Colliding names share a bucket (that is the hashing trick); the first name labels it.
    if (existing) existing.count += 1;
    else out.set(bucket, { name, group, count: 1 });
  };
  const { subject, body } = visibleText(record);
  const text = `${subject}\n${body}`.slice(0, options.maxTextChars);
  const tokens = tokenize(text);
  for (const token of tokens) {
    add(`w:${token}`, 'word');
    if (token.length <= options.maxCharWordLength) {
      for (const gram of charNgrams(token, options.charMin, options.charMax)) add(`c:${gram}`, 'char');
    }
  }
  for (const bigram of wordNgrams(tokens, 2)) add(`b:${bigram}`, 'word');
  // Subject words again on their own: a word in the title says more than the same word in a log.
  for (const token of tokenize(subject.slice(0, options.maxTextChars))) add(`s:${token}`, 'word');
  for (const sig of signatureTokens(text)) add(`sig:${sig}`, 'meta');
  for (const cat of categorical(record)) add(`f:${cat}`, 'meta');
  return out;
}

/**
 * Fits a feature space on training cases: hashes every feature, keeps buckets seen in at least
 * `minDf` cases and computes smoothed idf (`ln((1 + N) / (1 + df)) + 1`). Reads only visible fields.
 */
export function fitFeatureSpace(
  records: readonly CaseRecord[],
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): FeatureSpace {
  const df = new Map<number, number>();
  for (const record of records) {
    for (const bucket of rawFeatures(record, options).keys()) df.set(bucket, (df.get(bucket) ?? 0) + 1);
  }
  const kept = [...df.entries()].filter(([, n]) => n >= options.minDf).sort((a, b) => a[0] - b[0]);
  const buckets = new Int32Array(kept.length);
  const idf = new Float32Array(kept.length);
  const n = records.length;
  kept.forEach(([bucket, count], i) => {
    buckets[i] = bucket;
    idf[i] = Math.log((1 + n) / (1 + count)) + 1;
  });
  return { options, buckets, idf };
}

const columnCache = new WeakMap<FeatureSpace, Map<number, number>>();

function columnsOf(space: FeatureSpace): Map<number, number> {
  let map = columnCache.get(space);
  if (!map) {
    map = new Map();
    space.buckets.forEach((bucket, column) => map?.set(bucket, column));
    columnCache.set(space, map);
  }
  return map;
}

/**
 * Turns a case into its feature vector in `space`: log-tf × idf per column, each feature family
 * l2-normalised and weighted, then the whole vector l2-normalised. Unknown buckets are dropped.
 */
export function vectorise(space: FeatureSpace, record: CaseRecord, withNames = false): SparseVector {
  const columns = columnsOf(space);
  const entries: { column: number; value: number; group: FeatureGroup; name: string }[] = [];
  for (const [bucket, raw] of rawFeatures(record, space.options)) {
    const column = columns.get(bucket);
    if (column === undefined) continue;
    const value = (1 + Math.log(raw.count)) * (space.idf[column] ?? 1);
    entries.push({ column, value, group: raw.group, name: raw.name });
  }
  const groupNorm = new Map<FeatureGroup, number>();
  for (const group of GROUPS) {
    const sq = entries.filter((e) => e.group === group).reduce((s, e) => s + e.value * e.value, 0);
    groupNorm.set(group, sq > 0 ? space.options.groupWeights[group] / Math.sqrt(sq) : 0);
  }
  for (const e of entries) e.value *= groupNorm.get(e.group) ?? 0;
  const total = Math.sqrt(entries.reduce((s, e) => s + e.value * e.value, 0)) || 1;
  entries.sort((a, b) => a.column - b.column);
  const vector: SparseVector = {
    indices: Int32Array.from(entries.map((e) => e.column)),
    values: Float32Array.from(entries.map((e) => e.value / total)),
  };
  if (withNames) vector.names = entries.map((e) => e.name);
  return vector;
}
