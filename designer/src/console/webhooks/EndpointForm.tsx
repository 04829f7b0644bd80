import { useEffect, useId, useState } from 'react';
import { api, formProblems, type SchemaAttribute } from '../../api';
import { fill, useLang, useTexts } from '../i18n';
import { Field, FormFoot } from '../ui';
import { settingsApi, type Purpose } from '../settings/api';
import { webhooksApi, type Endpoint, type EndpointInput, type EventType, type ReleasedAttribute } from './api';
import { EVENT_TYPES, EVENT_WORDS, WEBHOOK_TEXTS } from './texts';

/** The fields of the form a refusal can be about (the body's keys). */
const REFUSABLE = ['url', 'description', 'eventTypes', 'attributes', 'enabled'];

/**
 * An endpoint's settings as a form: the URL, the events as sentences with checkboxes, the details of
 * a person it may receive (picked from the identity schema, each with an optional consent purpose)
 * and whether it is on. `readOnly` shows the same form to those who may not change it, without a save.
 */
export function EndpointForm(props: { endpoint?: Endpoint; readOnly?: boolean; onSaved: (endpoint: Endpoint & { secret?: string }) => void; onCancel: () => void }) {
  const t = useTexts(WEBHOOK_TEXTS);
  const lang = useLang();
  const e = props.endpoint;
  const ro = Boolean(props.readOnly);
  const [url, setUrl] = useState(e?.url ?? '');
  const [description, setDescription] = useState(e?.description ?? '');
  const [eventTypes, setEventTypes] = useState<EventType[]>(e?.eventTypes ?? ['user.created']);
  const [released, setReleased] = useState<ReleasedAttribute[]>(e?.attributes ?? []);
  const [enabled, setEnabled] = useState(e?.enabled ?? true);
  const [schema, setSchema] = useState<SchemaAttribute[]>([]);
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const ids = useId();

  useEffect(() => {
    api.attributes().then(setSchema, (err: Error) => setError(err.message));
    settingsApi.purposes().then(setPurposes, (err: Error) => setError(err.message));
  }, []);

  // The schema's attributes, the email first (always releasable), and any released one the schema no longer declares.
  const names = [...new Set(['email', ...schema.map((a) => a.key), ...released.map((r) => r.name)])];
  const labelOf = (name: string) => {
    // The email is the account's own, not a schema attribute.
    if (name === 'email') return t.email;
    const a = schema.find((s) => s.key === name);
    return a?.label[lang] ?? a?.label.en ?? name;
  };
  const purposeName = (p: Purpose) => p.name[lang] ?? p.name.en ?? p.id;
  const releaseOf = (name: string) => released.find((r) => r.name === name);
  const toggleRelease = (name: string, on: boolean) => setReleased(on ? [...released, { name, purpose: null }] : released.filter((r) => r.name !== name));
  const setPurpose = (name: string, purpose: string) => setReleased(released.map((r) => (r.name === name ? { ...r, purpose: purpose || null } : r)));
  const toggleEvent = (type: EventType, on: boolean) => setEventTypes(on ? EVENT_TYPES.filter((x) => x === type || eventTypes.includes(x)) : eventTypes.filter((x) => x !== type));

  const input: EndpointInput = { url: url.trim(), description: description.trim(), eventTypes, attributes: released, enabled };
  const eventsProblem = refused.eventTypes;
  const attributesProblem = refused.attributes;

  return (
    <form
      className="card"
      noValidate
      onSubmit={async (ev) => {
        ev.preventDefault();
        if (ro) return;
        setSaving(true);
        setError('');
        setRefused({});
        try {
          props.onSaved(e ? await webhooksApi.update(e.id, input) : await webhooksApi.create(input));
        } catch (err) {
          const { fields, other } = formProblems(err, REFUSABLE);
          setRefused(fields);
          setError(other);
        } finally {
          setSaving(false);
        }
      }}
    >
      <Field label={t.url} hint={t.urlHint} problem={refused.url}>
        {(f) => <input id={f.id} type="url" value={url} onChange={(ev) => setUrl(ev.target.value)} readOnly={ro} autoComplete="off" spellCheck={false} aria-describedby={f.describedBy} aria-invalid={f.invalid} />}
      </Field>
      <Field label={t.description} hint={t.descriptionHint} problem={refused.description}>
        {(f) => <input id={f.id} value={description} onChange={(ev) => setDescription(ev.target.value)} readOnly={ro} maxLength={200} autoComplete="off" aria-describedby={f.describedBy} aria-invalid={f.invalid} />}
      </Field>

      <fieldset aria-describedby={`${ids}-events-hint${eventsProblem ? ` ${ids}-events-problem` : ''}`}>
        <legend>{t.events}</legend>
        <p id={`${ids}-events-hint`} className="muted">
          {t.eventsHint}
        </p>
        {EVENT_TYPES.map((type) => {
          const words = EVENT_WORDS[type][lang];
          const id = `${ids}-event-${type}`;
          return (
            <div key={type}>
              <div className="check">
                <input id={id} type="checkbox" checked={eventTypes.includes(type)} onChange={(ev) => toggleEvent(type, ev.target.checked)} disabled={ro} aria-describedby={`${id}-hint`} />
                <label htmlFor={id}>{words.label}</label>
              </div>
              <p id={`${id}-hint`} className="muted choice-hint">
                {words.hint} <code>{type}</code>
              </p>
            </div>
          );
        })}
        {eventsProblem && (
          <small id={`${ids}-events-problem`} className="field-problem" role="alert">
            {eventsProblem}
          </small>
        )}
      </fieldset>

      <fieldset aria-describedby={`${ids}-attributes-hint${attributesProblem ? ` ${ids}-attributes-problem` : ''}`}>
        <legend>{t.attributes}</legend>
        <p id={`${ids}-attributes-hint`} className="muted">
          {t.attributesHint}
        </p>
        {names.map((name) => {
          const release = releaseOf(name);
          const id = `${ids}-attr-${name}`;
          return (
            <div key={name} className="hstack released-attribute">
              <div className="check">
                <input id={id} type="checkbox" checked={Boolean(release)} onChange={(ev) => toggleRelease(name, ev.target.checked)} disabled={ro} />
                <label htmlFor={id}>{fill(t.release, { attribute: labelOf(name) })}</label>
              </div>
              {release && (
                <select aria-label={fill(t.purposeOf, { attribute: labelOf(name) })} value={release.purpose ?? ''} onChange={(ev) => setPurpose(name, ev.target.value)} disabled={ro}>
                  <option value="">{t.always}</option>
                  {purposes.map((p) => (
                    <option key={p.id} value={p.id}>
                      {fill(t.onlyWith, { purpose: purposeName(p) })}
                    </option>
                  ))}
                  {release.purpose && !purposes.some((p) => p.id === release.purpose) && <option value={release.purpose}>{fill(t.onlyWith, { purpose: release.purpose })}</option>}
                </select>
              )}
            </div>
          );
        })}
        {attributesProblem && (
          <small id={`${ids}-attributes-problem`} className="field-problem" role="alert">
            {attributesProblem}
          </small>
        )}
      </fieldset>

      <div className="check">
        <input id={`${ids}-enabled`} type="checkbox" checked={enabled} onChange={(ev) => setEnabled(ev.target.checked)} disabled={ro} aria-describedby={`${ids}-enabled-hint`} />
        <label htmlFor={`${ids}-enabled`}>{t.enabled}</label>
      </div>
      <p id={`${ids}-enabled-hint`} className="muted">
        {t.enabledHint}
      </p>
      {ro ? (
        error && (
          <p className="problem" role="alert">
            {error}
          </p>
        )
      ) : (
        <FormFoot problem={error} busy={saving} submit={e ? t.save : t.create} cancel={t.cancel} onCancel={props.onCancel} />
      )}
    </form>
  );
}
