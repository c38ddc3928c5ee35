import type { CaseRecord } from '@triage/shared';
import { signatureTokens, tokenize } from '../text/index';

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

// FNV-1a (see `fnv1a`) fed one range of UTF-16 units at a time, so a feature's bucket is hashed
// from its prefix state and the token in place, without building the `c:gram` string. The buckets
// are exactly `fnv1a(name) & mask`, so saved models stay valid.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvFeed(hash: number, text: string, from: number, to: number): number {
  let h = hash;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

const prefixState = (prefix: string): number => fnvFeed(FNV_OFFSET, prefix, 0, prefix.length);
const WORD_STATE = prefixState('w:');
const CHAR_STATE = prefixState('c:');
const BIGRAM_STATE = prefixState('b:');
const SUBJECT_STATE = prefixState('s:');
const SIGNATURE_STATE = prefixState('sig:');
const FIELD_STATE = prefixState('f:');
const SPACE = 0x20;

const GROUP_CODE: Record<FeatureGroup, number> = { word: 0, char: 1, meta: 2 };

/**
 * The distinct buckets of one case with their counts, in first-seen order. An open-addressing table
 * over typed arrays, reused from case to case: a long report has thousands of n-grams and a `Map`
 * of objects per case was most of the cost of training and prediction.
 */
class FeatureBag {
  size = 0;
  buckets = new Int32Array(1024);
  counts = new Int32Array(1024);
  groups = new Uint8Array(1024);
  /**
   * With names asked for: how to spell each slot's first name, kept as references so that only
   * the names of columns the space knows are ever built (`nameOf`).
   */
  naming = false;
  private namePrefix: string[] = [];
  private nameText: string[] = [];
  private nameSuffix: string[] = [];
  private nameFrom = new Int32Array(1024);
  private nameTo = new Int32Array(1024);
  private table = new Int32Array(2048);
  private shift = 32 - 11;

  reset(withNames: boolean): void {
    if (this.size > 0) this.table.fill(0);
    this.size = 0;
    this.naming = withNames;
  }

  /** Counts `bucket`; returns its slot when it is new (so the caller can name it), else -1. */
  add(bucket: number, group: number): number {
    const mask = this.table.length - 1;
    let at = Math.imul(bucket, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const slot = (this.table[at] as number) - 1;
      if (slot < 0) break;
      if (this.buckets[slot] === bucket) {
        this.counts[slot] = (this.counts[slot] as number) + 1;
        return -1;
      }
      at = (at + 1) & mask;
    }
    const slot = this.size;
    if (slot === this.buckets.length) this.growSlots();
    this.buckets[slot] = bucket;
    this.counts[slot] = 1;
    this.groups[slot] = group;
    this.size = slot + 1;
    this.table[at] = slot + 1;
    if (this.size * 2 > this.table.length) this.growTable();
    return slot;
  }

  /** Records the first name of a new slot: `prefix + text.slice(from, to) + suffix`. */
  name(slot: number, prefix: string, text: string, from: number, to: number, suffix = ''): void {
    if (slot >= this.nameFrom.length) {
      const n = Math.max(slot + 1, this.nameFrom.length * 2);
      const nameFrom = new Int32Array(n);
      nameFrom.set(this.nameFrom);
      const nameTo = new Int32Array(n);
      nameTo.set(this.nameTo);
      this.nameFrom = nameFrom;
      this.nameTo = nameTo;
    }
    this.namePrefix[slot] = prefix;
    this.nameText[slot] = text;
    this.nameSuffix[slot] = suffix;
    this.nameFrom[slot] = from;
    this.nameTo[slot] = to;
  }

  nameOf(slot: number): string {
    const text = this.nameText[slot] ?? '';
    const from = this.nameFrom[slot] as number;
    const to = this.nameTo[slot] as number;
    const core = from === 0 && to === text.length ? text : text.slice(from, to);
    return `${this.namePrefix[slot] ?? ''}${core}${this.nameSuffix[slot] ?? ''}`;
  }

