import fc from 'fast-check';
import MiniSearch, { type Query } from 'minisearch';
import type { CaseRecord } from '@triage/shared';
import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../../demo/dataset';
import { aCase } from '../learning/testing/generators';
import { signatureTokens, tokenize } from '../text/index';
import { createCaseIndex } from './case-index';

const cases = [
  aCase({
    id: 'old-502',
    created_at: '2025-01-01T00:00:00Z',
    subject: 'Checkout fails after upgrade',
    description: 'Payment page returns HTTP 502 since 4.2.1',
  }),
  aCase({
    id: 'printer',
    created_at: '2025-01-02T00:00:00Z',
    subject: 'Printer offline',
    description: 'Office printer does not respond',
  }),
  aCase({
    id: 'npe',
    created_at: '2025-01-03T00:00:00Z',
    subject: 'App crashes on start',
    description: 'java.lang.NullPointerException in the launcher',
  }),
  aCase({
    id: 'checkout-slow',
    created_at: '2025-01-04T00:00:00Z',
    subject: 'Checkout slow',
    description: 'The checkout page takes a minute',
  }),
];

function indexed() {
  const index = createCaseIndex();
  for (const c of cases) index.add(c);
  return index;
}

describe('createCaseIndex', () => {
  it('ranks the duplicate first with a normalised score and the shared terms', () => {
    const hits = indexed().search(
      aCase({
        id: 'new',
        subject: 'Checkout broken',
        description: 'we get HTTP 502 on the payment page after 4.2.1',
      }),
    );
    expect(hits[0]?.id).toBe('old-502');
    expect(hits[0]?.score).toBe(1);
    expect(hits.every((h) => h.score > 0 && h.score <= 1)).toBe(true);
    expect(hits[0]?.matchedTerms).toEqual(
      expect.arrayContaining(['checkout', 'payment', 'sig:http-status:http:502']),
    );
    expect(hits.map((h) => h.id)).not.toContain('printer');
  });

  it('matches on error signatures alone', () => {
    const hits = indexed().search(aCase({ id: 'q', subject: 'NullPointerException' }));
    expect(hits.map((h) => h.id)).toEqual(['npe']);
    expect(hits[0]?.matchedTerms).toContain('sig:exception:nullpointerexception');
  });

  it('honours k, exclude, the query id and both kinds of before', () => {
    const index = indexed();
    const query = aCase({ id: 'checkout-slow', subject: 'checkout', description: 'checkout' });
    expect(index.search(query).map((h) => h.id)).toEqual(['old-502']);
    const other = aCase({ id: 'q', subject: 'checkout' });
    expect(
      index
        .search(other)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['checkout-slow', 'old-502']);
    expect(index.search(other, { k: 1 })).toHaveLength(1);
    expect(index.search(other, { k: 0 })).toEqual([]);
    expect(index.search(other, { k: Infinity }).map((h) => h.id)).toHaveLength(2);
    expect(index.search(other, { exclude: ['old-502'] }).map((h) => h.id)).toEqual(['checkout-slow']);
    expect(index.search(other, { before: 3 }).map((h) => h.id)).toEqual(['old-502']);
    expect(index.search(other, { before: '2025-01-04T00:00:00Z' }).map((h) => h.id)).toEqual(['old-502']);
    expect(index.size).toBe(4);
    expect(index.has('npe')).toBe(true);
  });

  it('reads only the rarest words once their postings pass the budget', () => {
    const index = createCaseIndex({ maxQueryPostings: 2 });
    for (const c of cases) index.add(c);
    // "checkout" is in two cases and "printer" in one: with room for two postings only the rarest
    // word is searched, so the checkout cases are not candidates at all.
    const hits = index.search(aCase({ id: 'q', subject: 'checkout printer' }));
    expect(hits.map((h) => h.id)).toEqual(['printer']);
    const unbounded = createCaseIndex();
    for (const c of cases) unbounded.add(c);
    expect(unbounded.search(aCase({ id: 'q', subject: 'checkout printer' })).map((h) => h.id)).toHaveLength(
      3,
    );
  });

  it('returns nothing for a query without words', () => {
    expect(indexed().search(aCase({ id: 'q', subject: '...' }))).toEqual([]);
  });

  it('refuses a case that is already indexed', () => {
    expect(() => indexed().add(cases[0] as CaseRecord)).toThrow(/already in the index/);
  });
});

/**
 * MiniSearch set up as the index was first built on it: the same fields, boosts and query terms. The
 * index must rank as it does (same cases, same order, same scores), so swapping the engine underneath
 * changed no result.
 */
