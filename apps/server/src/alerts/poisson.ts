// The Poisson upper tail P(X ≥ k) for X ~ Poisson(λ), summed in the direction where terms shrink, so
// that the tiny p-values of a real spike (1e-30 and below) keep their precision instead of rounding to 0.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9): about 15 significant digits. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** P(X = k), from logarithms so that large k and λ neither overflow nor underflow early. */
function pmf(k: number, lambda: number): number {
  return Math.exp(k * Math.log(lambda) - lambda - logGamma(k + 1));
}

/** P(X ≥ k) for X ~ Poisson(lambda). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k > lambda) {
    // Terms fall from k upward: sum them until they stop mattering.
    let term = pmf(k, lambda);
    let sum = 0;
    for (let i = k; i < k + 100_000 && term > sum * 1e-17; i++) {
      sum += term;
      term *= lambda / (i + 1);
    }
    return Math.min(1, sum);
  }
  // k ≤ λ: the tail is large; 1 − P(X < k), the lower sum taken from k − 1 downward.
  let term = pmf(k - 1, lambda);
  let lower = 0;
  for (let i = k - 1; i >= 0 && term > lower * 1e-17; i--) {
    lower += term;
    term *= i / lambda;
  }
  return Math.max(0, 1 - lower);
}

const POISSON_SHAPE = 1e7;

/** ln P(X = k) for a Poisson count with a gamma-distributed rate of this mean and shape (negative binomial). */
function logGammaPoissonPmf(k: number, mean: number, shape: number): number {
  const q = mean / (mean + shape);
  return logGamma(k + shape) - logGamma(shape) - logGamma(k + 1) + shape * Math.log1p(-q) + k * Math.log(q);
}

/**
 * P(X ≥ k) for a count whose rate is itself uncertain: Poisson with a gamma-distributed rate of this mean and
 * shape (the negative binomial). A rate learnt from n events has shape about n: the fewer events behind it,
 * the heavier the tail. An infinite shape is the Poisson.
 */
export function gammaPoissonUpperTail(k: number, mean: number, shape: number): number {
  // Past that shape, ln Γ(shape) is too large to keep the digits that matter, and the Poisson is as good.
  if (shape > POISSON_SHAPE) return poissonUpperTail(k, mean);
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  // P(X = i + 1) / P(X = i) = (i + shape) / (i + 1) · q, with q = mean / (mean + shape).
  const q = mean / (mean + shape);
  const mode = Math.max(0, Math.floor(((shape - 1) * q) / (1 - q)));
  if (k > mode) {
    let term = Math.exp(logGammaPoissonPmf(k, mean, shape));
    let sum = 0;
    for (let i = k; i < k + 1_000_000 && term > sum * 1e-17; i++) {
      sum += term;
      term *= ((i + shape) / (i + 1)) * q;
    }
    return Math.min(1, sum);
  }
  let term = Math.exp(logGammaPoissonPmf(k - 1, mean, shape));
  let lower = 0;
  for (let i = k - 1; i >= 0 && term > lower * 1e-17; i--) {
    lower += term;
    term *= i / ((i - 1 + shape) * q);
  }
  return Math.max(0, 1 - lower);
}

/**
 * The least k ≥ floor with P(X ≥ k) < alpha, X as in gammaPoissonUpperTail: one tail, then one term less per
 * step, so that a threshold far above the floor costs a few dozen multiplications, not as many tails.
 */
export function gammaPoissonThreshold(mean: number, shape: number, alpha: number, floor: number): number {
  let k = Math.max(1, Math.ceil(floor));
  const poisson = shape > POISSON_SHAPE;
  const q = poisson ? 0 : mean / (mean + shape);
  let term = poisson ? pmf(k, mean) : Math.exp(logGammaPoissonPmf(k, mean, shape));
  // Usually the floor is far above the mean: past the mode the terms shrink at least as fast as they do at k
  // (or by q, for a shape under 1), so the tail is at most term / (1 − ratio), and one term settles it.
  const ratio = poisson ? mean / (k + 1) : shape >= 1 ? ((k + shape) / (k + 1)) * q : q;
  const mode = poisson ? mean : ((shape - 1) * q) / (1 - q);
  if (k > mode && ratio < 1 && term / (1 - ratio) < alpha) return k;
  let tail = gammaPoissonUpperTail(k, mean, shape);
  if (tail < alpha) return k;
  const first = tail;
  let steps = 0;
  // Far below the mode the first term underflows and carries its rounding into every next one.
  while (tail >= alpha && term > 1e-250) {
    tail -= term;
    term *= poisson ? mean / (k + 1) : ((k + shape) / (k + 1)) * q;
    k += 1;
    steps += 1;
  }
  // Each subtraction may round by about 1e-16 of the first tail: near alpha, the exact tail has the last word.
  if (tail < alpha && alpha - tail > first * steps * 1e-14) return k;
  while (gammaPoissonUpperTail(k, mean, shape) >= alpha) k += 1;
  return k;
}
