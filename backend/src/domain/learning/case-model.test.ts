import { describe, expect, it } from 'vitest';
import {
  deserialiseCaseModel,
  ModelFormatError,
  predictCase,
  serialiseCaseModel,
  trainCaseModel,
  type CaseModel,
} from './index';
import { aCase, syntheticHistory } from './testing/generators';

const history = syntheticHistory(240);
const train = history.filter((_, i) => i % 4 !== 3);
const test = history.filter((_, i) => i % 4 === 3);
const fast = { softmax: { epochs: 5 } };
const model: CaseModel = trainCaseModel(train, fast);

describe('trainCaseModel', () => {
  it('learns one calibrated classifier per label key', () => {
    expect(Object.keys(model.labels).sort()).toEqual(['queue', 'topic']);
    expect(model.labels.topic?.classes).toEqual(['billing', 'crash', 'login']);
    expect(model.labels.topic?.calibration.method).toBe('cross-fit');
    expect(model.labels.topic?.temperature).toBeGreaterThan(0);
    const correct = test.filter(
      (r) => predictCase(model, r).find((p) => p.key === 'topic')?.top === r.labels?.topic,
    );
    expect(correct.length / test.length).toBeGreaterThan(0.9);
  });

  it('is deterministic per seed and versions models by their parameters', () => {
    expect(trainCaseModel(train, fast).version).toBe(model.version);
    expect(model.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(trainCaseModel(train, { softmax: { epochs: 5, seed: 99 } }).version).not.toBe(model.version);
  });

  it('answers a single-class label with certainty', () => {
    const single = trainCaseModel(
      [
        aCase({ id: 'a', subject: 'x', labels: { tier: 'gold' } }),
        aCase({ id: 'b', subject: 'y', labels: { tier: 'gold' } }),
      ],
      fast,
    );
    expect(predictCase(single, aCase({ id: 'q', subject: 'z' }))).toMatchObject([
      { key: 'tier', top: 'gold', confidence: 1 },
    ]);
  });
});

describe('predictCase', () => {
  const query = aCase({
    id: 'q',
    subject: 'refund invoice',
    description: 'I was charged twice, please refund the payment',
  });

  it('returns every class sorted, probabilities summing to 1, with a readable explanation', () => {
    const topic = predictCase(model, query).find((p) => p.key === 'topic');
    expect(topic?.top).toBe('billing');
    const probabilities = topic?.classes.map((c) => c.probability) ?? [];
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 6);
    expect(topic?.explanation.length).toBeGreaterThan(0);
    expect(topic?.explanation.join(' ')).toMatch(
      /(word|phrase|letters) "[^"]*(refund|charg|invoice|twice|payment)/,
    );
  });

  it('never reads ground truth: labels, duplicate_of and split change nothing', () => {
    const loaded = {
      ...query,
      labels: { topic: 'crash', queue: 'engineering' },
      duplicate_of: 'x',
      split: 'test' as const,
    };
    expect(predictCase(model, loaded)).toEqual(predictCase(model, query));
  });
});

describe('model serialisation', () => {
  it('round-trips through plain JSON with identical predictions and version', () => {
    const json = JSON.parse(JSON.stringify(serialiseCaseModel(model))) as unknown;
    const loaded = deserialiseCaseModel(json);
    expect(loaded.version).toBe(model.version);
    for (const r of test.slice(0, 10)) expect(predictCase(loaded, r)).toEqual(predictCase(model, r));
  });

  it('rejects files that are not models or whose arrays disagree', () => {
    expect(() => deserialiseCaseModel({ format: 'other' })).toThrow(ModelFormatError);
    const json = serialiseCaseModel(model);
    const topic = json.labels.topic;
    if (!topic) throw new Error('fixture has a topic label');
    const broken = { ...json, labels: { ...json.labels, topic: { ...topic, classes: ['only-one'] } } };
    expect(() => deserialiseCaseModel(broken)).toThrow(/weight shapes/);
  });
});
