import { call } from '../../api';

export interface UserView {
  id: string;
  email: string;
  emailVerified: boolean;
  attributes: Record<string, unknown>;
  roles: string[];
  blocked: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  createdAt: string;
}

export interface SignInView {
  password: boolean;
  factors: Array<{ id: string; type: string; createdAt: string; name: string | null }>;
  identities: Array<{ provider: string; email: string | null; linkedAt: string }>;
  /** `browser` and `os`: their names in the user agent, null where it does not say (the user agent itself is kept). */
  sessions: Array<{ createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null; browser: string | null; os: string | null; ip: string | null; amr: string[] }>;
}

export interface ConsentDecision {
  purposeId: string;
  version: number;
  granted: boolean;
  at: string;
  channel: string;
}

export type { AuditEvent } from '../audit/event-words';
import type { AuditEvent } from '../audit/event-words';

const u = (id: string) => `/users/${encodeURIComponent(id)}`;

export interface NewPerson {
  email: string;
  attributes: Record<string, string>;
  emailVerified: boolean;
  lang: string;
}

export const usersApi = {
  add: (person: NewPerson) => call<UserView>('POST', '/users', person),
  sendPasswordLink: (id: string, lang: string) => call<{ sent: boolean }>('POST', `${u(id)}/password-link`, { lang }),
  search: (q: string, after?: string) => call<{ users: UserView[]; next: string | null }>('GET', `/users?${new URLSearchParams({ ...(q ? { q } : {}), ...(after ? { after } : {}) })}`),
  get: (id: string) => call<UserView>('GET', u(id)),
  signIn: (id: string) => call<SignInView>('GET', `${u(id)}/sign-in`),
  consents: (id: string) => call<{ current: ConsentDecision[]; history: ConsentDecision[] }>('GET', `${u(id)}/consents`),
  audit: (id: string, type?: string) => call<AuditEvent[]>('GET', `${u(id)}/audit?limit=${type ? 20 : 50}${type ? `&type=${encodeURIComponent(type)}` : ''}`),
  saveProfile: (id: string, profile: Record<string, string>) => call<UserView>('PATCH', `${u(id)}/profile`, profile),
  block: (id: string, reason: string) => call<UserView>('POST', `${u(id)}/block`, { reason }),
  unblock: (id: string) => call<UserView>('POST', `${u(id)}/unblock`),
  unlock: (id: string) => call<UserView>('POST', `${u(id)}/unlock`),
  resetFactors: (id: string) => call<{ removed: number; ended: number }>('POST', `${u(id)}/reset-factors`),
  endSessions: (id: string) => call<{ ended: number }>('DELETE', `${u(id)}/sessions`),
  resendVerification: (id: string) => call<{ sent: boolean }>('POST', `${u(id)}/verification`),
  exportData: (id: string) => call<unknown>('GET', `${u(id)}/export`),
  remove: (id: string, reason: string) => call<null>('DELETE', u(id), { reason }),
};
