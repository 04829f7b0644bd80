import type { JourneyTestCase, TestRunRecord } from './test-cases.js';

/** The flow graph: what the designer edits and the engine compiles. See flow/schema.ts. */
export interface FlowNode {
  id: string;
  type: string;
  /** Label shown on the canvas; defaults to the node type's title. */
  label?: string;
  settings: Record<string, unknown>;
  position: { x: number; y: number };
}

/** "When node `from` ends with `outcome`, go to node `to`." */
export interface FlowEdge {
  id?: string;
  from: string;
  outcome: string;
  to: string;
}

/**
 * What a journey is for; decides who may start it and what it may yield: `sign-in` (apps and
 * /login), `recovery` (/login; never yields more than it proved), `step-up` (only the engine, for a
 * sign-in below its required level), `account-action` (only /account, for the signed-in user),
 * `admin-sign-in` (the console's sign-in).
 */
export type FlowPurpose = 'sign-in' | 'recovery' | 'step-up' | 'account-action' | 'admin-sign-in';

export interface FlowGraph {
  id: string;
  name: string;
  description?: string;
  /** Absent means `sign-in`. */
  purpose?: FlowPurpose;
  /** The published version this graph is (or, for a draft, was based on); 0 for never published. */
  version: number;
  start: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Saved test cases (flow/test-cases.ts), all run on publish. */
  tests?: JourneyTestCase[];
  /** On a published version: the results of its test cases when it was published. */
  testRun?: TestRunRecord;
}
