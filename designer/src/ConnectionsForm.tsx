import type { Edge } from '@xyflow/react';
import type { StepNode } from './graph';
import { fill, useTexts } from './console/i18n';

const TEXTS = {
  en: { legend: 'Where each outcome leads', optional: ' (optional)', notConnected: 'Not connected', thisStepAgain: '{step} (this step again)' },
  id: { legend: 'Ke mana setiap hasil mengarah', optional: ' (opsional)', notConnected: 'Tidak terhubung', thisStepAgain: '{step} (langkah ini lagi)' },
};

/**
 * Where each outcome of the selected step leads, as one labelled choice per outcome: connecting steps
 * from the keyboard (or a screen reader) without dragging between handles.
 */
export function ConnectionsForm(props: {
  /** The step shown: its id and what it carries (not where it is, which changes at every frame of a drag). */
  node: Pick<StepNode, 'id' | 'data'>;
  steps: Array<{ id: string; name: string }>;
  edges: Edge[];
  onConnect: (outcome: string, target: string | null) => void;
}) {
  const t = useTexts(TEXTS);
  const { node } = props;
  if (node.data.info?.terminal || node.data.outcomes.length === 0) return null;
  return (
    <fieldset className="connections">
      <legend>{t.legend}</legend>
      {node.data.outcomes.map((o) => {
        const current = props.edges.find((e) => e.source === node.id && e.sourceHandle === o.name)?.target ?? '';
        return (
          <label key={o.name} className="field">
            <span>
              {o.label}
              {o.optional ? t.optional : ''}
            </span>
            <select value={current} onChange={(e) => props.onConnect(o.name, e.target.value || null)}>
              <option value="">{t.notConnected}</option>
              {props.steps.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id === node.id ? fill(t.thisStepAgain, { step: s.name }) : s.name}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
