import { describe, expect, it } from 'vitest';
import { createPlainBm25Index, naiveBayesTerms, predictNaiveBayes, trainNaiveBayes } from './index';
import { aCase } from './testing/generators';

describe('naive Bayes baseline', () => {
  it('computes the textbook posterior on a hand-built set', () => {
    const examples = [
      { record: aCase({ id: '1', subject: 'refund invoice' }), label: 'billing' },
      { record: aCase({ id: '2', subject: 'refund invoice' }), label: 'billing' },
      { record: aCase({ id: '3', subject: 'password login' }), label: 'access' },
    ].map((e) => ({ terms: naiveBayesTerms(e.record), label: e.label }));
    expect(examples[0]?.terms).toEqual(['refund', 'invoice', 'refund invoice']);
    const model = trainNaiveBayes(examples);
    // 6 distinct terms. billing: prior 2/3, P(refund) = (2 + 1) / (6 + 6); access: prior 1/3,
    // P(refund) = (0 + 1) / (3 + 6). Posterior of billing: (2/3 · 1/4) / (2/3 · 1/4 + 1/3 · 1/9) = 9/11.
    const ranked = predictNaiveBayes(model, naiveBayesTerms(aCase({ id: 'q', subject: 'refund please' })));
    expect(ranked.map((r) => r.label)).toEqual(['billing', 'access']);
    expect(ranked[0]?.probability).toBeCloseTo(9 / 11, 12);
    // Nothing known: the prior alone.
    expect(predictNaiveBayes(model, ['unknown'])[0]?.probability).toBeCloseTo(2 / 3, 12);
  });
});

describe('plain BM25 baseline', () => {
  it('ranks earlier cases by shared words and never looks ahead', () => {
    const index = createPlainBm25Index();
    index.add(aCase({ id: 'a', subject: 'printer jams on duplex pages' }), 0);
    index.add(aCase({ id: 'b', subject: 'vpn drops every hour' }), 1);
    index.add(aCase({ id: 'c', subject: 'printer duplex jam again' }), 2);
    const query = aCase({ id: 'q', subject: 'duplex printer jams' });
    expect(index.search(query, 3)).toEqual(['a', 'c']);
    expect(index.search(query, 2)).toEqual(['a']);
  });
});
