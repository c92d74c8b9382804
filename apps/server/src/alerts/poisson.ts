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
