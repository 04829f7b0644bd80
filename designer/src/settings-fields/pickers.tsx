import { useEffect, useState } from 'react';
import type { WidgetProps } from '@rjsf/utils';
import { api } from '../api';
import { fill, useLang, useTexts, type Lang } from '../console/i18n';
import { FORM_TEXTS } from './words';
import type { Choice } from './choice';
import { useProblemsShown } from './touched';

/**
 * Pickers for things that exist elsewhere (a setting whose schema says `x-picker`): a select of the
 * existing things of one kind instead of a box to type an id in.
 */

const labelOf = (c: Choice) => (c.detail ? `${c.name} (${c.detail})` : c.name);
const inLang = (texts: Record<string, string> | undefined, lang: Lang) => texts?.[lang] ?? texts?.en;

/** Where each kind of picker finds its choices, named in the console's language. */
const sources: Record<string, (lang: Lang) => Promise<Choice[]>> = {
  attribute: async (lang) => (await api.attributes()).map((a) => ({ value: a.key, name: inLang(a.label, lang) ?? a.key, detail: a.key })),
  'consent-purpose': async (lang) => (await api.consentPurposes()).map((p) => ({ value: p.id, name: inLang(p.name, lang) ?? p.id })),
  'social-connection': async () => (await api.socialConnections()).map((c) => (c.label ? { value: c.name, name: c.label, detail: c.name } : { value: c.name, name: c.name })),
  journey: async () => (await api.flows()).map((f) => ({ value: f.id, name: f.name })),
};
const cache = new Map<string, Promise<Choice[]>>();

/** The choices of one kind (read once per page and language). */
export function choicesOf(kind: string, lang: Lang): Promise<Choice[]> {
  const key = `${kind}\n${lang}`;
  if (!cache.has(key)) cache.set(key, (sources[kind] ?? (async () => []))(lang).catch(() => []));
  return cache.get(key)!;
}

/** The choices of several kinds, by kind, once loaded. */
export function useChoices(kinds: string[]): Map<string, Choice[]> {
  const lang = useLang();
  const [loaded, setLoaded] = useState(new Map<string, Choice[]>());
  const key = [...new Set(kinds)].sort().join('\n');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split('\n') : [];
    void Promise.all(wanted.map(async (k) => [k, await choicesOf(k, lang)] as const)).then((all) => live && setLoaded(new Map(all)));
    return () => {
      live = false;
    };
  }, [key, lang]);
  return loaded;
}

/** A select of the existing things of one kind; a value that no longer exists stays visible as such. */
export function Picker(props: WidgetProps & { kind: string }) {
  const t = useTexts(FORM_TEXTS);
  const choices = useChoices([props.kind]).get(props.kind) ?? null;
  const value = typeof props.value === 'string' ? props.value : '';
  const known = choices?.some((c) => c.value === value) ?? true;
  const shown = useProblemsShown(props.id);
  return (
    <select
      id={props.id}
      value={value}
      required={props.required}
      disabled={props.disabled || props.readonly}
      aria-label={props.label || undefined}
      aria-invalid={shown && props.rawErrors?.length ? true : undefined}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={() => props.onBlur(props.id, value)}
      onFocus={() => props.onFocus(props.id, value)}
    >
      <option value="">{choices ? t.choose : t.loading}</option>
      {!known && value && <option value={value}>{fill(t.missing, { value })}</option>}
      {(choices ?? []).map((c) => (
        <option key={c.value} value={c.value}>
          {labelOf(c)}
        </option>
      ))}
    </select>
  );
}
