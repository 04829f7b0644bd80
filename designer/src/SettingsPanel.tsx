import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type { StepNode } from './graph';
import { fields, settingsProblems, settingsUiSchema, templates, widgets } from './forms';
import { settingsValidatorFor } from './settings-validators';
import { settingsErrorsInWords } from './settings-errors';
import { uncheckedHere, useServerSettingsCheck } from './server-settings-check';
import { fill, useLang, useTexts } from './console/i18n';
import { ProblemsShown, useTouchedFields } from './settings-fields/touched';

const TEXTS = {
  en: { needs: 'Needs from the steps before it: {needs}.', name: 'Name on the canvas', preview: 'Preview page', makeStart: 'Make this the start' },
  id: { needs: 'Memerlukan dari langkah sebelumnya: {needs}.', name: 'Nama di kanvas', preview: 'Pratinjau halaman', makeStart: 'Jadikan ini awal' },
};

/**
 * The settings form of the selected step, generated from its type's JSON Schema. Labels come from the
 * schema titles, so people configure steps in plain words and never see JSON.
 */
export function SettingsPanel(props: {
  /** The step shown: its id and what it carries (not where it is, which changes at every frame of a drag). */
  node: Pick<StepNode, 'id' | 'data'>;
  onChange: (settings: Record<string, unknown>, label: string | undefined) => void;
  onPreview: () => void;
  onMakeStart: () => void;
  /** Where each outcome leads, chosen without a mouse. */
  connections?: React.ReactNode;
  /** Every field's problems at once (a publish was tried), not only those of the fields touched. */
  showAllProblems?: boolean;
}) {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const touched = useTouchedFields(Boolean(props.showAllProblems));
  const { node } = props;
  const info = node.data.info;
  const validator = info ? settingsValidatorFor(node.data.type, info.settingsSchema as RJSFSchema) : undefined;
  // A step type newer than this console's build has no validator here: the server checks its form.
  const checkedByServer = useServerSettingsCheck(node.data.type, node.data.settings, Boolean(info) && !validator);
  if (!info) return <div className="panel">Unknown step type “{node.data.type}”.</div>;
  const uiSchema: UiSchema = settingsUiSchema(info.settingsSchema as RJSFSchema);
  return (
    <div className="panel settings">
      <h2>{info.title}</h2>
      <p className="muted">{info.description}</p>
      {info.needs.length > 0 && (
        <p className="muted" data-testid="step-needs">
          {fill(t.needs, { needs: info.needs.join(', ') })}
        </p>
      )}
      <label className="field">
        <span>{t.name}</span>
        <input
          value={node.data.label ?? ''}
          placeholder={info.title}
          onChange={(e) => props.onChange(node.data.settings, e.target.value || undefined)}
          data-testid="step-label"
        />
      </label>
      {node.data.problems.length > 0 && (
        <ul className="problems-inline">
          {node.data.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div onChange={touched.touch} onBlur={touched.touch}>
        <ProblemsShown.Provider value={touched.shown}>
          <Form
            schema={info.settingsSchema as RJSFSchema}
            uiSchema={uiSchema}
            formData={node.data.settings}
            validator={validator ?? uncheckedHere}
            extraErrors={checkedByServer}
            transformErrors={settingsProblems(info.settingsSchema as RJSFSchema, settingsErrorsInWords(info.settingsSchema as Record<string, unknown>, lang))}
            widgets={widgets}
            fields={fields}
            templates={templates}
            liveValidate
            showErrorList={false}
            onChange={(e) => props.onChange((e.formData ?? {}) as Record<string, unknown>, node.data.label)}
          />
        </ProblemsShown.Provider>
      </div>
      {props.connections}
      <div className="hstack">
        {!info.terminal || info.terminal === 'failure' ? (
          <button type="button" onClick={props.onPreview} data-testid="preview">
            {t.preview}
          </button>
        ) : null}
        {!node.data.isStart && (
          <button type="button" onClick={props.onMakeStart}>
            {t.makeStart}
          </button>
        )}
      </div>
    </div>
  );
}
