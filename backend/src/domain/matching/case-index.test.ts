import { describe, expect, it } from 'vitest';
import { aCase } from '../learning/testing/generators';
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
});
