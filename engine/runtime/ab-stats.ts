import type { BranchCounts } from '../store/port.js';

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-proportion z-test (pooled): is the success rate of B different from A's? Answers z and the
 * two-sided p-value; null when either side has no runs or nothing varies.
 */
export function twoProportionTest(a: { success: number; total: number }, b: { success: number; total: number }): { z: number; p: number } | null {
  if (!a.total || !b.total) return null;
  const pooled = (a.success + b.success) / (a.total + b.total);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.total + 1 / b.total));
  if (!se) return null;
  const z = (b.success / b.total - a.success / a.total) / se;
  return { z, p: 2 * (1 - normalCdf(Math.abs(z))) };
}

export interface BranchResult extends BranchCounts {
  /** Runs that entered and have not ended (yet): abandoned or still going. */
  dropped: number;
  /** Successes per run that entered, 0..1. */
  successRate: number;
  /** Mean time from start to success, ms; null without successes. */
  meanMsToSuccess: number | null;
  /** Against the first branch (the control): two-sided p-value of the difference in success rate. */
  vsControl: { z: number; p: number } | null;
}

export interface ExperimentResult {
  branches: BranchResult[];
  /** The branch to keep: the best success rate, when it beats every other at the confidence asked; else null. */
  winner: string | null;
  confidence: number;
}

/**
 * Results of an experiment per branch, in the order the step declares them (the first is the
 * control), with the significance of each branch against the control and a recommended winner: the
 * branch with the highest success rate if it differs from every other branch with p < 1 - confidence.
 */
export function experimentResult(order: string[], counts: BranchCounts[], confidence = 0.95): ExperimentResult {
  const byBranch = new Map(counts.map((c) => [c.branch, c]));
  const rows = order.map((branch) => byBranch.get(branch) ?? { branch, assigned: 0, entered: 0, success: 0, failure: 0, successMs: 0 });
  const rate = (c: BranchCounts) => (c.entered ? c.success / c.entered : 0);
  const branches = rows.map((c) => ({
    ...c,
    dropped: Math.max(0, c.entered - c.success - c.failure),
    successRate: rate(c),
    meanMsToSuccess: c.success ? Math.round(c.successMs / c.success) : null,
    vsControl: c === rows[0] ? null : twoProportionTest({ success: rows[0].success, total: rows[0].entered }, { success: c.success, total: c.entered }),
  }));
  const best = [...rows].sort((x, y) => rate(y) - rate(x))[0];
  const beatsAll =
    best !== undefined &&
    rows.length > 1 &&
    rows.every((other) => {
      if (other === best) return true;
      const test = twoProportionTest({ success: other.success, total: other.entered }, { success: best.success, total: best.entered });
      return test !== null && test.z > 0 && test.p < 1 - confidence;
    });
  return { branches, winner: beatsAll ? best.branch : null, confidence };
}
