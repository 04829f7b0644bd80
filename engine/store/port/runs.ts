import type { StoredFlowGraph } from './flows.js';

export type RunStatus = 'active' | 'completed' | 'failed';

export interface Run {
  id: string;
  flowId: string;
  /** Published version the run executes; 0 for a draft run ("Try it"), whose graph is embedded. */
  flowVersion: number;
  graph: StoredFlowGraph | null;
  /** The persisted XState snapshot. */
  snapshot: unknown;
  /** Incremented on every step; updates are conditional on it (no lost step when requests race). */
  revision: number;
  /** SHA-256 of the browser binding cookie: a run only answers the browser that started it. */
  browserHash: string;
  /** Where the run came from and what to do on completion, e.g. `{ kind: 'direct' }`. */
  origin: Record<string, unknown>;
  status: RunStatus;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export interface RunsRepo {
  create(run: Run): Promise<void>;
  get(id: string): Promise<Run | null>;
  /**
   * Writes the next step if the stored revision still equals `expectedRevision`; the stored
   * revision becomes `expectedRevision + 1`. Returns false when another request got there first.
   */
  update(
    id: string,
    expectedRevision: number,
    next: Pick<Run, 'snapshot' | 'status' | 'updatedAt' | 'expiresAt'>,
  ): Promise<boolean>;
  deleteExpired(now: Date): Promise<number>;
  /**
   * Appends one entry (sealed by the caller) to the run's recording ("Try it" keeps the answers given
   * at each step), unless it already holds `max` entries. Kept with the run and gone when it expires.
   * Returns false when the run does not exist or the recording is full.
   */
  appendRecording(id: string, entry: string, max: number): Promise<boolean>;
  /** The run's recording, oldest entry first (empty when nothing was recorded). */
  recording(id: string): Promise<string[]>;
}