  private growSlots(): void {
    const n = this.buckets.length * 2;
    const buckets = new Int32Array(n);
    buckets.set(this.buckets);
    const counts = new Int32Array(n);
    counts.set(this.counts);
    const groups = new Uint8Array(n);
    groups.set(this.groups);
    this.buckets = buckets;
    this.counts = counts;
    this.groups = groups;
  }

  private growTable(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.shift -= 1;
    const mask = this.table.length - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let at = Math.imul(this.buckets[slot] as number, 0x9e3779b1) >>> this.shift;
      while (this.table[at] !== 0) at = (at + 1) & mask;
      this.table[at] = slot + 1;
    }
  }
}

const bag = new FeatureBag();
// UTF-16 offset of each code point of `<token>`: character n-grams count code points.
let codePoints = new Int32Array(64);

function hasSurrogates(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
  }
  return false;
}

/** `charNgrams(token, min, max)` as buckets, in the same order, straight into the bag. */
function addCharNgrams(token: string, options: FeatureOptions, mask: number): void {
  const word = `<${token}>`;
  const surrogates = hasSurrogates(word);
  let length = word.length;
  if (surrogates) {
    if (codePoints.length < word.length + 1) codePoints = new Int32Array(word.length * 2 + 1);
    length = 0;
    for (let i = 0; i < word.length; length++) {
      codePoints[length] = i;
      i += (word.codePointAt(i) as number) > 0xffff ? 2 : 1;
    }
    codePoints[length] = word.length;
  }
  for (let n = options.charMin; n <= options.charMax; n++) {
    for (let i = 0; i + n <= length; i++) {
      const from = surrogates ? (codePoints[i] as number) : i;
      const to = surrogates ? (codePoints[i + n] as number) : i + n;
      const slot = bag.add(fnvFeed(CHAR_STATE, word, from, to) & mask, GROUP_CODE.char);
      if (slot >= 0 && bag.naming) bag.name(slot, 'c:', word, from, to);
    }
  }
}

function addNamed(state: number, prefix: string, value: string, group: number, mask: number): void {
  const slot = bag.add(fnvFeed(state, value, 0, value.length) & mask, group);
  if (slot >= 0 && bag.naming) bag.name(slot, prefix, value, 0, value.length);
}

/**
 * Fills the shared bag with the case's features: words, their character n-grams, word bigrams,
 * subject words, error signatures and categorical fields, in that order (the order fixes which
 * name labels a shared bucket and the order sums are taken in).
 */
function collectFeatures(record: CaseRecord, options: FeatureOptions, withNames: boolean): FeatureBag {
  const mask = (1 << options.bucketBits) - 1;
  bag.reset(withNames);
  const { subject, body } = visibleText(record);
  const text = `${subject}\n${body}`.slice(0, options.maxTextChars);
  const tokens = tokenize(text);
  for (const token of tokens) {
    addNamed(WORD_STATE, 'w:', token, GROUP_CODE.word, mask);
    if (token.length <= options.maxCharWordLength) addCharNgrams(token, options, mask);
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const first = tokens[i] as string;
    const second = tokens[i + 1] as string;
    let h = fnvFeed(BIGRAM_STATE, first, 0, first.length);
    h = Math.imul(h ^ SPACE, FNV_PRIME);
    const slot = bag.add(fnvFeed(h, second, 0, second.length) & mask, GROUP_CODE.word);
    if (slot >= 0 && bag.naming) bag.name(slot, 'b:', first, 0, first.length, ` ${second}`);
  }
  // Subject words again on their own: a word in the title says more than the same word in a log.
  for (const token of tokenize(subject.slice(0, options.maxTextChars))) {
    addNamed(SUBJECT_STATE, 's:', token, GROUP_CODE.word, mask);
  }
  for (const sig of signatureTokens(text)) addNamed(SIGNATURE_STATE, 'sig:', sig, GROUP_CODE.meta, mask);
  for (const cat of categorical(record)) addNamed(FIELD_STATE, 'f:', cat, GROUP_CODE.meta, mask);
  return bag;
}

