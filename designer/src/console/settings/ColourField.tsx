import { Field } from '../ui';

/** What the hosted pages accept as a colour: #rgb or #rrggbb (the server's rule, `OPAQUE_COLOR`). */
const COLOUR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** True when the text is empty (the default shows) or a colour the pages accept. */
export const isColourOrEmpty = (text: string) => text.trim() === '' || COLOUR.test(text.trim());

/** #rgb as #rrggbb, lower case: the only form a colour picker takes. */
const sixDigits = (colour: string) => {
  const hex = colour.trim().slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((d) => d + d).join('') : hex}`;
};

/**
 * A colour as a person sets it: a colour picker beside the text box, both labelled and kept in step.
 * The box may stay empty (the `fallback` applies; the picker then shows it), and text that is not a
 * colour is refused right there (`invalidText`), before anything is sent.
 */
export function ColourField(props: {
  label: string;
  pickerLabel: string;
  value: string;
  /** The colour an empty box means (the default, or what the theme below gives). */
  fallback: string;
  hint?: string;
  /** A problem from the server (contrast, validation); a text that is not a colour is told before it. */
  problem?: string | null;
  invalidText: string;
  readOnly: boolean;
  onChange: (value: string) => void;
}) {
  const problem = isColourOrEmpty(props.value) ? (props.problem ?? null) : props.invalidText;
  const shown = props.value.trim() && COLOUR.test(props.value.trim()) ? props.value : props.fallback;
  return (
    <Field label={props.label} hint={props.hint} problem={problem}>
      {({ id, describedBy, invalid }) => (
        <div className="colour-row">
          <input
            type="color"
            aria-label={props.pickerLabel}
            value={COLOUR.test(shown.trim()) ? sixDigits(shown) : '#000000'}
            onChange={(e) => props.onChange(e.target.value)}
            disabled={props.readOnly}
          />
          <input
            id={id}
            type="text"
            value={props.value}
            placeholder={props.fallback}
            onChange={(e) => props.onChange(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            readOnly={props.readOnly}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
      )}
    </Field>
  );
}
