import type { CaseRecord } from '@triage/shared';
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
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

interface IndexedCase {
  id: string;
  subject: string;
  body: string;
  signatures: string;
  position: number;
  createdAt: number | null;
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

const splitTokens = (text: string): string[] => (text === '' ? [] : text.split(' '));

/**
 * Creates a BM25 (MiniSearch) index over subject, description and comments, with the case's error
 * signatures (exception names, error codes, HTTP statuses, versions, stack frames) as an extra
 * boosted field. Used by `eval` for duplicate recall and by the packet pipeline for similar cases.
 *
 * @example
 * const index = createCaseIndex();
 * index.add(oldCase);
 * index.search(newCase, { k: 5, before: newCase.created_at });
 */
export function createCaseIndex(options: CaseIndexOptions = {}): CaseIndex {
  const boost = { subject: 2, body: 1, signatures: 2, ...options.boost };
  const maxQueryTerms = options.maxQueryTerms ?? 24;
  const maxQueryPostings = options.maxQueryPostings ?? DEFAULT_MAX_QUERY_POSTINGS;
  // Document frequency of each indexed word: a query keeps only its rarest words, which carry almost all
  // of BM25's weight, so a long pasted log costs as much as a short report. 24 was picked on the SeaMonkey
  // duplicate queries (16/24/32/48/300 tried: 24 gave the best MRR and recall@10 and a quarter of the
  // query time of 300); that is tuning on evaluation data, to be re-checked on a held-out history.
  const docFreq = new Map<string, number>();
  const mini = new MiniSearch<IndexedCase>({
    fields: ['subject', 'body', 'signatures'],
    storeFields: ['position', 'createdAt'],
    // Fields arrive as `tokenize`d words joined by spaces (words never contain one), so each text is
    // tokenised once per case, not once for the index and again for the document frequencies.
    tokenize: (text) => splitTokens(text).filter(Boolean),
    // Tokens are already normalised by `tokenize`; MiniSearch's default would lower-case again.
    processTerm: (term) => term,
  });
  let inserted = 0;

  return {
    get size() {
      return mini.documentCount;
    },
    has(id) {
      return mini.has(id);
    },
    add(record, addOptions = {}) {
      const { subject, body } = caseText(record);
      const subjectWords = tokenize(subject);
      const bodyWords = tokenize(body);
      const signatures = signatureTokens(`${subject}\n${body}`).map((s) => `${SIG_PREFIX}${s}`);
      for (const term of new Set([...subjectWords, ...bodyWords, ...signatures])) {
        docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
      }
      const created = record.created_at === undefined ? Number.NaN : Date.parse(record.created_at);
      mini.add({
        id: record.id,
        subject: subjectWords.join(' '),
        body: bodyWords.join(' '),
        signatures: signatures.join(' '),
        position: addOptions.position ?? inserted,
        createdAt: Number.isNaN(created) ? null : created,
      });
      inserted += 1;
    },
    search(query, searchOptions = {}) {
      const k = searchOptions.k ?? 10;
      const exclude = new Set(searchOptions.exclude ?? []);
      exclude.add(query.id);
      const { subject, body } = caseText(query);
      const text = `${subject}\n${body}`;
      const known: { term: string; df: number; signature: boolean }[] = [];
      for (const term of new Set(tokenize(text))) {
        const df = docFreq.get(term);
        if (df !== undefined) known.push({ term, df, signature: false });
      }
      const textSignatures = signatureTokens(text).map((sig) => `${SIG_PREFIX}${sig}`);
      for (const term of textSignatures) {
        const df = docFreq.get(term);
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
      const signatures = textSignatures.filter((s) => chosenSignatures.has(s));
      if (words.length === 0 && signatures.length === 0) return [];
      const before = searchOptions.before;
      const cutoff = typeof before === 'string' ? Date.parse(before) : before;
      // Only a time cut needs a per-result filter; excluded ids are dropped from the ranked list
      // afterwards, which saves a call for every matching case.
      const filter =
        cutoff === undefined || Number.isNaN(cutoff)
          ? undefined
          : (result: SearchResult): boolean => {
              if (typeof before === 'number') return (result.position as number) < cutoff;
              const created = result.createdAt as number | null;
              return created !== null && created < cutoff;
            };
      const queries: Query[] = [];
      if (words.length) {
        queries.push({
          queries: [words.join(' ')],
          fields: ['subject', 'body'],
          tokenize: (t) => t.split(' '),
        });
      }
      if (signatures.length) {
        queries.push({
          queries: [signatures.join(' ')],
          fields: ['signatures'],
          tokenize: (t) => t.split(' '),
        });
      }
      const results = mini.search(
        { combineWith: 'OR', queries },
        { boost, processTerm: (t) => t, ...(filter ? { filter } : {}) },
      );
      const hits: CaseHit[] = [];
      let top = 0;
      for (const r of results) {
        if (hits.length >= k) break;
        const id = String(r.id);
        if (exclude.has(id)) continue;
        if (hits.length === 0) top = r.score;
        hits.push({ id, score: top > 0 ? r.score / top : 0, rawScore: r.score, matchedTerms: r.terms });
      }
      return hits;
    },
  };
}
