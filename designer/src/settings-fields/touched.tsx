import { createContext, useCallback, useContext, useState, type SyntheticEvent } from 'react';
import { getDefaultRegistry } from '@rjsf/core';
import type { FieldErrorProps } from '@rjsf/utils';

/**
 * Whether the problems of the field with this id are shown. A field says what is wrong with it only
 * once the person changed it or left it (or tried to publish): a question just added does not greet
 * the marketer with "Required." before they typed anything. The panel's summary of problems stays.
 */
export const ProblemsShown = createContext<(fieldId: string) => boolean>(() => true);

export const useProblemsShown = (fieldId: string): boolean => useContext(ProblemsShown)(fieldId);

/** The element's field id: its own, or that of the field it belongs to (a translation box, say). */
function fieldIdOf(target: EventTarget): string | null {
  if (!(target instanceof Element)) return null;
  const owner = target.closest<HTMLElement>('[data-field-id]');
  if (owner?.dataset.fieldId) return owner.dataset.fieldId;
  return target.closest('[id]')?.id || null;
}

/**
 * The fields a person touched in one settings form: give `touch` to the form's wrapper as its change
 * and blur handler (both bubble), and `shown` to `ProblemsShown`. A field's problems show when it or a
 * field inside it was touched (a row's problems once one of its boxes was), or when `all`.
 */
export function useTouchedFields(all: boolean) {
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const touch = useCallback((e: SyntheticEvent) => {
    const id = fieldIdOf(e.target);
    if (id) setTouched((s) => (s.has(id) ? s : new Set(s).add(id)));
  }, []);
  const shown = useCallback(
    (fieldId: string) => {
      if (all || touched.has(fieldId)) return true;
      for (const id of touched) if (id.startsWith(`${fieldId}_`)) return true;
      return false;
    },
    [all, touched],
  );
  return { touch, shown };
}

const DefaultFieldError = getDefaultRegistry().templates.FieldErrorTemplate;

/** rjsf's problems under a field, only once they are to be shown. */
export function FieldErrorTemplate(props: FieldErrorProps) {
  const shown = useProblemsShown(props.fieldPathId.$id);
  return shown ? <DefaultFieldError {...props} /> : null;
}
