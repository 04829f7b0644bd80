import { useEffect, useState } from 'react';
import { CONSOLE_LANGUAGES, fill, languageName, useLang, useTexts, type Lang } from '../i18n';
import { FACTOR_WORDS } from '../../../../engine/admin/audit-words';
import { useCan } from '../me';
import { hrefOf, navigate } from '../route';
import { Confirm, DataTable, Field, ListTitle, messageOf, useAction } from '../ui';
import { RiskDecisions, type RiskRow } from '../protection/RiskDecisions';
import { ActorCell, eventName } from '../audit/event-words';
import { formProblems, type FormProblems } from '../../api';
import { usersApi, type ImportSummary, type AuditEvent, type ConsentDecision, type SignInView, type UserView } from './api';
import { USERS_TEXTS } from './texts';

const PROFILE_FIELDS = ['given_name', 'family_name', 'phone_number', 'birthdate'] as const;
type UsersTexts = (typeof USERS_TEXTS)['en'];
/**
 * A second factor's kind in the console's words (the audit log's, capitalised as a list item starts), a
 * remembered browser with what it means; a kind without words is shown as it is stored.
 */
const factorName = (type: string, lang: Lang, t: UsersTexts): string => {
  const words = FACTOR_WORDS[type]?.[lang];
  if (!words) return type;
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}${type === 'remembered-browser' ? t.rememberedBrowserNote : ''}`;
};
/** The language Gerbang speaks to the person in, named in the console's. */
const languageOf = (u: UserView, t: UsersTexts): string => (u.language ? fill(t.speaks, { language: languageName(u.language) }) : t.languageUnknown);
const nameOf = (u: UserView) => [u.attributes.given_name, u.attributes.family_name].filter((v) => typeof v === 'string' && v).join(' ');

/** The Users section: search (`#/users`, `#/users?q=` kept in the form) and one user (`#/users/<id>`). */
export function UsersSection(props: { rest: string[] }) {
  const [id] = props.rest;
  return id ? <UserPage key={id} id={id} /> : <UserSearch />;
}

/** A `risk.assessed` audit event as a row of the risk decisions. */
const riskRowOf = (e: AuditEvent): RiskRow => ({
  id: e.id,
  at: e.at,
  ip: e.ip,
  level: String(e.details.level ?? ''),
  score: Number(e.details.score ?? 0),
  reasons: Array.isArray(e.details.reasons) ? e.details.reasons.map(String) : [],
});

