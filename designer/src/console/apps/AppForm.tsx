import { useEffect, useRef, useState } from 'react';
import { api, formProblems, problemsByField, type FlowSummary } from '../../api';
import { useTexts } from '../i18n';
import { Field, FormFoot } from '../ui';
import { ACR_LEVELS, APP_TYPES, appsApi, type AppInput, type AppType, type AppView, type IdTokenAlg } from './api';
import { APPS_TEXTS } from './texts';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const WITH_REDIRECTS: AppType[] = ['public', 'confidential', 'native'];
/** The fields of the form a refusal can be about (the body's keys). */
const REFUSABLE = ['name', 'type', 'redirectUris', 'postLogoutRedirectUris', 'flowId', 'minAcr', 'idTokenSignedResponseAlg', 'resources'];
/** Fields typed as one item a line: a problem of an item says its line. */
const BY_LINE = ['redirectUris', 'postLogoutRedirectUris', 'resources'];

/** An app's settings as a form, checked by the server as they are typed (the same rules as saving). */
export function AppForm(props: { app?: AppView; onSaved: (app: AppView & { clientSecret?: string }) => void; onCancel: () => void }) {
  const t = useTexts(APPS_TEXTS);
  const a = props.app;
  const [name, setName] = useState(a?.name ?? '');
  const [type, setType] = useState<AppType>(a?.type ?? 'public');
  const [redirects, setRedirects] = useState((a?.redirectUris ?? []).join('\n'));
  const [postLogout, setPostLogout] = useState((a?.postLogoutRedirectUris ?? []).join('\n'));
  const [flowId, setFlowId] = useState(a?.flowId ?? '');
  const [minAcr, setMinAcr] = useState(a?.minAcr ?? '');
  const [accountApi, setAccountApi] = useState(a?.accountApi ?? false);
  const [acceptsRemembered, setAcceptsRemembered] = useState(a?.acceptsRememberedBrowser ?? true);
  const [idTokenAlg, setIdTokenAlg] = useState<IdTokenAlg>(a?.idTokenSignedResponseAlg ?? 'RS256');
  const [resources, setResources] = useState((a?.resources ?? []).map((r) => [r.indicator, ...r.scopes].join(' ')).join('\n'));
  const [journeys, setJourneys] = useState<FlowSummary[]>([]);
  /** What the server's check finds in what is typed, by field (the rest in `other`). */
  const [problems, setProblems] = useState<{ fields: Record<string, string>; other: string[] }>({ fields: {}, other: [] });
  /** What the API refused of the last check or save, by field (the rest in `error`). */
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const refuse = (e: unknown) => {
    const { fields, other } = formProblems(e, REFUSABLE);
    setRefused(fields);
    setError(other);
  };
  // What the check finds is shown for the fields the person changed (all of them once they tried to
  // save, or when editing an app): a new app's empty form is not scolded before anything is typed.
  const values: Record<string, unknown> = { name, type, redirectUris: redirects, postLogoutRedirectUris: postLogout, flowId, minAcr, accountApi, acceptsRememberedBrowser: acceptsRemembered, idTokenSignedResponseAlg: idTokenAlg, resources };
  const initialValues = useRef(values);
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const [triedToSave, setTriedToSave] = useState(false);
  const newlyChanged = Object.keys(values).filter((field) => values[field] !== initialValues.current[field] && !changed.has(field));
  useEffect(() => {
    if (newlyChanged.length) setChanged(new Set([...changed, ...newlyChanged]));
  }, [newlyChanged.join()]);
  const checkShown = (field: string) => Boolean(a) || triedToSave || changed.has(field);
  /** The words under a field: what the check finds there (once shown), else what a save was refused for. */
  const problemOf = (field: string) => (checkShown(field) ? problems.fields[field] : undefined) ?? refused[field];
  const [saving, setSaving] = useState(false);

  const input: AppInput = {
    name: name.trim(),
    type,
    redirectUris: WITH_REDIRECTS.includes(type) ? lines(redirects) : [],
    postLogoutRedirectUris: WITH_REDIRECTS.includes(type) ? lines(postLogout) : [],
    ...(type !== 'machine' && flowId ? { flowId } : {}),
    minAcr: type === 'machine' ? null : minAcr || null,
    acceptsRememberedBrowser: type === 'machine' ? true : acceptsRemembered,
    accountApi: type === 'machine' ? false : accountApi,
    idTokenSignedResponseAlg: idTokenAlg,
    resources: lines(resources).map((l) => {
      const [indicator, ...scopes] = l.split(/\s+/);
      return { indicator, scopes };
    }),
  };
  const key = JSON.stringify(input);

  useEffect(() => {
    api.flows().then((f) => setJourneys(f.filter((j) => j.activeVersion !== null)), (e: Error) => setError(e.message));
  }, []);
  // Checked a moment after the typing stops, with the server's own rules.
  useEffect(() => {
    const timer = setTimeout(() => {
      appsApi.check(input).then((checked) => {
        // A list typed a line each: its items' problems say their line.
        setProblems(problemsByField(checked.invalid, REFUSABLE, { item: (field, i) => (BY_LINE.includes(field) ? `${t.line} ${i + 1}: ` : '') }));
        setRefused({});
        setError('');
      }, refuse);
    }, 300);
    return () => clearTimeout(timer);
  }, [key]);

  const typeLabel: Record<AppType, string> = { public: t.typePublic, confidential: t.typeConfidential, native: t.typeNative, device: t.typeDevice, machine: t.typeMachine };

  return (
    <form
      className="card"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setTriedToSave(true);
        setSaving(true);
        setError('');
        try {
          props.onSaved(a ? await appsApi.update(a.id, input) : await appsApi.create(input));
        } catch (err) {
          refuse(err);
        } finally {
          setSaving(false);
        }
      }}
    >
      <Field label={t.name} problem={problemOf('name')}>
        {(f) => <input id={f.id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} autoComplete="off" aria-describedby={f.describedBy} aria-invalid={f.invalid} />}
      </Field>
      <Field label={t.type} problem={problemOf('type')}>
        {(f) => (
          <select id={f.id} value={type} onChange={(e) => setType(e.target.value as AppType)} disabled={Boolean(a)} aria-describedby={f.describedBy} aria-invalid={f.invalid}>
            {APP_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {typeLabel[ty]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {WITH_REDIRECTS.includes(type) && (
        <>
          <Field label={t.redirectUris} hint={t.redirectHint} problem={problemOf('redirectUris')}>
            {(f) => <textarea id={f.id} rows={3} value={redirects} onChange={(e) => setRedirects(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid} spellCheck={false} />}
          </Field>
          <Field label={t.postLogoutUris} hint={t.postLogoutHint} problem={problemOf('postLogoutRedirectUris')}>
            {(f) => <textarea id={f.id} rows={2} value={postLogout} onChange={(e) => setPostLogout(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid} spellCheck={false} />}
          </Field>
        </>
      )}
      {type !== 'machine' && (
        <>
          <Field label={t.journey} problem={problemOf('flowId')}>
            {(f) => (
              <select id={f.id} value={flowId} onChange={(e) => setFlowId(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid}>
                <option value="">{t.noJourney}</option>
                {journeys.map((j) => (
                  <option key={j.id} value={j.id}>
                    {j.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t.minAcr} problem={problemOf('minAcr')}>
            {(f) => (
              <select id={f.id} value={minAcr} onChange={(e) => setMinAcr(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid}>
                <option value="">{t.minAcrNone}</option>
                {ACR_LEVELS.map((l, i) => (
                  <option key={l} value={l}>
                    {[t.acr1, t.acr2, t.acr3][i]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t.idTokenAlg} hint={t.idTokenAlgHint} problem={problemOf('idTokenSignedResponseAlg')}>
            {(f) => (
              <select id={f.id} value={idTokenAlg} onChange={(e) => setIdTokenAlg(e.target.value as IdTokenAlg)} aria-describedby={f.describedBy} aria-invalid={f.invalid}>
                <option value="RS256">{t.idTokenRs256}</option>
                <option value="ES256">{t.idTokenEs256}</option>
              </select>
            )}
          </Field>
          <div className="check">
            <input
              id="app-accepts-remembered"
              type="checkbox"
              checked={acceptsRemembered}
              onChange={(e) => setAcceptsRemembered(e.target.checked)}
              aria-describedby="app-accepts-remembered-hint"
            />
            <label htmlFor="app-accepts-remembered">{t.acceptsRemembered}</label>
          </div>
          <p id="app-accepts-remembered-hint" className="muted">
            {t.acceptsRememberedHint}
          </p>
          <div className="check">
            <input id="app-account-api" type="checkbox" checked={accountApi} onChange={(e) => setAccountApi(e.target.checked)} aria-describedby="app-account-api-hint" />
            <label htmlFor="app-account-api">{t.accountApi}</label>
          </div>
          <p id="app-account-api-hint" className="muted">
            {t.accountApiHint}
          </p>
        </>
      )}
      {(type === 'machine' || type === 'confidential') && (
        <Field label={t.resources} hint={t.resourcesHint} problem={problemOf('resources')}>
          {(f) => <textarea id={f.id} rows={2} value={resources} onChange={(e) => setResources(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid} spellCheck={false} />}
        </Field>
      )}
      {problems.other.length && (Boolean(a) || triedToSave || changed.size > 0) ? (
        <ul className="problem">
          {problems.other.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <FormFoot problem={error} busy={saving} submit={a ? t.save : t.create} cancel={t.cancel} onCancel={props.onCancel} />
    </form>
  );
}
