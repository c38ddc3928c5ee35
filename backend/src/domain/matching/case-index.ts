import type { CaseRecord } from '@triage/shared';
import { signatureTokens, tokenize } from '../text/index';

/** One retrieved case. */
export interface CaseHit {
  id: string;
  /**
   * BM25 score divided by the best score of the same search, so in (0, 1] with the best hit at 1.
   * It ranks and compares hits within one search; use `rawScore` to compare across searches.
   */
  score: number;
  rawScore: number;
  /** Indexed terms the hit shares with the query (signature terms keep their `sig:` prefix). */
  matchedTerms: string[];
}

/** Options of `CaseIndex.search`. */
export interface CaseSearchOptions {
  /** At most this many hits (default 10; `Infinity` for the full ranked list). */
  k?: number;
  /**
   * Only cases strictly before this point: a number compares with the position given to `add` (or
   * the insertion order), an ISO timestamp with `created_at` (cases without one are then left out,
   * since they cannot be shown to be earlier).
   */
  before?: number | string;
  /** Case ids never to return (the query itself is always left out). */
  exclude?: Iterable<string>;
}

/** A similar-case / duplicate index over CaseRecords. */
export interface CaseIndex {
  /** Indexes a case's visible text. `position` defaults to the insertion order (0, 1, ...). */
  add(record: CaseRecord, options?: { position?: number }): void;
  has(id: string): boolean;
  readonly size: number;
  /** Cases most similar to `query`, best first. */
  search(query: CaseRecord, options?: CaseSearchOptions): CaseHit[];
}

/** Field boosts and query limits of the index. */
export interface CaseIndexOptions {
  boost?: { subject?: number; body?: number; signatures?: number };
  /** A query uses at most this many distinct words (long pasted logs would be slow, not better). */
  maxQueryTerms?: number;
  /**
   * A query stops taking words once their document frequencies add up past this many (the rarest
   * word is always taken). Search time grows with the postings read, not with the index size, so
   * this bounds it in a large index; see `createCaseIndex`.
   */
  maxQueryPostings?: number;
}

const SIG_PREFIX = 'sig:';

/**
 * The postings budget of one query. BM25 gives a word in a third of all cases an idf near 1, against
 * about 9 for a word in ten cases of 100k, so such words barely move the ranking, yet they make the
 * search read (and score) a third of the index. In histories of a few thousand cases no query
 * reaches the budget; beyond that it is what keeps a query at 1M cases as fast as at 100k.
 */
const DEFAULT_MAX_QUERY_POSTINGS = 2_000;

function caseText(record: CaseRecord): { subject: string; body: string } {
  // Comments are searchable context for similar cases, not only the first customer message.
  const comments = (record.comments ?? []).map((c) => c.body);
  return { subject: record.subject ?? '', body: [record.description ?? '', ...comments].join('\n') };
}

/**
 * BM25+ parameters. They are MiniSearch's defaults, on which the index was first built and its query
 * limits were chosen; `case-index.test.ts` checks the rankings against MiniSearch set up the same way.
 */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

const SUBJECT = 0;
const BODY = 1;
const SIGNATURES = 2;
const FIELD_COUNT = 3;

/**
 * A posting is one number, `case * TF_SPAN + term frequency`: a list of them is a plain array of
 * numbers, eight bytes a posting, in case order. Frequencies above the span are cut to it; BM25 has long
 * stopped growing by then.
 */
const TF_SPAN = 4096;

interface Term {
  /** Cases holding the term in any field. */
  df: number;
  /** Postings per field (subject, body, signatures), in case order. */
  lists: (number[] | undefined)[];
  /** While a case is added: the last case counted in `df`, and the field its `tf` is being counted in. */
  lastCase: number;
  countingIn: number;
  tf: number;
}

/** Per-query working arrays, one slot per case, kept between searches so a query allocates little. */
class Scratch {
  words = new Float64Array(0);
  signatures = new Float64Array(0);
  term = new Float64Array(0);
  matched = new Uint16Array(0);
  /** The query (and term) serial that last touched a case: no clearing between queries. */
  wordStamp = new Int32Array(0);
  signatureStamp = new Int32Array(0);
  termStamp = new Int32Array(0);
  serial = 0;