/**
 * Fits a feature space on training cases: hashes every feature, keeps buckets seen in at least
 * `minDf` cases and computes smoothed idf (`ln((1 + N) / (1 + df)) + 1`). Reads only visible fields.
 */
export function fitFeatureSpace(
  records: readonly CaseRecord[],
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): FeatureSpace {
  const kept = documentFrequencies(records, options);
  const buckets = new Int32Array(kept.length);
  const idf = new Float32Array(kept.length);
  const n = records.length;
  kept.forEach(([bucket, count], i) => {
    buckets[i] = bucket;
    idf[i] = Math.log((1 + n) / (1 + count)) + 1;
  });
  return { options, buckets, idf };
}

/** Kept buckets and their document frequencies, by ascending bucket. */
function documentFrequencies(records: readonly CaseRecord[], options: FeatureOptions): [number, number][] {
  const minDf = options.minDf;
  if (options.bucketBits <= DENSE_BITS) {
    // One counter per possible bucket (16 MB at the default 22 bits): no hashing per feature.
    const df = new Int32Array(1 << options.bucketBits);
    for (const record of records) {
      const features = collectFeatures(record, options, false);
      for (let slot = 0; slot < features.size; slot++) {
        const bucket = features.buckets[slot] as number;
        df[bucket] = (df[bucket] as number) + 1;
      }
    }
    const kept: [number, number][] = [];
    for (let bucket = 0; bucket < df.length; bucket++) {
      const count = df[bucket] as number;
      if (count > 0 && count >= minDf) kept.push([bucket, count]);
    }
    return kept;
  }
  const df = new Map<number, number>();
  for (const record of records) {
    const features = collectFeatures(record, options, false);
    for (let slot = 0; slot < features.size; slot++) {
      const bucket = features.buckets[slot] as number;
      df.set(bucket, (df.get(bucket) ?? 0) + 1);
    }
  }
  return [...df.entries()].filter(([, count]) => count >= minDf).sort((a, b) => a[0] - b[0]);
}

/** Up to this many bucket bits, bucket -> column lookups and df counts use dense typed arrays. */
const DENSE_BITS = 24;

/** Column of each bucket, or -1. */
type ColumnLookup = (bucket: number) => number;

const columnCache = new WeakMap<FeatureSpace, ColumnLookup>();

function columnsOf(space: FeatureSpace): ColumnLookup {
  let lookup = columnCache.get(space);
  if (!lookup) {
    if (space.options.bucketBits <= DENSE_BITS) {
      const dense = new Int32Array(1 << space.options.bucketBits).fill(-1);
      space.buckets.forEach((bucket, column) => {
        dense[bucket] = column;
      });
      lookup = (bucket) => dense[bucket] ?? -1;
    } else {
      const map = new Map<number, number>();
      space.buckets.forEach((bucket, column) => map.set(bucket, column));
      lookup = (bucket) => map.get(bucket) ?? -1;
    }
    columnCache.set(space, lookup);
  }
  return lookup;
}

// Scratch for `vectorise`, grown on demand and reused (prediction runs one case at a time).
let keptColumns = new Int32Array(1024);
let keptValues = new Float64Array(1024);
let keptSlots = new Int32Array(1024);
let keptOrder = new Int32Array(1024);
let sortColumns = new Int32Array(1024);
let spareColumns = new Int32Array(1024);
let spareOrder = new Int32Array(1024);
const RADIX_BITS = 11;
const radixCounts = new Int32Array(1 << RADIX_BITS);

