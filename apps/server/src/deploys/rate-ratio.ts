// How sure we are that one rate is a multiple of another. Two Poisson counts k₁ over exposure n₁ and k₂ over
// n₂: given their sum K, k₁ is binomial with p = n₁r / (n₁r + n₂), r the true rate ratio. A confidence
// interval on p (Wilson's score interval with continuity correction, which stays sane at 0 and K) maps to one
// on r. Pure.

/** The standard normal quantile (Acklam's rational approximation, ~1e-9 relative error). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** Wilson's score bounds (with continuity correction) on a binomial proportion: k successes of n, one-sided z. */
export function wilsonBounds(k: number, n: number, z: number): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denominator = 2 * (n + z2);
  const low =
    k === 0
      ? 0
      : Math.max(
          0,
          (2 * n * p + z2 - 1 - z * Math.sqrt(Math.max(0, z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1)))) /
            denominator,
        );
  const high =
    k === n
      ? 1
      : Math.min(
          1,
          (2 * n * p + z2 + 1 + z * Math.sqrt(Math.max(0, z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1)))) /
            denominator,
        );
  return { low, high };
}

export interface RateRatio {
  /** Candidate rate over baseline rate; null when the baseline has no events (and the candidate some). */
  ratio: number | null;
  /** One-sided lower bound on the true ratio at the given confidence. */
  low: number;
  /** One-sided upper bound; Infinity when the data cannot bound it. */
  high: number;
}

/**
 * The ratio of two Poisson rates with one-sided bounds: `lowConfidence` for the lower bound (how sure that the
 * candidate is worse), `highConfidence` for the upper (how sure that it is not much worse).
 * @example rateRatio(30, 1000, 10, 1000, 0.999, 0.95) // ratio 3, low ≈ 1.2
 */
export function rateRatio(
  candidateCount: number,
  candidateExposure: number,
  baselineCount: number,
  baselineExposure: number,
  lowConfidence: number,
  highConfidence: number,
): RateRatio {
  const total = candidateCount + baselineCount;
  const scale = baselineExposure / candidateExposure;
  const toRatio = (p: number) => (p >= 1 ? Number.POSITIVE_INFINITY : (p / (1 - p)) * scale);
  const ratio =
    baselineCount === 0
      ? candidateCount === 0
        ? 1
        : null
      : (candidateCount * baselineExposure) / (candidateExposure * baselineCount);
  if (total === 0) return { ratio, low: 0, high: Number.POSITIVE_INFINITY };
  const low = toRatio(wilsonBounds(candidateCount, total, normalQuantile(lowConfidence)).low);
  const high = toRatio(wilsonBounds(candidateCount, total, normalQuantile(highConfidence)).high);
  return { ratio, low, high };
}

/** An upper confidence bound on a Poisson mean seen as k (Wilson–Hilferty), for "so few that it cannot matter". */
export function poissonUpperBound(k: number, confidence: number): number {
  const z = normalQuantile(confidence);
  const a = k + 1;
  return a * (1 - 1 / (9 * a) + z / (3 * Math.sqrt(a))) ** 3;
}
