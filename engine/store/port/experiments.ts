/**
 * A/B experiments (the split step): which branch each person was put in, kept so they stay in it,
 * and counters per branch, all written atomically in the store (N instances count as one).
 * An experiment is keyed `<journey id>/<step id>`: it spans the journey's versions.
 */
export interface BranchCounts {
  branch: string;
  /** People put in the branch. */
  assigned: number;
  /** Runs of published versions that went through it. */
  entered: number;
  /** Of those, runs that ended in success / failure. */
  success: number;
  failure: number;
  /** Sum of the time from the start to the success of the successful runs, ms. */
  successMs: number;
}

export type BranchIncrement = Partial<Pick<BranchCounts, 'entered' | 'success' | 'failure' | 'successMs'>>;

export interface ExperimentsRepo {
  /**
   * The subject's branch: the one stored for them, or `candidate`, stored now by a conditional insert
   * (racing first visits agree on one) and counted as assigned.
   */
  assign(experiment: string, subject: string, candidate: string, at: Date): Promise<string>;
  /** Adds to a branch's counters, atomically. */
  count(experiment: string, branch: string, add: BranchIncrement): Promise<void>;
  results(experiment: string): Promise<BranchCounts[]>;
}