function ensureScratch(n: number): void {
  if (keptColumns.length >= n) return;
  const size = Math.max(n, keptColumns.length * 2);
  keptColumns = new Int32Array(size);
  keptValues = new Float64Array(size);
  keptSlots = new Int32Array(size);
  keptOrder = new Int32Array(size);
  sortColumns = new Int32Array(size);
  spareColumns = new Int32Array(size);
  spareOrder = new Int32Array(size);
}

/**
 * Entry positions `0..n-1` ordered by ascending column (columns are distinct). An LSD radix sort:
 * two passes over 11-bit digits for the default 22-bit space, several times faster than a typed
 * array's `sort()` on the thousand entries of a long report.
 */
function orderByColumn(n: number): Int32Array {
  sortColumns.set(keptColumns.subarray(0, n));
  let columns = sortColumns;
  let order = keptOrder;
  for (let e = 0; e < n; e++) order[e] = e;
  let maxColumn = 0;
  for (let e = 0; e < n; e++) maxColumn = Math.max(maxColumn, columns[e] as number);
  let nextColumns = spareColumns;
  let nextOrder = spareOrder;
  const digitMask = (1 << RADIX_BITS) - 1;
  for (let shift = 0; shift === 0 || maxColumn >>> shift > 0; shift += RADIX_BITS) {
    radixCounts.fill(0);
    for (let e = 0; e < n; e++) {
      const d = ((columns[e] as number) >>> shift) & digitMask;
      radixCounts[d] = (radixCounts[d] as number) + 1;
    }
    let start = 0;
    for (let d = 0; d < radixCounts.length; d++) {
      const count = radixCounts[d] as number;
      radixCounts[d] = start;
      start += count;
    }
    for (let e = 0; e < n; e++) {
      const column = columns[e] as number;
      const d = (column >>> shift) & digitMask;
      const at = radixCounts[d] as number;
      radixCounts[d] = at + 1;
      nextColumns[at] = column;
      nextOrder[at] = order[e] as number;
    }
    [columns, nextColumns] = [nextColumns, columns];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}

/**
 * Turns a case into its feature vector in `space`: log-tf × idf per column, each feature family
 * l2-normalised and weighted, then the whole vector l2-normalised. Unknown buckets are dropped.
 */
export function vectorise(space: FeatureSpace, record: CaseRecord, withNames = false): SparseVector {
  const columnOf = columnsOf(space);
  const features = collectFeatures(record, space.options, withNames);
  ensureScratch(features.size);
  const squares = [0, 0, 0];
  let kept = 0;
  for (let slot = 0; slot < features.size; slot++) {
    const column = columnOf(features.buckets[slot] as number);
    if (column < 0) continue;
    const value = (1 + Math.log(features.counts[slot] as number)) * (space.idf[column] ?? 1);
    const group = features.groups[slot] as number;
    squares[group] = (squares[group] as number) + value * value;
    keptColumns[kept] = column;
    keptValues[kept] = value;
    keptSlots[kept] = slot;
    kept += 1;
  }
  const weights = space.options.groupWeights;
  const norms = GROUPS.map((g, i) => {
    const sq = squares[i] as number;
    return sq > 0 ? weights[g] / Math.sqrt(sq) : 0;
  });
  let sum = 0;
  for (let e = 0; e < kept; e++) {
    const value =
      (keptValues[e] as number) * (norms[features.groups[keptSlots[e] as number] as number] as number);
    keptValues[e] = value;
    sum += value * value;
  }
  const total = Math.sqrt(sum) || 1;
  const order = orderByColumn(kept);
  const indices = new Int32Array(kept);
  const values = new Float32Array(kept);
  const names: string[] | undefined = withNames ? new Array<string>(kept) : undefined;
  for (let k = 0; k < kept; k++) {
    const e = order[k] as number;
    indices[k] = keptColumns[e] as number;
    values[k] = (keptValues[e] as number) / total;
    if (names) names[k] = features.nameOf(keptSlots[e] as number);
  }
  return names ? { indices, values, names } : { indices, values };
}
