import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitTemperature, meanNll, seededRandom, softmax } from './index';

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
