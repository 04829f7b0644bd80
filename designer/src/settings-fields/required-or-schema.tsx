import { ariaDescribedByIds, type FieldProps } from '@rjsf/utils';
import { useTexts } from '../console/i18n';
import { FORM_TEXTS } from './words';

/**
 * Whether a question must be answered, with a way back to "as the identity schema says": a yes/no
 * setting that may also be left unset. A checkbox cannot go back to unset once ticked, so this is a
 * choice of three; unset stores nothing (the schema decides), the others store true or false.
 */
export function RequiredOrSchemaField(props: FieldProps) {
  const t = useTexts(FORM_TEXTS);
  const { schema, fieldPathId, formData, disabled, readonly } = props;
  const id = fieldPathId.$id;
  const chosen = formData === true ? 'required' : formData === false ? 'optional' : 'schema';
  return (
    <div className="form-group field">
      <label htmlFor={id} className="control-label">
        {schema.title ?? props.name}
      </label>
      <select
        id={id}
        className="form-control"
        value={chosen}
        disabled={disabled || readonly}
        aria-describedby={schema.description ? ariaDescribedByIds(id) : undefined}
        onChange={(e) => props.onChange(e.target.value === 'required' ? true : e.target.value === 'optional' ? false : undefined, fieldPathId.path)}
      >
        <option value="schema">{t.followSchema}</option>
        <option value="required">{t.required}</option>
        <option value="optional">{t.optional}</option>
      </select>
      {schema.description && (
        <p id={`${id}__description`} className="field-description">
          {schema.description}
        </p>
      )}
    </div>
  );
}
