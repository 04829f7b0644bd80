import { useId } from 'react';
import { ariaDescribedByIds, type FieldProps } from '@rjsf/utils';
import { fill, useTexts } from '../console/i18n';
import { FORM_TEXTS } from './words';
import { languagesOf, storedOf, textsOf } from './localised-text-value';
import { useProblemsShown } from './touched';

/**
 * A text shown to customers in the hosted pages' languages (`localisedTextSchema`: a string, or an
 * object of one text per language). A marketer sees one box for the text and a "Translate"
 * disclosure with a box per other language, never the schema's two shapes: the field stores a
 * string while only the first box is filled, and one text per language as soon as a translation is.
 */
/** The problems of one box, under it (the form's other problems look the same). */
function Problems(props: { id: string; problems: string[] }) {
  if (props.problems.length === 0) return null;
  return (
    <ul id={props.id} className="error-detail">
      {props.problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

export function LocalisedTextField(props: FieldProps) {
  const t = useTexts(FORM_TEXTS);
  const labelId = useId();
  const { schema, fieldPathId, formData, required, disabled, readonly, rawErrors } = props;
  const languages = languagesOf(schema);
  const [first, ...others] = languages;
  const defaultCode = first?.code ?? 'en';
  const texts = textsOf(formData, defaultCode);
  const id = fieldPathId.$id;
  const title = schema.title ?? props.name;
  const shown = useProblemsShown(fieldPathId.$id);
  const invalid = shown && rawErrors && rawErrors.length > 0 ? true : undefined;
  const change = (code: string, text: string) => props.onChange(storedOf({ ...texts, [code]: text }, defaultCode), fieldPathId.path);
  const translated = others.some((l) => texts[l.code]);
  // A translation's own problems (too long…) are the schema's at this field's path plus the language.
  const problemsIn = (code: string) => (!shown ? [] : (props.errorSchema as Record<string, { __errors?: string[] }> | undefined)?.[code]?.__errors ?? []);
  return (
    <div role="group" aria-labelledby={labelId} className="localised-text" data-field-id={id}>
      <label id={labelId} htmlFor={id} className="control-label">
        {title}
        {required && <span className="required">*</span>}
      </label>
      {schema.description && (
        <p id={`${id}__description`} className="field-description">
          {schema.description}
        </p>
      )}
      <input
        id={id}
        className="form-control"
        value={texts[defaultCode] ?? ''}
        required={required && !translated}
        disabled={disabled || readonly}
        aria-invalid={invalid}
        aria-describedby={`${ariaDescribedByIds(id)} ${id}_${defaultCode}__error`}
        onChange={(e) => change(defaultCode, e.target.value)}
      />
      <Problems id={`${id}_${defaultCode}__error`} problems={problemsIn(defaultCode)} />
      {others.length > 0 && (
        <details className="translations" open={translated || undefined}>
          <summary>{t.translate}</summary>
          <p className="field-description">{t.translateHint}</p>
          {others.map((l) => {
            const problems = problemsIn(l.code);
            const problemsId = `${id}_${l.code}__error`;
            return (
              <label key={l.code} className="translation">
                <span>{l.name}</span>
                <input
                  className="form-control"
                  lang={l.code}
                  value={texts[l.code] ?? ''}
                  placeholder={texts[defaultCode] ?? ''}
                  disabled={disabled || readonly}
                  aria-label={fill(t.inLanguage, { field: title, language: l.name })}
                  aria-invalid={problems.length > 0 ? true : undefined}
                  aria-describedby={problems.length > 0 ? problemsId : undefined}
                  onChange={(e) => change(l.code, e.target.value)}
                />
                <Problems id={problemsId} problems={problems} />
              </label>
            );
          })}
        </details>
      )}
    </div>
  );
}
