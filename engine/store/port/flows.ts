/**
 * The flow graph as the store keeps it: the same shape as the engine's flow graph (engine/flow),
 * declared here because the port depends on nothing of ours; TypeScript checks that both agree
 * wherever a graph crosses the port.
 */
export interface StoredFlowNode {
  id: string;
  type: string;
  label?: string;
  settings: Record<string, unknown>;
  position: { x: number; y: number };
}

export interface StoredFlowEdge {
  id?: string;
  from: string;
  outcome: string;
  to: string;
}

/** What a journey is for (the engine's FlowPurpose). */
export type StoredFlowPurpose = 'sign-in' | 'recovery' | 'step-up' | 'account-action' | 'admin-sign-in';

export interface StoredFlowGraph {
  id: string;
  name: string;
  description?: string;
  purpose?: StoredFlowPurpose;
  version: number;
  start: string;
  nodes: StoredFlowNode[];
  edges: StoredFlowEdge[];
  /** The journey's saved test cases (engine/flow/test-cases.ts), kept as they are. */
  tests?: StoredTestCase[];
  /** On a published version: its test cases' results when it was published. */
  testRun?: { ranAt: string; results: StoredTestResult[] };
}

/** A value a test case types: plain, or a secret sealed by the server (never stored in clear). */
type StoredTestValue = string | { sealed: string };

/** A saved test case as stored (the engine's JourneyTestCase). */
export interface StoredTestCase {
  id: string;
  name: string;
  persona: { email: string; exists: boolean; password?: StoredTestValue; emailVerified?: boolean; attributes?: Record<string, string | number | boolean> };
  answers: Array<{ step: string; values: Record<string, StoredTestValue>; action?: string }>;
  expect: { end: 'success' | 'failure' | 'waits'; step?: string };
}

/** A test case's result as stored (the engine's TestCaseResult). */
export interface StoredTestResult {
  caseId: string;
  name: string;
  passed: boolean;
  path: Array<{ from: string; outcome: string; to: string }>;
  stoppedAt: string | null;
  ended: 'success' | 'failure' | null;
  reason: string | null;
}

export interface FlowDraft {
  id: string;
  name: string;
  /** The flow graph (validated by the caller against the flow schema). */
  graph: StoredFlowGraph;
  updatedAt: Date;
  updatedBy: string | null;
  /** Starts at 1 and grows by one with each write of the draft: the compare-and-set token of `saveDraft`. */
  revision: number;
}

/** A write of a draft: the draft without what the store sets (when, and the new revision). */
export type DraftWrite = Omit<FlowDraft, 'updatedAt' | 'revision'>;

export interface FlowVersion {
  flowId: string;
  version: number;
  graph: StoredFlowGraph;
  publishedAt: Date;
  publishedBy: string | null;
}

export interface FlowSummary {
  id: string;
  name: string;
  updatedAt: Date;
  /** The version runs start on, or null when the flow was never published. */
  activeVersion: number | null;
  latestVersion: number | null;
}

export interface FlowsRepo {
  list(): Promise<FlowSummary[]>;
  getDraft(id: string): Promise<FlowDraft | null>;
  /**
   * Compare-and-set: writes the draft only while its stored revision equals `expectedRevision` (0 =
   * only when the journey does not exist yet) and returns it with its new revision; null, with nothing
   * written, when another write got there first. Every write of a draft goes through here, so two
   * editors saving from the same revision never silently drop each other's changes.
   */
  saveDraft(draft: DraftWrite, expectedRevision: number, now: Date): Promise<FlowDraft | null>;
  /**
   * Conditional insert of an immutable version under the number the engine chose (the next one), and
   * the active pointer moved to it, as one operation. False, with nothing written, when that number
   * is already taken (another publish got there first).
   */
  publish(version: FlowVersion): Promise<boolean>;
  getVersion(id: string, version: number): Promise<FlowVersion | null>;
  /** The active published version. */
  getActive(id: string): Promise<FlowVersion | null>;
  listVersions(id: string): Promise<Array<Omit<FlowVersion, 'graph'>>>;
  /**
   * The one change a published version allows: its saved test cases replaced by the same cases with
   * what an older Gerbang stored in clear sealed. Compare-and-set on the stored cases: false, with
   * nothing written, when the version does not exist or its cases are no longer `expected` (another
   * instance sealed them first).
   */
  sealVersionTests(id: string, version: number, expected: StoredTestCase[], sealed: StoredTestCase[]): Promise<boolean>;
  /** Rolls back (or forward) to an existing version. Returns false when it does not exist. */
  setActiveVersion(id: string, version: number): Promise<boolean>;
  /** Deletes the journey: its draft and every version. False when there was none. */
  delete(id: string): Promise<boolean>;
}
