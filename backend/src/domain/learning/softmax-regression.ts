import type { SparseVector } from './features';
import { seededRandom, shuffled } from './prng';

/** Hyper-parameters of the softmax regression. Part of a saved model's version. */
export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty added to the gradient of every weight the example touches. */
  l2: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  seed: number;
}

export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxOptions = {
  epochs: 8,
  learningRate: 0.02,
  l2: 1e-5,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  seed: 42,
};

/**
 * A linear multinomial model. `weights` is feature-major (`weights[column * nClasses + class]`) so
 * that one example's update walks contiguous memory.
 */
export interface LinearWeights {
  nClasses: number;
  dim: number;
  weights: Float32Array;
  bias: Float32Array;
}

/** Class scores (pre-softmax) of one example. */
export function linearLogits(model: LinearWeights, x: SparseVector): Float64Array {
  const { nClasses, weights, bias } = model;
  const out = new Float64Array(nClasses);
  for (let c = 0; c < nClasses; c++) out[c] = bias[c] ?? 0;
  for (let k = 0; k < x.indices.length; k++) {
    const base = (x.indices[k] as number) * nClasses;
    const v = x.values[k] as number;
    // `?? 0`: a one-class model stores no weights (dim 0) and reads past the end on purpose.
    for (let c = 0; c < nClasses; c++) out[c] = (out[c] as number) + v * (weights[base + c] ?? 0);
  }
  return out;
}

/** Numerically stable softmax of `logits / temperature`. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) max = Math.max(max, (logits[c] ?? 0) / temperature);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c] ?? 0) / temperature - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < out.length; c++) out[c] = (out[c] ?? 0) / sum;
  return out;
}

/**
 * Trains a softmax regression with per-example Adam and L2. The updates are "lazy": only the
 * weights of columns present in the example (and the biases) move, with Adam's moments kept per
 * weight and bias-corrected with the global step. That keeps an epoch linear in the number of
 * non-zero features instead of the vocabulary size, which is what lets 10k cases × 77 classes train
 * in seconds. The learning rate decays linearly to a tenth over the epochs. Deterministic: example
 * order comes from a PRNG seeded with `options.seed`.
 */
export function trainSoftmax(
  xs: readonly SparseVector[],
  ys: readonly number[],
  nClasses: number,
  dim: number,
  options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS,
): LinearWeights {
  const weights = new Float32Array(dim * nClasses);
  const bias = new Float32Array(nClasses);
  const m = new Float32Array(dim * nClasses);
  const v = new Float32Array(dim * nClasses);
  const mb = new Float64Array(nClasses);
  const vb = new Float64Array(nClasses);
  const model: LinearWeights = { nClasses, dim, weights, bias };
  const { beta1, beta2, epsilon, l2 } = options;
  const random = seededRandom(options.seed);
  const order = xs.map((_, i) => i);
  const grad = new Float64Array(nClasses);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const lr = options.learningRate * (1 - (0.9 * epoch) / Math.max(1, options.epochs - 1));
    for (const i of shuffled(order, random)) {
      const x = xs[i];
      const y = ys[i];
      if (!x || y === undefined) continue;
      step += 1;
      // Adam's bias corrections folded into the step size (Kingma & Ba, section 2), so each
      // weight update is one sqrt and one division.
      const stepSize = (lr * Math.sqrt(1 - Math.pow(beta2, step))) / (1 - Math.pow(beta1, step));
      const p = softmax(linearLogits(model, x));
      for (let c = 0; c < nClasses; c++) grad[c] = (p[c] as number) - (c === y ? 1 : 0);
      for (let c = 0; c < nClasses; c++) {
        const g = grad[c] as number;
        const mc = beta1 * (mb[c] as number) + (1 - beta1) * g;
        const vc = beta2 * (vb[c] as number) + (1 - beta2) * g * g;
        mb[c] = mc;
        vb[c] = vc;
        bias[c] = (bias[c] as number) - (stepSize * mc) / (Math.sqrt(vc) + epsilon);
      }
      for (let k = 0; k < x.indices.length; k++) {
        const base = (x.indices[k] as number) * nClasses;
        const xv = x.values[k] as number;
        for (let c = 0; c < nClasses; c++) {
          const at = base + c;
          const w = weights[at] as number;
          const g = (grad[c] as number) * xv + l2 * w;
          const mw = beta1 * (m[at] as number) + (1 - beta1) * g;
          const vw = beta2 * (v[at] as number) + (1 - beta2) * g * g;
          m[at] = mw;
          v[at] = vw;
          weights[at] = w - (stepSize * mw) / (Math.sqrt(vw) + epsilon);
        }
      }
    }
  }
  return model;
}
