import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useLang } from '../console/i18n';
import { localeOf } from '../../../engine/languages';
import { percent, type FunnelEdgeLine } from './funnel-canvas';

/** Height of the arc drawn over a step for an outcome that leads back to the same step. */
const LOOP_RISE = 130;

/** The path of an edge: a bezier between two steps, an arc over the step for a way back to itself. */
function pathOf(p: EdgeProps<FunnelEdgeLine>): [string, number, number] {
  if (p.source !== p.target) {
    const [path, x, y] = getBezierPath(p);
    return [path, x, y];
  }
  const top = Math.min(p.sourceY, p.targetY) - LOOP_RISE;
  const middle = (p.sourceX + p.targetX) / 2;
  const path = `M ${p.sourceX} ${p.sourceY} C ${p.sourceX + 70} ${p.sourceY}, ${p.sourceX + 70} ${top}, ${middle} ${top} C ${p.targetX - 70} ${top}, ${p.targetX - 70} ${p.targetY}, ${p.targetX} ${p.targetY}`;
  return [path, middle, top];
}

/** An edge of the funnel: its thickness follows the share who took it; its label says how many and what share. */
export function FunnelEdgeView(props: EdgeProps<FunnelEdgeLine>) {
  const locale = localeOf(useLang());
  const [path, x, y] = pathOf(props);
  const data = props.data;
  if (!data) return <BaseEdge path={path} markerEnd={props.markerEnd} />;
  const main = data.figures[0]?.edge;
  const width = 1.5 + 6 * Math.min(1, main?.share ?? 0);
  const compared = data.figures.length > 1;
  const figure = (f: (typeof data.figures)[number]) =>
    `${compared ? `${f.label}: ` : ''}${f.edge.count.toLocaleString(locale)} (${percent(f.edge.share, locale)})`;
  return (
    <>
      <BaseEdge path={path} markerEnd={props.markerEnd} style={{ strokeWidth: width }} className={main?.count ? 'funnel-taken' : 'funnel-untaken'} />
      <EdgeLabelRenderer>
        <div className="funnel-edge-label nodrag nopan" role="note" aria-label={data.description} style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}>
          <span className="funnel-outcome">{data.outcomeLabel}</span>
          {data.figures.map((f) => (
            <span key={f.label} className="funnel-count">
              {figure(f)}
            </span>
          ))}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
