import { ApiError, call } from '../../api';

export interface UserView {
  id: string;
  email: string;
  emailVerified: boolean;
  attributes: Record<string, unknown>;
  /** The language Gerbang speaks to them in; null until they use a page. */
  language: string | null;
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

/** What became of one line of an import. */
export interface ImportLine {
  line: number;
  result: 'created' | 'skipped' | 'refused';
  email?: string;
  id?: string;
  field?: string | null;
  reason?: string;
  /** A created person's password hash came with them. */
  password?: boolean;
  linkSent?: boolean;
}

export interface ImportSummary {
  created: number;
  skipped: number;
  refused: number;
  lines: ImportLine[];
}

/**
 * Uploads a file's text as it is (JSON lines, or a JSON array): the server reads it line by line, so
 * a broken line is refused by its number. Not through `call`, which sends JSON.
 */
async function importPeople(text: string, sendLinks: boolean, lang: string): Promise<ImportSummary> {
  const res = await fetch(`/api/users/import?${new URLSearchParams({ sendLinks: String(sendLinks), lang })}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'gerbang', 'Content-Type': 'application/x-ndjson', 'Accept-Language': lang },
    body: text,
  });
  const data = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
  if (!res.ok) throw new ApiError(res.status, data);
  return data as ImportSummary;
}

export const usersApi = {
  importPeople,
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
