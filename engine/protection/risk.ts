/**
 * The risk of a sign-in as a score from signals, each with a fixed weight, and a level from the
 * step's thresholds. Pure: the risk step gathers the signals and records the decision.
 */
export interface RiskSignals {
  /** This browser never completed a sign-in to the account. */
  newBrowser: boolean;
  /** Nor did any address of this network (/24, /48). */
  newNetwork: boolean;
  /** Failed sign-ins on the account within the throttle window. */
  accountFailures: number;
  /** Failed sign-ins from this address within the window. */
  addressFailures: number;
  /** The journey saw a right but known-breached password. */
  breachedPassword: boolean;
}

export interface RiskThresholds {
  /** Score from which the outcome is "medium". */
  mediumAt: number;
  /** Score from which the outcome is "high". */
  highAt: number;
}

export type RiskLevel = 'low' | 'medium' | 'high';

export const RISK_WEIGHTS = {
  'new-browser': 30,
  'new-network': 20,
  'account-failures': 25,
  'address-failures': 25,
  'breached-password': 40,
} as const;

export type RiskReason = keyof typeof RISK_WEIGHTS;

/** A burst of failures: this many on the account, or on the address, counts. */
export const FAILURE_BURST = 3;

export function assessRisk(s: RiskSignals, t: RiskThresholds): { score: number; level: RiskLevel; reasons: RiskReason[] } {
  const reasons: RiskReason[] = [];
  if (s.newBrowser) reasons.push('new-browser');
  if (s.newNetwork) reasons.push('new-network');
  if (s.accountFailures >= FAILURE_BURST) reasons.push('account-failures');
  if (s.addressFailures >= FAILURE_BURST) reasons.push('address-failures');
  if (s.breachedPassword) reasons.push('breached-password');
  const score = Math.min(100, reasons.reduce((sum, r) => sum + RISK_WEIGHTS[r], 0));
  const level: RiskLevel = score >= t.highAt ? 'high' : score >= t.mediumAt ? 'medium' : 'low';
  return { score, level, reasons };
}
