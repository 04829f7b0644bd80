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

export interface FlowGraph {
  id: string;
  name: string;
  description?: string;
  /** The published version this graph is (or, for a draft, was based on); 0 for never published. */
  version: number;
  start: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
}
