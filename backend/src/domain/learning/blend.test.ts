import { describe, expect, it } from 'vitest';
import { blendProbabilities, fitBlend, seededRandom } from './index';

/** Two-class cases whose linear logits say nothing and whose votes are right `voteAccuracy` of the time. */
function cases(n: number, voteAccuracy: number) {
  const random = seededRandom(5);
  const logits: Float64Array[] = [];
  const votes: Float64Array[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    const voted = random() < voteAccuracy ? y : 1 - y;
    logits.push(Float64Array.from([random() - 0.5, random() - 0.5]));
    votes.push(voted === 0 ? Float64Array.from([0.8, 0.2]) : Float64Array.from([0.2, 0.8]));
    ys.push(y);
  }
  return { logits, votes, ys };
}

describe('fitBlend', () => {
  it('gives informative votes weight and uninformative ones none', () => {
    const good = cases(400, 0.9);
    const trusted = fitBlend(good.logits, good.votes, good.ys, { linear: 1, voter: 0 });
    expect(trusted.voter).toBeGreaterThan(0.5);
    const p = blendProbabilities(Float64Array.from([0, 0]), Float64Array.from([0.8, 0.2]), trusted);
    // Votes right 90 % of the time: the blend should say about 0.9 for the voted class.
    expect(p[0]).toBeGreaterThan(0.8);
    expect(p[0]).toBeLessThan(0.97);

    const noise = cases(400, 0.5);
    const ignored = fitBlend(noise.logits, noise.votes, noise.ys, { linear: 1, voter: 0 });
    const q = blendProbabilities(Float64Array.from([0, 0]), Float64Array.from([0.8, 0.2]), ignored);
    // Votes no better than a coin: a 0.8 vote moves the blend little from even odds.
    expect(q[0]).toBeLessThan(0.6);
  });

  it('returns the start when there is nothing to fit', () => {
    expect(fitBlend([], [], [], { linear: 0.5, voter: 0 })).toEqual({ linear: 0.5, voter: 0 });
  });
});
