import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, useInternalNode, type Edge, type EdgeProps } from '@xyflow/react';
import { fill, useTexts } from './console/i18n';

const TEXTS = {
  en: { insert: 'Insert a step on "{outcome}" of {step}', insertHere: 'Insert a step here' },
  id: { insert: 'Sisipkan langkah pada "{outcome}" dari {step}', insertHere: 'Sisipkan langkah di sini' },
};

/** What an outcome's connection carries for drawing: the outcome's label and its lane among siblings. */
export type OutcomeEdgeData = {
  label: string;
  /** The step it leaves, in words (for the "+" button's name). */
  fromLabel: string;
  /** 0 for the first connection between two steps, 1 for the next…: parallel ones are drawn apart. */
  lane: number;
  /** Opens the choice of a step to insert on this connection. */
  onInsert?: (edgeId: string) => void;
};

export type OutcomeEdge = Edge<OutcomeEdgeData, 'outcome'>;

/** How far apart parallel connections and their labels are drawn. */
const LANE_GAP = 22;

/**
 * A connection drawn with the outcome's label (not its id) and a "+" that inserts a step on it. A loop
 * back to the same step (a wrong password asked again) is drawn as an arc over the step, and parallel
 * connections between the same two steps each get a lane of their own, so no label hides another.
 */
export function OutcomeEdgeView(props: EdgeProps<OutcomeEdge>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, data } = props;
  const t = useTexts(TEXTS);
  const lane = data?.lane ?? 0;
  // A loop's arc and label go over the top of its step, whichever outcome row it leaves from.
  const step = useInternalNode(source);
  let path: string;
  let labelX: number;
  let labelY: number;
  if (source === target) {
    // Out of the outcome's handle on the right, over the step, back into its input on the left.
    const stepTop = step ? step.internals.positionAbsolute.y : Math.min(sourceY, targetY) - 50;
    const top = stepTop - 28 - lane * LANE_GAP;
    const mid = (sourceX + targetX) / 2;
    path = `M ${sourceX} ${sourceY} C ${sourceX + 70} ${sourceY}, ${sourceX + 70} ${top}, ${mid} ${top} S ${targetX - 70} ${targetY}, ${targetX} ${targetY}`;
    labelX = mid;
    labelY = top;
  } else {
    [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, offset: 20 + lane * 10 });
    labelY += lane * LANE_GAP;
  }
  const label = data?.label ?? '';
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      <EdgeLabelRenderer>
        <div className="edge-label nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} data-testid={`edge-label-${id}`}>
          <span>{label}</span>
          {data?.onInsert && (
            <button type="button" className="edge-insert" aria-label={fill(t.insert, { outcome: label, step: data.fromLabel })} title={t.insertHere} onClick={() => data.onInsert!(id)}>
              +
            </button>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
