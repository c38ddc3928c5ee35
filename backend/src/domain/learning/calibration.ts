import { softmax } from './softmax-regression';

/** Mean negative log-likelihood of the true classes under `softmax(logits / temperature)`. */
export function meanNll(
  logits: readonly ArrayLike<number>[],
  ys: readonly number[],
  temperature: number,
): number {
  let total = 0;
  logits.forEach((l, i) => {
    const p = softmax(l, temperature)[ys[i] ?? 0] ?? 0;
    total -= Math.log(Math.max(p, 1e-12));
  });
  return logits.length ? total / logits.length : 0;
}

/**
 * Temperature scaling (Guo et al., 2017): the single T > 0 that minimises the NLL of held-out
 * examples. The NLL is convex in 1/T, hence unimodal in ln T, so a golden-section search over
 * ln T ∈ [ln 0.05, ln 20] finds it without gradients. Returns 1 when there is nothing to fit.
 */
export function fitTemperature(logits: readonly ArrayLike<number>[], ys: readonly number[]): number {
  if (logits.length === 0) return 1;
  const f = (lnT: number): number => meanNll(logits, ys, Math.exp(lnT));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 60 && hi - lo > 1e-4; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = f(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
