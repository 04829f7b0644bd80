import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTexts } from '../i18n';
import { hrefOf, navigate } from '../route';
import { Confirm, DataTable, Field, ListTitle, messageOf, useAction } from '../ui';
import { useCan, useDelegatedOrganisations } from '../me';
import { ApiError, formProblems } from '../../api';
import { listOf, organisationsApi, type InvitationView, type Member, type OrganisationView } from './api';
import { ORGANISATIONS_TEXTS } from './texts';

/** The Organisations section: the list with a form to create one (`#/organisations`), one organisation (`#/organisations/<id>`). */
export function OrganisationsSection(props: { rest: string[] }) {
  const [id] = props.rest;
  return id ? <OrganisationPage key={id} id={id} /> : <OrganisationList />;
}

const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

/** The new organisation's form as it opens, and as a successful create leaves it. */
const NEW_ORGANISATION = { id: '', name: '', domains: '' };

function OrganisationList() {
  const t = useTexts(ORGANISATIONS_TEXTS);
  const canWrite = useCan('organisations:write');
  const delegated = useDelegatedOrganisations();
  const [orgs, setOrgs] = useState<OrganisationView[] | null>(null);
  const [error, setError] = useState('');
  const [form, setForm] = useState(NEW_ORGANISATION);
  /** What the API refused of the new organisation, under each field. */
  const [refused, setRefused] = useState<Record<string, string>>({});
  /** The new organisation's form, opened by the list's "New organisation" action. */
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    // An organisation's administrator sees only the organisations they manage.
    const load = delegated ? Promise.all(delegated.map((id) => organisationsApi.get(id))) : organisationsApi.list();
    load.then(setOrgs, (e: unknown) => setError(messageOf(e)));
  }, [delegated]);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    setRefused({});
    try {
      const org = await organisationsApi.create({ id: form.id.trim(), name: form.name.trim(), domains: listOf(form.domains) });
      // Put away, emptied: the list may stay mounted if the address comes straight back (as the journeys' form).
      setCreating(false);
      setForm(NEW_ORGANISATION);
      navigate('organisations', org.id);
    } catch (err) {
      const { fields, other } = formProblems(err, Object.keys(form));
      setRefused(fields);
      setError(other);
    }
  };
  return (
    <section>
      <ListTitle title={t.title} create={canWrite && !delegated && { label: t.newOrganisation, open: creating, onToggle: () => setCreating(!creating), controls: 'new-organisation' }} />
      <p className="muted">{t.intro}</p>
      {error && <p role="alert" className="problem">{error}</p>}
      {creating && (
        <form id="new-organisation" className="card" aria-label={t.create} onSubmit={create}>
          <h2>{t.create}</h2>
          <Field label={t.name} problem={refused.name}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.name} required onChange={(e) => setForm({ ...form, name: e.target.value })} autoFocus />}
          </Field>
          <Field label={t.id} hint={t.idHint} problem={refused.id}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.id} required pattern="[a-z0-9][a-z0-9-]{1,27}" onChange={(e) => setForm({ ...form, id: e.target.value })} />}
          </Field>
          <Field label={t.domains} hint={t.domainsHint} problem={refused.domains}>
            {(f) => <textarea id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.domains} rows={2} onChange={(e) => setForm({ ...form, domains: e.target.value })} />}
          </Field>
          <button type="submit" className="primary">
            {t.create}
          </button>
        </form>
      )}
      <DataTable
        rows={orgs}
        rowKey={(o) => o.id}
        loading={t.loading}
        empty={t.none}
        columns={[
          { header: t.name, cell: (o) => <a href={hrefOf('organisations', o.id)}>{o.name}</a> },
          { header: t.id, cell: (o) => <code>{o.id}</code> },
          { header: t.domains, cell: (o) => o.domains.join(', ') || '—' },
        ]}
      />
    </section>
  );
}

/** An invitation as a person reads it: a pending one past its date has expired. */
const invitationState = (i: InvitationView) => (i.status === 'pending' && Date.parse(i.expiresAt) <= Date.now() ? 'expired' : i.status);

/** The fields of each form of an organisation's page, as the body its save sends names them. */
const FORM_FIELDS = { member: ['email', 'roles'], invite: ['email', 'roles'], role: ['description', 'permissions'] } as const;