  fit(cases: number): void {
    if (this.words.length >= cases) return;
    const size = Math.max(cases, this.words.length * 2, 1024);
    this.words = new Float64Array(size);
    this.signatures = new Float64Array(size);
    this.term = new Float64Array(size);
    this.matched = new Uint16Array(size);
    this.wordStamp = new Int32Array(size);
    this.signatureStamp = new Int32Array(size);
    this.termStamp = new Int32Array(size);
    this.serial = 0;
  }

  /**
   * Starts a query that will take `terms` more serials: the stamps are cleared first when the counter
   * would otherwise run out during it (after some tens of millions of queries), never mid-query.
   */
  begin(terms: number): number {
    if (this.serial + terms + 1 >= 0x7fffffff) {
      this.wordStamp.fill(0);
      this.signatureStamp.fill(0);
      this.termStamp.fill(0);
      this.serial = 0;
    }
    return this.next();
  }

  next(): number {
    this.serial += 1;
    return this.serial;
  }
}

/** Whether a case number is in a posting list (binary search: the list is in case order). */
function holds(list: readonly number[] | undefined, doc: number): boolean {
  if (!list) return false;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = Math.floor((list[mid] as number) / TF_SPAN);
    if (at === doc) return true;
    if (at < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Creates the similar-case and duplicate index: BM25+ over subject, description and comments, with the
 * case's error signatures (exception names, error codes, HTTP statuses, versions, stack frames) as an
 * extra boosted field, and MiniSearch's coordination factor (a hit's score is multiplied by how many
 * query terms it shares). Used by `eval` for duplicate recall and by the packet pipeline for similar
 * cases.
 *
 * It is an inverted index of its own rather than MiniSearch, which it was first built on and still
 * ranks like: matching is the engine's core and has a speed budget (PLATFORMS.md P4) that MiniSearch
 * cannot meet at 100k cases. MiniSearch builds a result object for every case a query touches and
 * sorts them all, where a triage query needs ten; and its radix tree makes indexing 100k long cases
 * take about three times the budget. Here postings are packed numbers in flat arrays, a query scores
 * into reused typed arrays and keeps the best `k` as it goes. `npm run bench` shows both.
 *
 * @example
 * const index = createCaseIndex();
 * index.add(oldCase);
 * index.search(newCase, { k: 5, before: newCase.created_at });
 */
export function createCaseIndex(options: CaseIndexOptions = {}): CaseIndex {
  const boost = { subject: 2, body: 1, signatures: 2, ...options.boost };
  const fieldBoost = [boost.subject, boost.body, boost.signatures];
  // A query keeps only its rarest words, which carry almost all of BM25's weight, so a long pasted log
  // costs as much as a short report. 24 was picked on the SeaMonkey duplicate queries (16/24/32/48/300
  // tried: 24 gave the best MRR and recall@10 and a quarter of the query time of 300); that is tuning on
  // evaluation data, to be re-checked on a held-out history.
  const maxQueryTerms = options.maxQueryTerms ?? 24;
  const maxQueryPostings = options.maxQueryPostings ?? DEFAULT_MAX_QUERY_POSTINGS;

  const terms = new Map<string, Term>();
  const ids: string[] = [];
  const docOf = new Map<string, number>();
  const positions: number[] = [];
  const created: number[] = [];
  const lengths: number[][] = [[], [], []];
  // Running averages, updated as MiniSearch updates them, so scores agree to the last bit.
  const averageLength = [0, 0, 0];
  const scratch = new Scratch();

  /** Scores one term's postings in one field into `scratch.term`, noting the cases it touched. */
  const scoreTerm = (list: readonly number[], field: number, stamp: number, touched: number[]): void => {
    const { k, b, d } = BM25;
    const cases = ids.length;
    const matching = list.length;
    const idf = Math.log(1 + (cases - matching + 0.5) / (matching + 0.5));
    const average = averageLength[field] as number;
    const fieldLengths = lengths[field] as number[];
    const weight = fieldBoost[field] as number;
    const { term, termStamp } = scratch;
    for (let i = 0; i < matching; i++) {
      const posting = list[i] as number;
      const doc = Math.floor(posting / TF_SPAN);
      const tf = posting - doc * TF_SPAN;
      const fieldLength = fieldLengths[doc] as number;
      const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * fieldLength) / average)));
      const weighted = weight * raw;
      if (termStamp[doc] === stamp) term[doc] = (term[doc] as number) + weighted;
      else {
        termStamp[doc] = stamp;
        term[doc] = weighted;
        touched.push(doc);
      }
    }
  };

  return {
    get size() {
      return ids.length;
    },
    has(id) {
      return docOf.has(id);
    },
    add(record, addOptions = {}) {
      if (docOf.has(record.id)) throw new Error(`case ${record.id} is already in the index`);
      const { subject, body } = caseText(record);
      const subjectWords = tokenize(subject);
      const bodyWords = tokenize(body);
      const signatures = signatureTokens(`${subject}\n${body}`).map((s) => `${SIG_PREFIX}${s}`);
      const doc = ids.length;
      const fields = [subjectWords, bodyWords, signatures];
      // One map lookup per word: the term itself counts its frequency in the field being added.
      const inField: Term[] = [];
      for (let field = 0; field < FIELD_COUNT; field++) {
        const counting = doc * FIELD_COUNT + field;
        inField.length = 0;
        for (const text of fields[field] as string[]) {
          let entry = terms.get(text);
          if (!entry) {
            entry = { df: 0, lists: [undefined, undefined, undefined], lastCase: -1, countingIn: -1, tf: 0 };
            terms.set(text, entry);
          }
          if (entry.countingIn === counting) entry.tf += 1;
          else {
            entry.countingIn = counting;
            entry.tf = 1;
            inField.push(entry);
          }
        }
        const average = averageLength[field] as number;
        averageLength[field] = (average * doc + inField.length) / (doc + 1);
        (lengths[field] as number[]).push(inField.length);
        for (const entry of inField) {
          if (entry.lastCase !== doc) {
            entry.lastCase = doc;
            entry.df += 1;
          }
          const posting = doc * TF_SPAN + Math.min(entry.tf, TF_SPAN - 1);
          const list = entry.lists[field];
          if (list) list.push(posting);
          else entry.lists[field] = [posting];
        }
      }
      ids.push(record.id);
      docOf.set(record.id, doc);
      positions.push(addOptions.position ?? doc);
      const at = record.created_at === undefined ? Number.NaN : Date.parse(record.created_at);
      created.push(at);
    },
    search(query, searchOptions = {}) {
      const k = searchOptions.k ?? 10;
      if (!(k > 0)) return [];
      const exclude = new Set(searchOptions.exclude ?? []);
      exclude.add(query.id);
      const { subject, body } = caseText(query);
      const text = `${subject}\n${body}`;
      const known: { term: string; df: number; signature: boolean }[] = [];
      for (const term of new Set(tokenize(text))) {
        const df = terms.get(term)?.df;
        if (df !== undefined) known.push({ term, df, signature: false });
      }
      const textSignatures = signatureTokens(text).map((sig) => `${SIG_PREFIX}${sig}`);
      for (const term of textSignatures) {
        const df = terms.get(term)?.df;
        // A signature no indexed case has cannot match; `sig:` keeps it apart from words.
        if (df !== undefined) known.push({ term, df, signature: true });
      }
      // Rarest first (a stable sort, so ties keep their order in the text).
      known.sort((a, b) => a.df - b.df);
      const words: string[] = [];
      const chosenSignatures = new Set<string>();
      let postings = 0;
      for (const { term, df, signature } of known) {
        if (postings > 0 && postings + df > maxQueryPostings) break;
        if (signature) chosenSignatures.add(term);
        else if (words.length < maxQueryTerms) words.push(term);
        else continue;
        postings += df;
      }
      const signatures = [...new Set(textSignatures.filter((s) => chosenSignatures.has(s)))];
      if (words.length === 0 && signatures.length === 0) return [];

      scratch.fit(ids.length);
      const querySerial = scratch.begin(words.length + signatures.length);
      const { words: wordScore, signatures: signatureScore, matched, wordStamp, signatureStamp } = scratch;
      // Cases in the order a query first touched them: ties keep it, as MiniSearch's stable sort does.
      const touched: number[] = [];
      const termTouched: number[] = [];
      const run = (list: readonly string[], fields: readonly number[], isSignature: boolean): void => {
        const score = isSignature ? signatureScore : wordScore;
        const stampOf = isSignature ? signatureStamp : wordStamp;
        const other = isSignature ? wordStamp : signatureStamp;
        for (const text of list) {
          const entry = terms.get(text);
          if (!entry) continue;
          const termSerial = scratch.next();
          termTouched.length = 0;
          for (const field of fields) {
            const postingList = entry.lists[field];
            if (postingList) scoreTerm(postingList, field, termSerial, termTouched);
          }
          const term = scratch.term;
          for (const doc of termTouched) {
            if (stampOf[doc] === querySerial) {
              score[doc] = (score[doc] as number) + (term[doc] as number);
              matched[doc] = (matched[doc] as number) + 1;
            } else {
              if (other[doc] !== querySerial) {
                touched.push(doc);
                matched[doc] = 1;
              } else matched[doc] = (matched[doc] as number) + 1;
              stampOf[doc] = querySerial;
              score[doc] = term[doc] as number;
            }
          }
        }
      };
      run(words, [SUBJECT, BODY], false);
      run(signatures, [SIGNATURES], true);

      const before = searchOptions.before;
      const cutoff = typeof before === 'string' ? Date.parse(before) : before;
      const timeCut = cutoff !== undefined && !Number.isNaN(cutoff);
      const finalScore = (doc: number): number => {
        const w = wordStamp[doc] === querySerial;
        const s = signatureStamp[doc] === querySerial;
        const sum =
          w && s
            ? (wordScore[doc] as number) + (signatureScore[doc] as number)
            : w
              ? (wordScore[doc] as number)
              : (signatureScore[doc] as number);
        return sum * (matched[doc] as number);
      };
      let best: { doc: number; score: number }[] = [];
      // A few hits are kept in a small array, best first, as the cases go by (a later case must score
      // strictly higher to pass an earlier one, so ties stay in first-touched order); a long or full
      // ranking is one stable sort instead.
      const few = k <= 64;
      for (const doc of touched) {
        if (timeCut) {
          const at = typeof before === 'number' ? (positions[doc] as number) : (created[doc] as number);
          if (!(at < cutoff)) continue;
        }
        if (exclude.has(ids[doc] as string)) continue;
        const score = finalScore(doc);
        if (!few) {
          best.push({ doc, score });
          continue;
        }
        if (best.length >= k && score <= (best[best.length - 1] as { score: number }).score) continue;
        let at = best.length;
        while (at > 0 && (best[at - 1] as { score: number }).score < score) at -= 1;
        best.splice(at, 0, { doc, score });
        if (best.length > k) best.pop();
      }
      if (!few) best = best.sort((x, y) => y.score - x.score).slice(0, k);
      const top = best[0]?.score ?? 0;
      return best.map(({ doc, score }): CaseHit => {
        const matchedTerms = [
          ...words.filter((w) => {
            const lists = terms.get(w)?.lists;
            return holds(lists?.[SUBJECT], doc) || holds(lists?.[BODY], doc);
          }),
          ...signatures.filter((s) => holds(terms.get(s)?.lists[SIGNATURES], doc)),
        ];
        return { id: ids[doc] as string, score: top > 0 ? score / top : 0, rawScore: score, matchedTerms };
      });
    },
  };
}
