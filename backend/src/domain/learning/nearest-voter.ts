import type { CaseRecord } from '@triage/shared';
import { tokenize } from '../text/index';
import { vectorise, visibleText, type FeatureSpace, type SparseVector } from './features';

/** An earlier labelled case that reads like the query, and how alike the two are. */
export interface Neighbour {
  id: string;
  /** Cosine similarity of the two cases' feature vectors, in [0, 1]. */
  similarity: number;
  labels: Readonly<Record<string, string>>;
}

/** How the nearest-cases voter picks and weighs its neighbours. Part of a saved model. */
export interface VoterOptions {
  /** At most this many neighbours carrying a label key vote on it, the most similar first. */
  k: number;
  /** Candidates taken from the BM25 case index and re-scored by cosine similarity. */
  candidates: number;
  /**
   * The candidate search reads at most this many of the case's words, the rarest first: they carry
   * almost all of BM25's weight, and the bound keeps a pasted log from costing more than a sentence.
   * The cosine re-scoring still reads every word.
   */
  queryWords: number;
  /**
   * Pseudo-votes spread evenly over the classes. Votes weigh their similarity, so a handful of
   * loosely similar neighbours moves the distribution little and ten near-copies move it a lot.
   */
  smoothing: number;
}

export const DEFAULT_VOTER_OPTIONS: VoterOptions = {
  k: 10,
  candidates: 30,
  smoothing: 1,
  queryWords: 32,
};

/** Finds the labelled cases nearest to a query. */
export interface NeighbourSearch {
  /**
   * Labelled cases most similar to `record` (never the record itself), most similar first.
   * `vector` is the record's feature vector in the search's space when the caller already has it.
   */
  nearest(record: CaseRecord, vector?: SparseVector): Neighbour[];
}

/** Dot product of two sparse vectors whose indices are sorted ascending (as `vectorise` makes them). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i] as number;
    const bj = b.indices[j] as number;
    if (ai === bj) {
      sum += (a.values[i] as number) * (b.values[j] as number);
      i += 1;
      j += 1;
    } else if (ai < bj) i += 1;
    else j += 1;
  }
  return sum;
}

/**
 * Postings one candidate search reads at most, the rarest word always. Search time grows with the
 * postings read, not with the history: a long report's 32 rarest words read about 80k postings in a
 * 50k-case history and 160k at 100k (`npm run bench`), most of them for words like "the" that barely
 * move BM25 and that the cosine re-scoring reads anyway. 20k keeps a search near a millisecond, and
 * changed no figure of the README's accuracy table, where BANKING77's short messages read fewer.
 */
const MAX_QUERY_POSTINGS = 20_000;

/** Candidate vectors kept for re-scoring: about 80 MB for long technical reports. */
const VECTOR_CACHE_SIZE = 20_000;

function visibleWords(record: CaseRecord): string[] {
  const { subject, body } = visibleText(record);
  return tokenize(`${subject}\n${body}`);
}

/**
 * BM25 (k1 = 1.2, b = 0.75) over the words of the labelled cases' visible text, kept in flat arrays
 * and scored by accumulating postings, so one search costs microseconds per matching case. (A
 * general search library spends microseconds per matching case building result objects, and with
 * thousands of short cases every common word matches thousands of them.)
 */
function createWordIndex(records: readonly CaseRecord[], maxQueryPostings: number) {
  const k1 = 1.2;
  const b = 0.75;
  // One map lookup per word: the word's own entry counts its frequency in the case being added.
  const building = new Map<string, { docs: number[]; weights: number[]; counting: number; tf: number }>();
  const lengths = new Float64Array(records.length);
  const inCase: { docs: number[]; weights: number[]; counting: number; tf: number }[] = [];
  records.forEach((r, doc) => {
    const words = visibleWords(r);
    lengths[doc] = words.length;
    inCase.length = 0;
    for (const w of words) {
      let entry = building.get(w);
      if (!entry) {
        entry = { docs: [], weights: [], counting: -1, tf: 0 };
        building.set(w, entry);
      }
      if (entry.counting === doc) entry.tf += 1;
      else {
        entry.counting = doc;
        entry.tf = 1;
        inCase.push(entry);
      }
    }
    for (const entry of inCase) {
      entry.docs.push(doc);
      entry.weights.push(entry.tf);
    }
  });
  const n = records.length;
  const averageLength = lengths.reduce((sum, l) => sum + l, 0) / Math.max(1, n) || 1;
  // `weights` holds each case's frequency of the word until every case is in; then the BM25 term score,
  // fixed from there on, replaces it in place (no second array per word: most are in one or two cases).
  for (const { docs, weights } of building.values()) {
    const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
    for (let i = 0; i < docs.length; i++) {
      const tf = weights[i] as number;
      const norm = tf + k1 * (1 - b + (b * (lengths[docs[i] as number] as number)) / averageLength);
      weights[i] = (idf * tf * (k1 + 1)) / norm;
    }
  }
  const postings: ReadonlyMap<string, { docs: number[]; weights: number[] }> = building;
  const docOf = new Map(records.map((r, doc) => [r.id, doc]));
  const scores = new Float64Array(n);
  const df = (word: string): number => postings.get(word)?.docs.length ?? 0;
  return {
    /** The `limit` best-scoring cases for the query's `maxWords` rarest known words, best first. */
    search(record: CaseRecord, limit: number, maxWords: number, exclude: string): number[] {
      const rarest = [...new Set(visibleWords(record))]
        .filter((w) => df(w) > 0)
        .sort((x, y) => df(x) - df(y) || x.localeCompare(y))
        .slice(0, maxWords);
      const words: string[] = [];
      let read = 0;
      // The words' postings are read up to the budget; a word that would pass it ends the list.
      for (const w of rarest) {
        if (read > 0 && read + df(w) > maxQueryPostings) break;
        words.push(w);
        read += df(w);
      }
      const touched: number[] = [];
      for (const word of words) {
        const list = postings.get(word);
        if (!list) continue;
        const { docs, weights } = list;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] as number;
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] = (scores[doc] as number) + (weights[i] as number);
        }
      }
      // Keep the best `limit` in a small sorted array: far cheaper than sorting every touched case.
      const best: number[] = [];
      const skip = docOf.get(exclude) ?? -1;
      for (const doc of touched) {
        const score = scores[doc] as number;
        if (doc === skip) continue;
        if (best.length === limit && score <= (scores[best[limit - 1] as number] as number)) continue;
        let at = best.length;
        while (at > 0 && (scores[best[at - 1] as number] as number) < score) at -= 1;
        best.splice(at, 0, doc);
        if (best.length > limit) best.pop();
      }
      const out = best.slice();
      for (const doc of touched) scores[doc] = 0;
      return out;
    },
  };
}

