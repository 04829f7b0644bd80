import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { StepNode as StepNodeType } from './graph';
import { fill, useTexts } from './console/i18n';

const TEXTS = {
  en: { start: 'Start', oneProblem: '{count} problem', manyProblems: '{count} problems', optional: '(optional)', optionalWhy: 'Cannot happen with these settings: connecting it is optional.' },
  id: { start: 'Awal', oneProblem: '{count} masalah', manyProblems: '{count} masalah', optional: '(opsional)', optionalWhy: 'Tidak mungkin terjadi dengan pengaturan ini: menghubungkannya opsional.' },
};

/** A step on the canvas: its input on the left, one handle per outcome on the right. */
export function StepNodeView({ data, selected }: NodeProps<StepNodeType>) {
  const t = useTexts(TEXTS);
  const title = data.label || data.info?.title || data.type;
  const classes = ['step', data.info?.terminal ? `terminal-${data.info.terminal}` : '', data.problems.length ? 'has-problem' : '', selected ? 'selected' : '', data.diff ? `diff-${data.diff}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} data-testid={`step-${title}`} title={data.problems.join('\n')}>
      {!data.isStart && <Handle type="target" position={Position.Left} className="in" />}
      <div className="step-head">
        <span className="step-icon">{data.info?.icon ?? '•'}</span>
        <span className="step-title">{title}</span>
        {data.isStart && <span className="badge start">{t.start}</span>}
      </div>
      <div className="step-type">{data.info?.title ?? data.type}</div>
      {data.problems.length > 0 && <div className="step-problem">⚠ {fill(data.problems.length > 1 ? t.manyProblems : t.oneProblem, { count: data.problems.length })}</div>}
      <div className="outcomes">
        {data.outcomes.map((o) => (
          <div
            key={o.name}
            className={`outcome${data.badOutcomes.includes(o.name) ? ' unwired' : ''}${o.optional ? ' optional' : ''}`}
            data-outcome={o.name}
            title={o.optional ? t.optionalWhy : undefined}
          >
            <span>
              {o.label}
              {o.optional && <small> {t.optional}</small>}
            </span>
            <Handle type="source" position={Position.Right} id={o.name} className={`out${data.badOutcomes.includes(o.name) ? ' handle-problem' : ''}`} />
          </div>
        ))}
      </div>
    </div>
  );
}
