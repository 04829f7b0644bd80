import { call } from '../../api';

export interface OrganisationRole {
  name: string;
  description: string;
  permissions: string[];
}

/** An organisation as the admin API shows it (its provider's secret never leaves). */
export interface OrganisationView {
  id: string;
  name: string;
  domains: string[];
  roles: OrganisationRole[];
  policy: { minAcr: string | null; allowedMethods: string[] | null };
  provider: { issuer: string; clientId: string } | null;
}

export interface Member {
  userId: string;
  email: string | null;
  roles: string[];
  source: 'admin' | 'invitation' | 'just-in-time';
  joinedAt: string;
}

export interface InvitationView {
  id: string;
  email: string;
  roles: string[];
  status: 'pending' | 'accepted' | 'revoked';
  expiresAt: string;
}

const path = (id: string, ...rest: string[]) => ['/organisations', encodeURIComponent(id), ...rest.map(encodeURIComponent)].join('/');

export const organisationsApi = {
  list: () => call<OrganisationView[]>('GET', '/organisations'),
  get: (id: string) => call<OrganisationView>('GET', path(id)),
  create: (input: { id: string; name: string; domains: string[] }) => call<OrganisationView>('POST', '/organisations', input),
  remove: (id: string, confirm: boolean) => call<{ members: number; invitations: number }>('DELETE', `${path(id)}${confirm ? '?confirm=true' : ''}`),
  members: (id: string) => call<Member[]>('GET', path(id, 'members')),
  addMember: (id: string, email: string, roles: string[]) => call<Member>('POST', path(id, 'members'), { email, roles }),
  setRoles: (id: string, userId: string, roles: string[]) => call<Member>('PUT', path(id, 'members', userId, 'roles'), { roles }),
  removeMember: (id: string, userId: string) => call<{ revokedGrants: number }>('DELETE', path(id, 'members', userId)),
  saveRole: (id: string, role: string, permissions: string[]) => call<OrganisationView>('PUT', path(id, 'roles', role), { permissions }),
  deleteRole: (id: string, role: string) => call<null>('DELETE', path(id, 'roles', role)),
  invitations: (id: string) => call<InvitationView[]>('GET', path(id, 'invitations')),
  invite: (id: string, email: string, roles: string[]) => call<InvitationView>('POST', path(id, 'invitations'), { email, roles }),
  revokeInvitation: (id: string, invitationId: string) => call<null>('DELETE', path(id, 'invitations', invitationId)),
};

/** One item per line or comma, trimmed, empty ones dropped. */
export const listOf = (text: string) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
