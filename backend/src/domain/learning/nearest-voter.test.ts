import { describe, expect, it } from 'vitest';
import { neighbourSearchOver, predictCase, trainCaseModel, voteDistribution, type Neighbour } from './index';
import { aCase, exclusiveOrHistory, syntheticHistory } from './testing/generators';

const fast = { softmax: { epochs: 4 } };

describe('nearest-cases voter', () => {
  it('decides where the linear model can only guess, and the blend follows it', () => {
    const history = exclusiveOrHistory(600);
    const train = history.filter((_, i) => i % 5 !== 4);
    const test = history.filter((_, i) => i % 5 === 4);
    const model = trainCaseModel(train, fast);
    const search = neighbourSearchOver(train, model.featureSpace);
    const accuracy = (withNeighbours: boolean): number =>
      test.filter((r) => {
        const options = withNeighbours ? { neighbours: search.nearest(r) } : {};
        return predictCase(model, r, options)[0]?.top === r.labels?.route;
      }).length / test.length;
    expect(accuracy(false)).toBeLessThan(0.7);
    expect(accuracy(true)).toBeGreaterThan(0.9);
  });

  it('explains a prediction with the nearest labelled cases that voted, most similar first', () => {
    const history = exclusiveOrHistory(400);
    const model = trainCaseModel(history, fast);
    expect(model.labels.route?.blend?.voter).toBeGreaterThan(0);
    const query = aCase({ id: 'q', description: 'hello alpha please help today yankee thanks again' });
    const neighbours = neighbourSearchOver(history, model.featureSpace).nearest(query);
    const [prediction] = predictCase(model, query, { neighbours });
    expect(prediction?.top).toBe('different');
    expect(prediction?.neighbours.length).toBeGreaterThan(0);
    const similarities = prediction?.neighbours.map((n) => n.similarity) ?? [];
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    const byId = new Map(history.map((r) => [r.id, r.labels?.route]));
    for (const n of prediction?.neighbours ?? []) expect(byId.get(n.id)).toBe(n.label);
  });

  it('lets close neighbours overrule an unsure linear model, and not a confident one', () => {
    const model = trainCaseModel(exclusiveOrHistory(400), fast);
    const unsure = aCase({ id: 'q', description: 'hello alpha please help today yankee thanks again' });
    const close = (label: string): Neighbour[] =>
      Array.from({ length: 10 }, (_, i) => ({ id: `n${i}`, similarity: 0.95, labels: { route: label } }));
    for (const label of ['same', 'different']) {
      const [p] = predictCase(model, unsure, { neighbours: close(label) });
      expect(p?.top).toBe(label);
    }

    const topics = trainCaseModel(syntheticHistory(300), fast);
    const login = aCase({ id: 'q', description: 'login password locked account reset sign password' });
    const [alone] = predictCase(topics, login, { neighbours: [] }).filter((p) => p.key === 'topic');
    const distant: Neighbour[] = [{ id: 'n', similarity: 0.05, labels: { topic: 'billing' } }];
    const [withDistant] = predictCase(topics, login, { neighbours: distant }).filter(
      (p) => p.key === 'topic',
    );
    expect(alone?.top).toBe('login');
    expect(withDistant?.top).toBe('login');
  });

  it('weighs votes by similarity and stays flat without neighbours', () => {
    const classes = ['a', 'b'];
    expect(Array.from(voteDistribution([], 'k', classes))).toEqual([0.5, 0.5]);
    const votes = voteDistribution(
      [
        { id: '1', similarity: 0.9, labels: { k: 'a' } },
        { id: '2', similarity: 0.3, labels: { k: 'b' } },
        { id: '3', similarity: 0.8, labels: { other: 'b' } },
      ],
      'k',
      classes,
      { k: 10, smoothing: 1 },
    );
    // (0.9 + 0.5) / 2.2 and (0.3 + 0.5) / 2.2: the neighbour without the key does not vote.
    expect(votes[0]).toBeCloseTo(1.4 / 2.2, 10);
    expect(votes[1]).toBeCloseTo(0.8 / 2.2, 10);
  });

  it('reads the rarest words only, once their postings pass the budget', () => {
    const labels = { route: 'r' };
    const history = [
      aCase({ id: 'rare', description: 'zebra', labels }),
      ...Array.from({ length: 5 }, (_, i) => aCase({ id: `common${i}`, description: 'printer', labels })),
    ];
    const model = trainCaseModel(history, fast);
    const query = aCase({ id: 'q', description: 'zebra printer' });
    const ids = (budget: number) =>
      neighbourSearchOver(history, model.featureSpace, { maxQueryPostings: budget })
        .nearest(query)
        .map((n) => n.id)
        .sort();
    // "zebra" is in one case and "printer" in five: a budget of 3 reads the rarest word only.
    expect(ids(3)).toEqual(['rare']);
    expect(ids(6)).toEqual(['common0', 'common1', 'common2', 'common3', 'common4', 'rare']);
  });
});