function useDate() {
  const lang = useLang();
  return (iso: string) => new Date(iso).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function UserSearch() {
  const t = useTexts(USERS_TEXTS);
  const date = useDate();
  const [q, setQ] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const [result, setResult] = useState<{ users: UserView[]; next: string | null } | null>(null);
  const [error, setError] = useState('');
  const load = (text: string, after?: string) =>
    usersApi.search(text, after).then(
      (r) => (setResult(r), setError('')),
      (e: unknown) => setError(messageOf(e)),
    );
  useEffect(() => {
    void load('');
  }, []);
  const status = (u: UserView) => (u.blocked ? t.blocked : u.lockedUntil ? t.locked : t.active);
  const canWrite = useCan('users:write');
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [added, setAdded] = useState('');
  return (
    <section>
      <ListTitle
        title={t.title}
        create={canWrite && { label: t.addPerson, open: adding, onToggle: () => (setAdding(!adding), setImporting(false), setAdded('')), controls: 'add-person' }}
        more={
          canWrite && (
            <button type="button" aria-expanded={importing} aria-controls={importing ? 'import-people' : undefined} onClick={() => (setImporting(!importing), setAdding(false), setAdded(''))}>
              {t.importPeople}
            </button>
          )
        }
      />
      {importing && <ImportPeople onImported={() => void load(q.trim())} />}
      <div aria-live="polite">{added && <p className="success-note">{added}</p>}</div>
      {adding && (
        <AddPersonForm
          onAdded={(u) => {
            setAdding(false);
            setAdded(fill(t.added, { email: u.email }));
            void load(q.trim());
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <form
        role="search"
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([]);
          void load(q.trim());
        }}
      >
        <Field label={t.searchLabel}>{(f) => <input id={f.id} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}</Field>
        <button type="submit" className="primary">
          {t.search}
        </button>
      </form>
      {error && <p role="alert" className="problem">{error}</p>}
      <DataTable
        rows={result?.users}
        rowKey={(u) => u.id}
        loading={t.loading}
        empty={t.noneFound}
        columns={[
          { header: t.email, cell: (u) => <a href={hrefOf('users', u.id)}>{u.email}</a> },
          { header: t.name, cell: (u) => nameOf(u) },
          { header: t.status, cell: (u) => status(u) },
          { header: t.created, cell: (u) => date(u.createdAt) },
        ]}
      />
      <div className="pager">
        {pages.length > 0 && (
          <button type="button" onClick={() => (setPages([]), void load(q.trim()))}>
            {t.firstPage}
          </button>
        )}
        {result?.next && (
          <button type="button" onClick={() => (setPages([...pages, result.next!]), void load(q.trim(), result.next!))}>
            {t.nextPage}
          </button>
        )}
      </div>
    </section>
  );
}

/** Imports people from a file and shows what became of each line. */
function ImportPeople(props: { onImported: () => void }) {
  const t = useTexts(USERS_TEXTS);
  const lang = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [sendLinks, setSendLinks] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const resultWords = { created: t.created_, skipped: t.skipped_, refused: t.refused_ };
  return (
    <>
      <form
        id="import-people"
        aria-label={t.importPeople}
        className="card"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setProblem('');
          setSummary(null);
          setBusy(true);
          try {
            setSummary(await usersApi.importPeople(await file.text(), sendLinks, lang));
            props.onImported();
          } catch (err) {
            setProblem(messageOf(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h2>{t.importPeople}</h2>
        <Field label={t.importFile} hint={t.importHint}>
          {(f) => <input id={f.id} type="file" accept=".jsonl,.ndjson,.json,application/json,application/x-ndjson" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-describedby={f.describedBy} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={sendLinks} onChange={(e) => setSendLinks(e.target.checked)} /> {t.importSendLinks}
        </label>
        {problem && <p role="alert" className="problem">{problem}</p>}
        <div className="hstack">
          <button type="submit" className="primary" disabled={busy || !file}>
            {busy ? t.importing : t.importNow}
          </button>
        </div>
      </form>
      {summary && (
        <section className="card" aria-label={t.importResult}>
          <h2>{t.importResult}</h2>
          <p role="status">{fill(t.importSummary, { created: summary.created, skipped: summary.skipped, refused: summary.refused })}</p>
          <DataTable
            label={t.importResult}
            rows={summary.lines}
            rowKey={(l) => String(l.line)}
            loading={t.loading}
            columns={[
              { header: t.line, cell: (l) => l.line },
              { header: t.email, cell: (l) => (l.result === 'created' && l.id ? <a href={hrefOf('users', l.id)}>{l.email}</a> : (l.email ?? '')) },
              { header: t.result, cell: (l) => resultWords[l.result] },
              {
                header: t.why,
                cell: (l) => (l.result === 'created' ? [l.password ? t.passwordImported : '', l.linkSent ? t.linkMailed : ''].filter(Boolean).join(', ') : (l.reason ?? '')),
              },
            ]}
          />
        </section>
      )}
    </>
  );
}

const NEW_PERSON_FIELDS = ['given_name', 'family_name'] as const;

/** Adds one person: their email and name; Gerbang mails them a link to choose their password. */
function AddPersonForm(props: { onAdded: (user: UserView) => void; onCancel: () => void }) {
  const t = useTexts(USERS_TEXTS);
  const lang = useLang();
  const [email, setEmail] = useState('');
  const [names, setNames] = useState<Record<string, string>>({ given_name: '', family_name: '' });
  const [verified, setVerified] = useState(false);
  const [mailLang, setMailLang] = useState<string>(lang);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FormProblems>({ fields: {}, other: '' });
  const problemOf = (field: string) => problems.fields[field] ?? null;
  return (
    <form
      id="add-person"
      aria-label={t.addPerson}
      className="card"
      onSubmit={async (e) => {
        e.preventDefault();
        setProblems({ fields: {}, other: '' });
        setBusy(true);
        try {
          const attributes = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim() !== ''));
          props.onAdded(await usersApi.add({ email: email.trim(), attributes, emailVerified: verified, lang: mailLang }));
        } catch (err) {
          setProblems(formProblems(err, ['email', ...NEW_PERSON_FIELDS.map((name) => `attributes.${name}`)]));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2>{t.addPerson}</h2>
      <Field label={t.personEmail} problem={problemOf('email')}>
        {(f) => <input id={f.id} type="email" autoComplete="off" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid} autoFocus />}
      </Field>
      {NEW_PERSON_FIELDS.map((name) => (
        <Field key={name} label={t[name]} problem={problemOf(`attributes.${name}`)}>
          {(f) => <input id={f.id} value={names[name]} onChange={(e) => setNames({ ...names, [name]: e.target.value })} aria-describedby={f.describedBy} aria-invalid={f.invalid} />}
        </Field>
      ))}
      <label className="check">
        <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} /> {t.emailVerifiedAlready}
      </label>
      <Field label={t.mailLanguage}>
        {(f) => (
          <select id={f.id} value={mailLang} onChange={(e) => setMailLang(e.target.value)}>
            {CONSOLE_LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {problems.other && <p role="alert" className="problem">{problems.other}</p>}
      <div className="hstack">
        <button type="submit" className="primary" disabled={busy}>
          {t.addNow}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

function UserPage(props: { id: string }) {
  const t = useTexts(USERS_TEXTS);
  const lang = useLang();
  const date = useDate();
  const canWrite = useCan('users:write');
  const [user, setUser] = useState<UserView | null>(null);
  const [signIn, setSignIn] = useState<SignInView | null>(null);
  const [consents, setConsents] = useState<{ current: ConsentDecision[]; history: ConsentDecision[] } | null>(null);
  const [audit, setAudit] = useState<AuditEvent[]>([]);
  const [risk, setRisk] = useState<AuditEvent[] | null>(null);
  const [version, setVersion] = useState(0);
  const { act, problem: error, status: note, setProblem: setError } = useAction(() => setVersion((v) => v + 1));
  const [gone, setGone] = useState(false);

  useEffect(() => {
    Promise.all([usersApi.get(props.id), usersApi.signIn(props.id), usersApi.consents(props.id), usersApi.audit(props.id), usersApi.audit(props.id, 'risk.assessed')]).then(
      ([u, s, c, a, r]) => (setUser(u), setSignIn(s), setConsents(c), setAudit(a), setRisk(r)),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [props.id, version]);

  if (gone) return <p role="status">{t.deleted}</p>;
  if (error && !user) return <p role="alert" className="problem">{error}</p>;
  if (!user || !signIn || !consents) return <p>{t.loading}</p>;
  return (
    <section>
      <p>
        <a href={hrefOf('users')}>← {t.back}</a>
      </p>
      <h1>{user.email}</h1>
      <p className="muted">
        {user.id}
        {user.emailVerified ? '' : ` · ${t.unverified}`}
        {` · ${languageOf(user, t)}`}
      </p>
      {user.blocked && <p className="notice">{t.blockedNote}</p>}
      {user.lockedUntil && (
        <p className="notice">
          {t.locked} → {date(user.lockedUntil)}
        </p>
      )}
      <div aria-live="polite">{note && <p className="success-note">{note}</p>}</div>
      {error && <p role="alert" className="problem">{error}</p>}

      {canWrite && <UserActions user={user} act={act} onDeleted={() => (setGone(true), navigate('users'))} />}

      <ProfileCard key={`${user.id}-${version}`} user={user} canWrite={canWrite} onSaved={() => act(async () => undefined, t.saved)} />

      <div className="card">
        <h2>{t.signIn}</h2>
        <p>{signIn.password ? t.hasPassword : t.noPassword}</p>
        <h3>{t.factors}</h3>
        {signIn.factors.length ? (
          <ul>
            {signIn.factors.map((f) => (
              <li key={f.id}>
                {factorName(f.type, lang, t)}
                {f.name && f.name !== factorName(f.type, lang, t) ? ` (${f.name})` : ''} · {date(f.createdAt)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noFactors}</p>
        )}
        <h3>{t.identities}</h3>
        {signIn.identities.length ? (
          <ul>
            {signIn.identities.map((i) => (
              <li key={`${i.provider}-${i.linkedAt}`}>
                {i.provider}
                {i.email ? ` · ${i.email}` : ''} · {date(i.linkedAt)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noIdentities}</p>
        )}
      </div>

      <div className="card">
        <h2>{t.sessions}</h2>
        {signIn.sessions.length ? (
          <ul>
            {signIn.sessions.map((s) => (
              <li key={s.createdAt + (s.ip ?? '')}>
                {date(s.createdAt)} ·{' '}
                <span title={s.userAgent ?? undefined}>{fill(t.browserOn, { browser: s.browser ?? t.someBrowser, os: s.os ?? t.someSystem })}</span> · {s.ip ?? '?'} · {t.lastSeen}{' '}
                {date(s.lastSeenAt)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noSessions}</p>
        )}
        {canWrite && signIn.sessions.length > 0 && (
          <button type="button" onClick={() => act(() => usersApi.endSessions(user.id), (r) => `${t.sessionsEnded}: ${r.ended}`)}>
            {t.endSessions}
          </button>
        )}
      </div>

      <div className="card">
        <h2>{t.consents}</h2>
        {consents.current.length ? (
          <ul>
            {consents.current.map((c) => (
              <li key={c.purposeId}>
                {c.purposeId} v{c.version}: {c.granted ? t.granted : t.refused} · {date(c.at)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noConsents}</p>
        )}
        {consents.history.length > 0 && (
          <>
            <h3>{t.history}</h3>
            <ul>
              {consents.history.map((c, i) => (
                <li key={i}>
                  {date(c.at)} · {c.purposeId} v{c.version}: {c.granted ? t.granted : t.refused} ({c.channel})
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      <div className="card">
        <h2>{t.risk}</h2>
        <RiskDecisions rows={risk && risk.map(riskRowOf)} withAccount={false} label={t.risk} />
      </div>

      <div className="card">
        <h2>{t.audit}</h2>
        {audit.length ? (
          <ul>
            {audit.map((e) => (
              <li key={e.id}>
                {date(e.at)} · {eventName(e.type, lang)}
                {e.actor && e.by.kind !== 'self' ? (
                  <>
                    {' · '}
                    {t.by} <ActorCell event={e} />
                  </>
                ) : null}
                {typeof e.details.reason === 'string' ? ` · “${e.details.reason}”` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noAudit}</p>
        )}
      </div>
    </section>
  );
}

function ProfileCard(props: { user: UserView; canWrite: boolean; onSaved: () => void }) {
  const t = useTexts(USERS_TEXTS);
  const initial = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, typeof props.user.attributes[f] === 'string' ? String(props.user.attributes[f]) : '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null);
  return (
    <form
      className="card"
      onSubmit={async (e) => {
        e.preventDefault();
        setProblem(null);
        try {
          await usersApi.saveProfile(props.user.id, values);
          props.onSaved();
        } catch (err) {
          const body = (err as { body?: { field?: string } }).body;
          setProblem({ field: body?.field, message: messageOf(err) });
        }
      }}
    >
      <h2>{t.profile}</h2>
      {PROFILE_FIELDS.map((f) => (
        <Field key={f} label={t[f]} problem={problem?.field === f ? problem.message : null}>
          {(ids) => (
            <input
              id={ids.id}
              type={f === 'birthdate' ? 'date' : f === 'phone_number' ? 'tel' : 'text'}
              value={values[f]}
              readOnly={!props.canWrite}
              onChange={(e) => setValues({ ...values, [f]: e.target.value })}
              aria-describedby={ids.describedBy}
              aria-invalid={ids.invalid}
            />
          )}
        </Field>
      ))}
      {problem && !problem.field && <p role="alert" className="problem">{problem.message}</p>}
      {props.canWrite && (
        <button type="submit" className="primary">
          {t.saveProfile}
        </button>
      )}
    </form>
  );
}

function UserActions(props: { user: UserView; act: (what: () => Promise<unknown>, done: string) => Promise<void>; onDeleted: () => void }) {
  const t = useTexts(USERS_TEXTS);
  const lang = useLang();
  const { user, act } = props;
  const [open, setOpen] = useState<'block' | 'reset' | 'delete' | null>(null);
  const [reason, setReason] = useState('');
  const close = () => (setOpen(null), setReason(''));
  const download = async () => {
    const data = await usersApi.exportData(user.id);
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `user-${user.id}.json` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="card">
      <h2>{t.actions}</h2>
      <div className="hstack" style={{ flexWrap: 'wrap' }}>
        {user.lockedUntil && (
          <button type="button" onClick={() => act(() => usersApi.unlock(user.id), t.unlocked)}>
            {t.unlock}
          </button>
        )}
        {user.blocked ? (
          <button type="button" onClick={() => act(() => usersApi.unblock(user.id), t.active)}>
            {t.unblock}
          </button>
        ) : (
          <button type="button" onClick={() => setOpen('block')}>
            {t.block}
          </button>
        )}
        <button type="button" onClick={() => setOpen('reset')}>
          {t.resetFactors}
        </button>
        {!user.blocked && (
          <button type="button" onClick={() => act(() => usersApi.sendPasswordLink(user.id, lang), t.passwordLinkSent)}>
            {t.sendPasswordLink}
          </button>
        )}
        {!user.emailVerified && (
          <button type="button" onClick={() => act(() => usersApi.resendVerification(user.id), t.verificationSent)}>
            {t.resendVerification}
          </button>
        )}
        <button type="button" onClick={() => act(download, t.exported)}>
          {t.exportData}
        </button>
        <button type="button" className="danger" onClick={() => setOpen('delete')}>
          {t.deleteUser}
        </button>
      </div>
      {open === 'block' && (
        <form
          className="confirm"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => usersApi.block(user.id, reason.trim()), t.blockedNote).then(close);
          }}
        >
          <Field label={t.blockReason}>{(f) => <input id={f.id} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} />}</Field>
          <div className="hstack">
            <button type="submit" className="danger">
              {t.blockNow}
            </button>
            <button type="button" onClick={close}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
      {open === 'reset' && <Confirm question={t.resetQuestion} confirm={t.resetNow} cancel={t.cancel} onCancel={close} onConfirm={() => void act(() => usersApi.resetFactors(user.id), t.resetDone).then(close)} />}
      {open === 'delete' && (
        <form
          className="confirm"
          onSubmit={(e) => {
            e.preventDefault();
            void usersApi.remove(user.id, reason.trim()).then(props.onDeleted, (err: unknown) => act(() => Promise.reject(err), ''));
          }}
        >
          <p>{t.deleteQuestion}</p>
          <Field label={t.deleteReason}>{(f) => <input id={f.id} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} />}</Field>
          <div className="hstack">
            <button type="submit" className="danger">
              {t.deleteNow}
            </button>
            <button type="button" onClick={close}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
