import { describe, expect, it } from 'vitest';
import {
  classificationMetrics,
  expectedCalibrationError,
  fitTemperature,
  meanNll,
  predictCase,
  seededRandom,
  softmax,
  trainCaseModel,
  type CaseModel,
} from './index';
import { syntheticHistory } from './testing/generators';

/** Logits of a 3-class model that is right 70% of the time but says so with ~100% confidence. */
function overconfident(n: number, scale: number): { logits: Float64Array[]; ys: number[] } {
  const random = seededRandom(3);
  const logits: Float64Array[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 3;
    const predicted = random() < 0.7 ? y : (y + 1 + Math.floor(random() * 2)) % 3;
    const l = Float64Array.from([0, 0, 0].map(() => random() * 0.5));
    l[predicted] = (l[predicted] ?? 0) + 1;
    logits.push(l.map((v) => v * scale));
    ys.push(y);
  }
  return { logits, ys };
}

function ece(logits: Float64Array[], ys: number[], temperature: number): number {
  const conf: number[] = [];
  const correct: boolean[] = [];
  logits.forEach((l, i) => {
    const p = softmax(l, temperature);
    const best = p.indexOf(Math.max(...p));
    conf.push(p[best] ?? 0);
    correct.push(best === ys[i]);
  });
  return expectedCalibrationError(conf, correct);
}

describe('fitTemperature', () => {
  it('cools an over-confident model and cuts its calibration error', () => {
    const { logits, ys } = overconfident(900, 12);
    const before = ece(logits, ys, 1);
    const t = fitTemperature(logits, ys);
    const after = ece(logits, ys, t);
    expect(before).toBeGreaterThan(0.2);
    expect(t).toBeGreaterThan(3);
    expect(after).toBeLessThan(0.06);
    expect(meanNll(logits, ys, t)).toBeLessThan(meanNll(logits, ys, 1));
  });

  it('sharpens an under-confident model (T < 1) and leaves nothing-to-fit at 1', () => {
    const { logits, ys } = overconfident(900, 0.2);
    expect(fitTemperature(logits, ys)).toBeLessThan(1);
    expect(fitTemperature([], [])).toBe(1);
  });
});

describe('calibration on held-out cases', () => {
  it('a temperature fitted on a calibration split cuts the ECE of other cases', () => {
    const { logits, ys } = overconfident(1800, 12);
    const t = fitTemperature(logits.slice(0, 900), ys.slice(0, 900));
    const test = { logits: logits.slice(900), ys: ys.slice(900) };
    const before = ece(test.logits, test.ys, 1);
    expect(before).toBeGreaterThan(0.2);
    expect(ece(test.logits, test.ys, t)).toBeLessThan(before / 3);
  });

  it('trainCaseModel calibrates on its own held-out cases: test ECE drops against the same model uncalibrated', () => {
    // A third of the topics are relabelled at random: a model fitted to that noise is over-confident.
    const random = seededRandom(9);
    const topics = ['login', 'billing', 'crash'];
    const history = syntheticHistory(900).map((r) =>
      random() < 0.35 ? { ...r, labels: { topic: topics[Math.floor(random() * 3)] ?? 'login' } } : r,
    );
    const train = history.filter((_, i) => i % 4 !== 3);
    const test = history.filter((_, i) => i % 4 === 3);
    const calibrated = trainCaseModel(train, { softmax: { epochs: 12, learningRate: 0.05 } });
    const label = calibrated.labels.topic;
    if (!label) throw new Error('no topic model');
    const uncalibrated: CaseModel = { ...calibrated, labels: { topic: { ...label, temperature: 1 } } };
    const metrics = (model: CaseModel) =>
      classificationMetrics(
        test.map((r) => ({
          truth: r.labels?.topic ?? '',
          ranked: predictCase(model, r, { explain: false }).find((p) => p.key === 'topic')?.classes ?? [],
        })),
      );
    const before = metrics(uncalibrated);
    const after = metrics(calibrated);
    expect(label.temperature).toBeGreaterThan(1);
    expect(after.accuracy).toBe(before.accuracy);
    expect(after.ece).toBeLessThan(before.ece / 2);
  });
});
