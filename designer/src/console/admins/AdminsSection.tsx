import { useEffect, useState } from 'react';
import { call, formProblems } from '../../api';
import { useLang, useTexts, type Texts } from '../i18n';
import { useCan } from '../me';
import { Confirm, DataTable, Field, ListTitle, messageOf, useAction } from '../ui';

interface Admin {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  invited: boolean;
}
interface RoleInfo {
  role: string;
  description: string;
}

const en = {
  title: 'Administrators',
  invite: 'Invite an administrator',
  email: 'Email address',
  role: 'Role',
  send: 'Send invitation',
  sent: 'Invitation sent to',
  name: 'Name',
  status: 'Status',
  invited: 'Invited',
  active: 'Active',
  actions: 'Actions',
  resend: 'Send a new link',
  remove: 'Remove',
  removeQuestion: 'Remove this administrator? The account stays, without console access; its sessions end.',
  roleOf: 'Role of',
  roleChanged: 'Role changed.',
  rolesTitle: 'Roles',
  cancel: 'Cancel',
  loading: 'Loading…',
  owner: 'Owner',
  administrator: 'Administrator',
  designer: 'Journey designer',
  publisher: 'Publisher',
  support: 'Support',
  auditor: 'Auditor',
};
const TEXTS: Texts<typeof en> = {
  en,
  id: {
    title: 'Administrator',
    invite: 'Undang administrator',
    email: 'Alamat email',
    role: 'Peran',
    send: 'Kirim undangan',
    sent: 'Undangan terkirim ke',
    name: 'Nama',
    status: 'Status',
    invited: 'Diundang',
    active: 'Aktif',
    actions: 'Tindakan',
    resend: 'Kirim tautan baru',
    remove: 'Hapus',
    removeQuestion: 'Hapus administrator ini? Akunnya tetap ada, tanpa akses konsol; sesinya berakhir.',
    roleOf: 'Peran',
    roleChanged: 'Peran diubah.',
    rolesTitle: 'Peran',
    cancel: 'Batal',
    loading: 'Memuat…',
    owner: 'Pemilik',
    administrator: 'Administrator',
    designer: 'Perancang perjalanan',
    publisher: 'Penerbit',
    support: 'Dukungan',
    auditor: 'Auditor',
  },
};
type RoleName = 'owner' | 'administrator' | 'designer' | 'publisher' | 'support' | 'auditor';

/** The Administrators section: who may use the console with which role; owners invite and change. */
export function AdminsSection() {
  const t = useTexts(TEXTS);
  const lang = useLang();
  const canWrite = useCan('admins:write');
  const [admins, setAdmins] = useState<Admin[] | null>(null);
  const [roles, setRoles] = useState<RoleInfo[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<RoleName>('support');
  const [emailProblem, setEmailProblem] = useState<string | null>(null);
  const { act, problem: error, status: note, setProblem: setError, setStatus: setNote } = useAction(() => setVersion((v) => v + 1));
  const [removing, setRemoving] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  /** The invitation form, opened by the list's "Invite an administrator" action. */
  const [inviting, setInviting] = useState(false);
  const roleName = (r: string) => (r in en ? t[r as RoleName] : r);

  useEffect(() => {
    Promise.all([call<Admin[]>('GET', '/admins'), call<RoleInfo[]>('GET', '/roles')]).then(([a, r]) => (setAdmins(a), setRoles(r)), (e: unknown) => setError(messageOf(e)));
    // The roles' descriptions come in the console's language: asked again when it changes.
  }, [version, lang]);

  return (
    <section>
      <ListTitle title={t.title} create={canWrite && { label: t.invite, open: inviting, onToggle: () => setInviting(!inviting), controls: 'invite-administrator' }} />
      <div aria-live="polite">{note && <p className="success-note">{note}</p>}</div>
      {error && <p role="alert" className="problem">{error}</p>}
      {inviting && (
        <form
          id="invite-administrator"
          aria-label={t.invite}
          className="card"
          onSubmit={async (e) => {
            e.preventDefault();
            setEmailProblem(null);
            try {
              await call('POST', '/admins', { email: email.trim(), role, lang });
              setNote(`${t.sent} ${email.trim()}`);
              setEmail('');
              setVersion((v) => v + 1);
            } catch (err) {
              const { fields, other } = formProblems(err, ['email']);
              setEmailProblem(fields.email ?? null);
              setError(other);
            }
          }}
        >
          <h2>{t.invite}</h2>
          <Field label={t.email} problem={emailProblem}>
            {(f) => <input id={f.id} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="off" aria-describedby={f.describedBy} aria-invalid={f.invalid} autoFocus />}
          </Field>
          <Field label={t.role}>
            {(f) => (
              <select id={f.id} value={role} onChange={(e) => setRole(e.target.value as RoleName)}>
                {roles.map((r) => (
                  <option key={r.role} value={r.role}>
                    {roleName(r.role)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="primary">
            {t.send}
          </button>
        </form>
      )}
      <DataTable
        rows={admins}
        rowKey={(a) => a.id}
        loading={t.loading}
        columns={[
          { header: t.email, cell: (a) => a.email },
          { header: t.name, cell: (a) => a.name ?? '—' },
          {
            header: t.role,
            cell: (a) =>
              canWrite ? (
                <select aria-label={`${t.roleOf} ${a.email}`} value={a.roles[0]} onChange={(e) => void act(() => call('PUT', `/admins/${a.id}/role`, { role: e.target.value }), t.roleChanged)}>
                  {roles.map((r) => (
                    <option key={r.role} value={r.role}>
                      {roleName(r.role)}
                    </option>
                  ))}
                </select>
              ) : (
                a.roles.map(roleName).join(', ')
              ),
          },
          { header: t.status, cell: (a) => (a.invited ? t.invited : t.active) },
          canWrite && {
            header: t.actions,
            cell: (a) =>
              removing === a.id ? (
                <Confirm question={t.removeQuestion} confirm={t.remove} cancel={t.cancel} onCancel={() => setRemoving(null)} onConfirm={() => void act(() => call('DELETE', `/admins/${a.id}`), `${t.remove}: ${a.email}`).then(() => setRemoving(null))} />
              ) : (
                <div className="hstack">
                  {a.invited && (
                    <button type="button" onClick={() => void act(() => call('POST', `/admins/${a.id}/invitation`), `${t.sent} ${a.email}`)}>
                      {t.resend}
                    </button>
                  )}
                  <button type="button" aria-label={`${t.remove} ${a.email}`} onClick={() => setRemoving(a.id)}>
                    {t.remove}
                  </button>
                </div>
              ),
          },
        ]}
      />
      <h2>{t.rolesTitle}</h2>
      <dl className="card">
        {roles.map((r) => (
          <div key={r.role}>
            <dt>
              <strong>{roleName(r.role)}</strong>
            </dt>
            <dd>{r.description}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
