import type { NodeProps } from '@xyflow/react';
import { StepNodeView } from '../StepNode';
import type { StepNode } from '../graph';
import { useLang, useTexts } from '../console/i18n';
import { localeOf } from '../../../engine/languages';
import { INSIGHTS_TEXTS } from './texts';
import { percent, type FunnelStepNode } from './funnel-canvas';

/**
 * A step of the funnel: the designer's own step drawing (read-only), with beneath it how many
 * entered, left and dropped, one column per version compared; drop-off coloured by its share.
 */
export function FunnelStepView(props: NodeProps<FunnelStepNode>) {
  const t = useTexts(INSIGHTS_TEXTS);
  const locale = localeOf(useLang());
  const { data } = props;
  const number = (n: number) => n.toLocaleString(locale);
  const seconds = (ms: number) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'narrow', maximumFractionDigits: 1 }).format(ms / 1000);
  const ended = (step: NonNullable<FunnelStepNode['data']['figures'][number]['step']>) =>
    Object.entries(step.ended)
      .filter(([, n]) => n > 0)
      .map(([how, n]) => `${number(n)} ${t[how as 'success' | 'failure' | 'abandoned'] ?? how}`)
      .join(', ');
  const anyEnded = data.figures.some((f) => f.step && ended(f.step));
  const compared = data.figures.length > 1;
  const stepProps = { ...props, type: 'step' } as unknown as NodeProps<StepNode>;

  return (
    <div className={`funnel-step drop-${data.dropLevel}`} role="group" aria-label={data.title}>
      <StepNodeView {...stepProps} />
      {data.largestDrop && <div className="funnel-badge">{t.largestDrop}</div>}
      <table className="funnel-figures">
        {compared && (
          <thead>
            <tr>
              <td />
              {data.figures.map((f) => (
                <th key={f.label} scope="col">
                  {f.label}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          <tr>
            <th scope="row">{t.entered}</th>
            {data.figures.map((f) => (
              <td key={f.label}>{f.step ? number(f.step.entered) : t.notInVersion}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t.left}</th>
            {data.figures.map((f) => (
              <td key={f.label}>{f.step ? number(f.step.left) : '–'}</td>
            ))}
          </tr>
          <tr className="funnel-dropped">
            <th scope="row">{t.dropped}</th>
            {data.figures.map((f) => (
              <td key={f.label}>{f.step ? `${number(f.step.dropped)} (${percent(f.step.dropRate, locale)})` : '–'}</td>
            ))}
          </tr>
          {data.figures.some((f) => f.step?.meanMs != null) && (
            <tr>
              <th scope="row">{t.meanTime}</th>
              {data.figures.map((f) => (
                <td key={f.label}>{f.step?.meanMs != null ? seconds(f.step.meanMs) : '–'}</td>
              ))}
            </tr>
          )}
          {anyEnded && (
            <tr>
              <th scope="row">{t.endedHere}</th>
              {data.figures.map((f) => (
                <td key={f.label}>{f.step ? ended(f.step) || '0' : '–'}</td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