/**
 * A neighbour search over labelled cases: BM25 over their words proposes `candidates` cases, which
 * are re-scored by the cosine similarity of their feature vectors in `space` (the model's own
 * features, so "similar" means the same thing to the voter as to the linear model). Only cases with
 * labels are searched. Vectors are computed when first needed and cached.
 */
export function neighbourSearchOver(
  records: readonly CaseRecord[],
  space: FeatureSpace,
  options: {
    voter?: Partial<VoterOptions>;
    vectorOf?: (id: string) => SparseVector | undefined;
    /** Postings one candidate search reads at most (default {@link MAX_QUERY_POSTINGS}). */
    maxQueryPostings?: number;
  } = {},
): NeighbourSearch {
  const voter = { ...DEFAULT_VOTER_OPTIONS, ...options.voter };
  const seen = new Set<string>();
  const labelled = records.filter((r) => {
    if (!r.labels || Object.keys(r.labels).length === 0 || seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
  const index = createWordIndex(labelled, options.maxQueryPostings ?? MAX_QUERY_POSTINGS);
  // The most recently used candidates' vectors (a few kB each): a long-lived engine over a large history
  // would otherwise end up holding one for every case ever proposed.
  const cache = new Map<number, SparseVector>();
  const vectorFor = (doc: number): SparseVector => {
    const record = labelled[doc] as CaseRecord;
    const given = options.vectorOf?.(record.id);
    if (given) return given;
    let v = cache.get(doc);
    if (v) cache.delete(doc);
    else {
      v = vectorise(space, record);
      if (cache.size >= VECTOR_CACHE_SIZE) cache.delete(cache.keys().next().value as number);
    }
    cache.set(doc, v);
    return v;
  };
  return {
    nearest(record, vector) {
      const query = vector ?? vectorise(space, record);
      return index
        .search(record, voter.candidates, voter.queryWords, record.id)
        .map((doc) => {
          const found = labelled[doc] as CaseRecord;
          const similarity = Math.max(0, Math.min(1, sparseDot(query, vectorFor(doc))));
          return { id: found.id, similarity, labels: found.labels ?? {} };
        })
        .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id));
    },
  };
}

/**
 * The voter's distribution over `classes` for one label key: each of the `k` most similar
 * neighbours carrying the key adds its similarity to its class, and `smoothing` pseudo-votes are
 * spread evenly. With no neighbour it is uniform, so it says nothing.
 */
export function voteDistribution(
  neighbours: readonly Neighbour[],
  key: string,
  classes: readonly string[],
  options: Pick<VoterOptions, 'k' | 'smoothing'> = DEFAULT_VOTER_OPTIONS,
): Float64Array {
  const votes = new Float64Array(classes.length).fill(options.smoothing / Math.max(1, classes.length));
  let total = options.smoothing;
  let used = 0;
  for (const n of neighbours) {
    if (used >= options.k) break;
    const label = n.labels[key];
    if (label === undefined) continue;
    used += 1;
    const c = classes.indexOf(label);
    if (c < 0) continue;
    votes[c] = (votes[c] ?? 0) + n.similarity;
    total += n.similarity;
  }
  return votes.map((v) => v / total);
}

/** The neighbours that vote on `key`, most similar first (what an explanation shows). */
export function votersFor(neighbours: readonly Neighbour[], key: string, k: number): Neighbour[] {
  return neighbours.filter((n) => n.labels[key] !== undefined).slice(0, k);
}