function miniSearchReference(history: readonly CaseRecord[]) {
  const SIG = 'sig:';
  const text = (r: CaseRecord) => ({
    subject: r.subject ?? '',
    body: [r.description ?? '', ...(r.comments ?? []).map((c) => c.body)].join('\n'),
  });
  const mini = new MiniSearch<{
    id: string;
    subject: string;
    body: string;
    signatures: string;
    position: number;
  }>({
    fields: ['subject', 'body', 'signatures'],
    storeFields: ['position'],
    tokenize: (t) => (t === '' ? [] : t.split(' ')),
    processTerm: (t) => t,
  });
  history.forEach((r, position) => {
    const { subject, body } = text(r);
    mini.add({
      id: r.id,
      subject: tokenize(subject).join(' '),
      body: tokenize(body).join(' '),
      signatures: signatureTokens(`${subject}\n${body}`)
        .map((s) => SIG + s)
        .join(' '),
      position,
    });
  });
  return (query: CaseRecord, words: string[], signatures: string[], before: number) => {
    const queries: Query[] = [];
    if (words.length)
      queries.push({
        queries: [words.join(' ')],
        fields: ['subject', 'body'],
        tokenize: (t) => t.split(' '),
      });
    if (signatures.length)
      queries.push({
        queries: [signatures.join(' ')],
        fields: ['signatures'],
        tokenize: (t) => t.split(' '),
      });
    return mini
      .search(
        { combineWith: 'OR', queries },
        {
          boost: { subject: 2, body: 1, signatures: 2 },
          processTerm: (t) => t,
          filter: (r) => (r.position as number) < before && r.id !== query.id,
        },
      )
      .map((r) => ({ id: String(r.id), score: r.score, terms: [...r.terms].sort() }));
  };
}

/** The ranking of both, for one query that reads every word (no budget), up to `before`. */
function bothRankings(history: readonly CaseRecord[], query: CaseRecord, before: number) {
  const index = createCaseIndex({ maxQueryTerms: Infinity, maxQueryPostings: Infinity });
  for (const r of history) index.add(r);
  const reference = miniSearchReference(history);
  const visible = (r: CaseRecord) =>
    `${r.subject ?? ''}\n${[r.description ?? '', ...(r.comments ?? []).map((c) => c.body)].join('\n')}`;
  const queryText = visible(query);
  const ours = index.search(query, { k: Infinity, before }).map((h) => ({
    id: h.id,
    score: h.rawScore,
    terms: [...h.matchedTerms].sort(),
  }));
  // Query terms in the order the index takes them: rarest first, ties in text order.
  const wordSets = history.map((r) => new Set(tokenize(visible(r))));
  const signatureSets = history.map((r) => new Set(signatureTokens(visible(r))));
  const docFreq = (term: string, field: 'word' | 'sig') =>
    (field === 'word' ? wordSets : signatureSets).filter((set) => set.has(term)).length;
  const words = [...new Set(tokenize(queryText))].filter((w) => docFreq(w, 'word') > 0);
  const signatures = [...new Set(signatureTokens(queryText))].filter((s) => docFreq(s, 'sig') > 0);
  // Words go rarest first (ties in text order); signatures stay in text order.
  const rarest = words
    .map((term) => ({ term, df: docFreq(term, 'word') }))
    .sort((a, b) => a.df - b.df)
    .map((t) => t.term);
  const theirs = reference(
    query,
    rarest,
    signatures.map((s) => `sig:${s}`),
    before,
  );
  return { ours, theirs };
}

describe('the index ranks as MiniSearch set up the same way', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const demo = buildDemoDataset(now);
  const history = demo.cases;
  const open = history.filter((c) => c.status !== 'solved' && c.status !== 'closed');

  it('on every open demo case against the demo history', () => {
    expect(open.length).toBeGreaterThan(5);
    for (const query of open) {
      const { ours, theirs } = bothRankings(history, query, history.indexOf(query));
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(theirs);
    }
  });

  it('on random histories with repeated words, ties, empty fields and signatures', () => {
    const vocabulary = [
      'sync',
      'fails',
      'login',
      'error',
      'HTTP 502',
      'E1234',
      'invoice',
      'card',
      'NullPointerException',
      'v4.2.1',
      'slow',
      'a',
    ];
    const text = fc.array(fc.constantFrom(...vocabulary), { maxLength: 12 }).map((w) => w.join(' '));
    const record = fc.record({ subject: text, description: text });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 40 }),
        record,
        fc.nat(),
        (cases, query, cut) => {
          const history = cases.map((c, i) => aCase({ id: `c${i}`, ...c }));
          const before = cut % (history.length + 1);
          const { ours, theirs } = bothRankings(history, aCase({ id: 'q', ...query }), before);
          expect(ours).toEqual(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