function OrganisationPage(props: { id: string }) {
  const t = useTexts(ORGANISATIONS_TEXTS);
  const delegated = useDelegatedOrganisations();
  // The tenant's administrators with the permission, or this organisation's own administrators.
  const canWrite = useCan('organisations:write') || Boolean(delegated?.includes(props.id));
  const [org, setOrg] = useState<OrganisationView | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [invitations, setInvitations] = useState<InvitationView[]>([]);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [memberForm, setMemberForm] = useState({ email: '', roles: '' });
  const [inviteForm, setInviteForm] = useState({ email: '', roles: '' });
  const [roleForm, setRoleForm] = useState({ name: '', permissions: '' });
  /** Which sub-list's add form is open, each opened by the action at the top right of its list. */
  const [opened, setOpened] = useState<Record<keyof typeof FORM_FIELDS, boolean>>({ member: false, invite: false, role: false });
  const toggle = (form: keyof typeof FORM_FIELDS) => setOpened((o) => ({ ...o, [form]: !o[form] }));

  const load = useCallback(async () => {
    const [o, m, i] = await Promise.all([organisationsApi.get(props.id), organisationsApi.members(props.id), organisationsApi.invitations(props.id)]);
    setOrg(o);
    setMembers(m);
    setInvitations(i);
  }, [props.id]);
  useEffect(() => {
    load().catch((e: unknown) => setError(messageOf(e)));
  }, [load]);

  const { act, problem: error, refused, status: notice, setProblem: setError } = useAction(load);
  /** The form whose save was refused last: its fields show what the API said of them. */
  const [refusedForm, setRefusedForm] = useState<keyof typeof FORM_FIELDS | null>(null);
  const submit = (form: keyof typeof FORM_FIELDS, what: () => Promise<unknown>, done = '') => (e: FormEvent) => {
    e.preventDefault();
    setRefusedForm(form);
    void act(what, done, FORM_FIELDS[form]);
  };
  const refusalOf = (form: keyof typeof FORM_FIELDS, field: string) => (refusedForm === form ? refused[field] : undefined);

  if (error && !org) return <p role="alert" className="problem">{error}</p>;
  if (!org) return <p>{t.loading}</p>;
  return (
    <section>
      <p>
        <a href={hrefOf('organisations')}>← {t.back}</a>
      </p>
      <h1>{org.name}</h1>
      <p className="muted">
        <code>{org.id}</code> · {org.domains.join(', ') || '—'} · {t.provider}: {org.provider ? org.provider.issuer : t.noProvider} · {t.policy}: {org.policy.allowedMethods?.join(', ') || t.anyMethod}
      </p>
      {error && <p role="alert" className="problem">{error}</p>}
      {notice && (
        <p className="success-note" role="status">
          {notice}
        </p>
      )}

      <ListTitle level={2} title={t.members} create={canWrite && { label: t.openAddMember, open: opened.member, onToggle: () => toggle('member'), controls: 'add-member' }} />
      {canWrite && opened.member && (
        <form id="add-member" className="card" aria-label={t.addMember} onSubmit={submit('member', async () => (await organisationsApi.addMember(org.id, memberForm.email.trim(), listOf(memberForm.roles)), setMemberForm({ email: '', roles: '' })))}>
          <h3>{t.addMember}</h3>
          <Field label={t.email} problem={refusalOf('member', 'email')}>
            {(f) => <input id={f.id} type="email" required value={memberForm.email} onChange={(e) => setMemberForm({ ...memberForm, email: e.target.value })} aria-describedby={f.describedBy} aria-invalid={f.invalid} autoFocus />}
          </Field>
          <Field label={t.roles} hint={t.rolesHint} problem={refusalOf('member', 'roles')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={memberForm.roles} onChange={(e) => setMemberForm({ ...memberForm, roles: e.target.value })} />}
          </Field>
          <button type="submit">{t.addMember}</button>
        </form>
      )}
      <DataTable
        label={t.members}
        rows={members}
        rowKey={(m) => m.userId}
        loading={t.loading}
        empty={t.noMembers}
        columns={[
          { header: t.email, cell: (m) => m.email ?? m.userId },
          { header: t.roles, cell: (m) => m.roles.join(', ') || '—' },
          { header: t.source, cell: (m) => t[`source.${m.source}`] ?? m.source },
          canWrite && {
            header: t.actions,
            cell: (m) => (
              <button type="button" className="danger" aria-label={`${t.remove} ${m.email ?? m.userId}`} onClick={() => setRemoving(m)}>
                {t.remove}
              </button>
            ),
          },
        ]}
      />
      {removing && (
        <Confirm
          question={fill(t.removeQuestion, { email: removing.email ?? removing.userId })}
          confirm={t.remove}
          cancel={t.cancel}
          onCancel={() => setRemoving(null)}
          onConfirm={() => void act(async () => (await organisationsApi.removeMember(org.id, removing.userId), setRemoving(null)))}
        />
      )}

      <ListTitle level={2} title={t.invitations} create={canWrite && { label: t.openInvite, open: opened.invite, onToggle: () => toggle('invite'), controls: 'send-invitation' }} />
      {canWrite && opened.invite && (
        <form
          id="send-invitation"
          className="card"
          aria-label={t.invite}
          onSubmit={submit('invite', async () => {
            await organisationsApi.invite(org.id, inviteForm.email.trim(), listOf(inviteForm.roles));
            setInviteForm({ email: '', roles: '' });
          }, fill(t.invited, { email: inviteForm.email.trim() }))}
        >
          <h3>{t.invite}</h3>
          <Field label={t.email} problem={refusalOf('invite', 'email')}>
            {(f) => <input id={f.id} type="email" required value={inviteForm.email} onChange={(e) => setInviteForm({ ...inviteForm, email: e.target.value })} aria-describedby={f.describedBy} aria-invalid={f.invalid} autoFocus />}
          </Field>
          <Field label={t.roles} hint={t.rolesHint} problem={refusalOf('invite', 'roles')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={inviteForm.roles} onChange={(e) => setInviteForm({ ...inviteForm, roles: e.target.value })} />}
          </Field>
          <button type="submit">{t.invite}</button>
        </form>
      )}
      <DataTable
        label={t.invitations}
        rows={invitations}
        rowKey={(i) => i.id}
        loading={t.loading}
        empty={t.noInvitations}
        columns={[
          { header: t.email, cell: (i) => i.email },
          { header: t.roles, cell: (i) => i.roles.join(', ') || '—' },
          { header: t.status, cell: (i) => t[`status.${invitationState(i)}`] },
          { header: t.expires, cell: (i) => new Date(i.expiresAt).toLocaleDateString() },
          canWrite && {
            header: t.actions,
            cell: (i) =>
              i.status === 'pending' && (
                <button type="button" aria-label={`${t.revoke} ${i.email}`} onClick={() => void act(() => organisationsApi.revokeInvitation(org.id, i.id))}>
                  {t.revoke}
                </button>
              ),
          },
        ]}
      />

      <ListTitle level={2} title={t.roleList} create={canWrite && { label: t.openRole, open: opened.role, onToggle: () => toggle('role'), controls: 'save-role' }} />
      {canWrite && opened.role && (
        <form id="save-role" className="card" aria-label={t.saveRole} onSubmit={submit('role', async () => (await organisationsApi.saveRole(org.id, roleForm.name.trim(), listOf(roleForm.permissions)), setRoleForm({ name: '', permissions: '' })))}>
          <h3>{t.saveRole}</h3>
          <Field label={t.roleName}>{(f) => <input id={f.id} required pattern="[a-z0-9][a-z0-9_.\-]{0,62}" value={roleForm.name} onChange={(e) => setRoleForm({ ...roleForm, name: e.target.value })} autoFocus />}</Field>
          <Field label={t.permissions} hint={t.permissionsHint} problem={refusalOf('role', 'permissions')}>
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={roleForm.permissions} onChange={(e) => setRoleForm({ ...roleForm, permissions: e.target.value })} />}
          </Field>
          <button type="submit">{t.saveRole}</button>
        </form>
      )}
      {org.roles.length === 0 ? (
        <p>{t.noRoles}</p>
      ) : (
        <ul aria-label={t.roleList}>
          {org.roles.map((r) => (
            <li key={r.name}>
              <strong>{r.name}</strong>: {r.permissions.join(', ') || '—'}{' '}
              {canWrite && (
                <button type="button" aria-label={`${t.deleteRole} ${r.name}`} onClick={() => void act(() => organisationsApi.deleteRole(org.id, r.name))}>
                  {t.deleteRole}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {canWrite &&
        !delegated &&
        (deleting ? (
          <Confirm
            question={deleting}
            confirm={t.deleteNow}
            cancel={t.cancel}
            onCancel={() => setDeleting(null)}
            onConfirm={() => void organisationsApi.remove(org.id, true).then(() => navigate('organisations'), (e: unknown) => setError(messageOf(e)))}
          />
        ) : (
          <button
            type="button"
            className="danger"
            onClick={() =>
              // Without confirmation the API deletes an empty organisation, or says what deleting this one removes.
              void organisationsApi.remove(org.id, false).then(
                () => navigate('organisations'),
                (e: unknown) => (e instanceof ApiError && e.status === 409 ? setDeleting(e.message) : setError(messageOf(e))),
              )
            }
          >
            {t.delete}
          </button>
        ))}
    </section>
  );
}
