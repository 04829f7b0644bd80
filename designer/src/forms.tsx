import { useEffect, useState } from 'react';
import { getDefaultRegistry } from '@rjsf/core';
import type { IconButtonProps, TemplatesType, WidgetProps, RegistryWidgetsType } from '@rjsf/utils';
import { api } from './api';

/**
 * What the settings forms are made of beyond rjsf's defaults: buttons that say what they do ("Add",
 * "Remove", "Move up"...) instead of blank icons, and pickers for things that exist elsewhere (a
 * setting whose schema says `x-picker`) instead of a box to type an id in.
 */
const defaults = getDefaultRegistry();
const DefaultText = defaults.widgets.TextWidget;

type Choice = { value: string; label: string };

/** Where each kind of picker finds its choices (read once per page). */
const sources: Record<string, () => Promise<Choice[]>> = {
  attribute: async () => (await api.attributes()).map((a) => ({ value: a.key, label: `${a.label.en ?? a.key} (${a.key})` })),
  'consent-purpose': async () => (await api.consentPurposes()).map((p) => ({ value: p.id, label: p.name.en ?? p.id })),
  'social-connection': async () => (await api.socialConnections()).map((c) => ({ value: c.name, label: c.label ? `${c.label} (${c.name})` : c.name })),
  journey: async () => (await api.flows()).map((f) => ({ value: f.id, label: f.name })),
};
const cache = new Map<string, Promise<Choice[]>>();
function choicesOf(kind: string): Promise<Choice[]> {
  if (!cache.has(kind)) cache.set(kind, (sources[kind] ?? (async () => []))().catch(() => []));
  return cache.get(kind)!;
}

/** A select of the existing things of one kind; a value that no longer exists stays visible as such. */
function Picker(props: WidgetProps & { kind: string }) {
  const [choices, setChoices] = useState<Choice[] | null>(null);
  useEffect(() => {
    let live = true;
    void choicesOf(props.kind).then((c) => live && setChoices(c));
    return () => {
      live = false;
    };
  }, [props.kind]);
  const value = typeof props.value === 'string' ? props.value : '';
  const known = choices?.some((c) => c.value === value) ?? true;
  return (
    <select
      id={props.id}
      value={value}
      required={props.required}
      disabled={props.disabled || props.readonly}
      aria-label={props.label || undefined}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={() => props.onBlur(props.id, value)}
      onFocus={() => props.onFocus(props.id, value)}
    >
      <option value="">{choices ? 'Choose…' : 'Loading…'}</option>
      {!known && value && <option value={value}>{value} (does not exist)</option>}
      {(choices ?? []).map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** Text settings become a picker when their schema names one. */
function TextOrPicker(props: WidgetProps) {
  const kind = (props.schema as Record<string, unknown>)['x-picker'];
  if (typeof kind === 'string') return <Picker {...props} kind={kind} />;
  return <DefaultText {...props} />;
}

export const widgets: RegistryWidgetsType = { TextWidget: TextOrPicker };

function TextButton(props: IconButtonProps & { text: string }) {
  const { text, iconType, icon, className, uiSchema, registry, ...rest } = props;
  void iconType;
  void icon;
  void uiSchema;
  void registry;
  return (
    <button type="button" className={`text-button ${className ?? ''}`} {...rest}>
      {text}
    </button>
  );
}

export const templates: Partial<TemplatesType> = {
  ButtonTemplates: {
    ...defaults.templates.ButtonTemplates,
    AddButton: (p) => <TextButton {...(p as IconButtonProps)} text="Add" title={undefined} />,
    RemoveButton: (p) => <TextButton {...p} text="Remove" title={undefined} />,
    MoveUpButton: (p) => <TextButton {...p} text="Move up" title={undefined} />,
    MoveDownButton: (p) => <TextButton {...p} text="Move down" title={undefined} />,
    CopyButton: (p) => <TextButton {...p} text="Copy" title={undefined} />,
  },
};
