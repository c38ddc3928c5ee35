import { softmax } from './softmax-regression';

/**
 * How the linear model and the nearest-cases voter combine: class scores
 * `linear * logits + voter * ln(votes)`, then softmax. `linear` plays the part of 1 / temperature,
 * and `voter = 0` is the linear model alone, temperature-scaled.
 */
export interface BlendWeights {
  linear: number;
  voter: number;
}

/** Class probabilities of the blend for one case. */
export function blendProbabilities(
  logits: ArrayLike<number>,
  votes: ArrayLike<number>,
  weights: BlendWeights,
): Float64Array {
  const scores = new Float64Array(logits.length);
  for (let c = 0; c < logits.length; c++) {
    scores[c] = weights.linear * (logits[c] ?? 0) + weights.voter * Math.log(Math.max(votes[c] ?? 0, 1e-12));
  }
  return softmax(scores);
}

function nll(
  logits: readonly ArrayLike<number>[],
  logVotes: readonly Float64Array[],
  ys: readonly number[],
  w: BlendWeights,
): number {
  let total = 0;
  logits.forEach((z, i) => {
    const v = logVotes[i] as Float64Array;
    let max = -Infinity;
    const s = new Float64Array(z.length);
    for (let c = 0; c < z.length; c++) {
      s[c] = w.linear * (z[c] ?? 0) + w.voter * (v[c] ?? 0);
      max = Math.max(max, s[c] ?? 0);
    }
    let sum = 0;
    for (let c = 0; c < z.length; c++) sum += Math.exp((s[c] ?? 0) - max);
    total += max + Math.log(sum) - (s[ys[i] ?? 0] ?? 0);
  });
  return logits.length ? total / logits.length : 0;
}

/**
 * Fits the blend weights on held-out cases by minimising their negative log-likelihood. The scores
 * are linear in the two weights, so the loss is convex in them, and a damped Newton method with
 * backtracking converges in a few steps. The voter weight is kept ≥ 0 (neighbours never vote
 * against their own label) and the linear weight > 0. With nothing to fit, returns `start`.
 *
 * @param start where to begin, normally `{ linear: 1 / T, voter: 0 }` from temperature scaling.
 */
export function fitBlend(
  logits: readonly ArrayLike<number>[],
  votes: readonly ArrayLike<number>[],
  ys: readonly number[],
  start: BlendWeights,
): BlendWeights {
  if (logits.length === 0) return start;
  const logVotes = votes.map((v) => Float64Array.from(v, (p) => Math.log(Math.max(p, 1e-12))));
  const n = logits.length;
  let w = { ...start };
  let f = nll(logits, logVotes, ys, w);
  for (let iteration = 0; iteration < 50; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    logits.forEach((z, i) => {
      const v = logVotes[i] as Float64Array;
      const s = new Float64Array(z.length);
      for (let c = 0; c < z.length; c++) s[c] = w.linear * (z[c] ?? 0) + w.voter * (v[c] ?? 0);
      const p = softmax(s);
      let ez = 0;
      let ev = 0;
      let ezz = 0;
      let ezv = 0;
      let evv = 0;
      for (let c = 0; c < z.length; c++) {
        const pc = p[c] ?? 0;
        const zc = z[c] ?? 0;
        const vc = v[c] ?? 0;
        ez += pc * zc;
        ev += pc * vc;
        ezz += pc * zc * zc;
        ezv += pc * zc * vc;
        evv += pc * vc * vc;
      }
      const y = ys[i] ?? 0;
      ga += ez - (z[y] ?? 0);
      gb += ev - (v[y] ?? 0);
      haa += ezz - ez * ez;
      hab += ezv - ez * ev;
      hbb += evv - ev * ev;
    });
    [ga, gb, haa, hab, hbb] = [ga / n, gb / n, haa / n + 1e-9, hab / n, hbb / n + 1e-9];
    let da: number;
    let db: number;
    if (w.voter <= 0 && gb >= 0) {
      // On the boundary and the loss wants a negative voter weight: move the linear weight alone.
      da = -ga / haa;
      db = 0;
    } else {
      const det = haa * hbb - hab * hab;
      if (det <= 1e-18) {
        da = -ga;
        db = -gb;
      } else {
        da = -(hbb * ga - hab * gb) / det;
        db = -(haa * gb - hab * ga) / det;
      }
    }
    let t = 1;
    let next = w;
    let fNext = f;
    for (let halving = 0; halving < 40; halving++) {
      const candidate = {
        linear: Math.max(1e-3, w.linear + t * da),
        voter: Math.max(0, w.voter + t * db),
      };
      const fc = nll(logits, logVotes, ys, candidate);
      if (fc < f) {
        next = candidate;
        fNext = fc;
        break;
      }
      t /= 2;
    }
    const improvement = f - fNext;
    w = next;
    f = fNext;
    if (improvement < 1e-10) break;
  }
  return w;
}
