import { ApiError, call, formProblems } from '../../api';

/** A journey that uses something, as the admin API names it. */
export interface Use {
  journeyId: string;
  journeyName: string;
  in: 'published' | 'draft';
  steps: string[];
}

export type ConnectionKind = 'google' | 'oidc' | 'oauth2';

export interface ConnectionView {
  name: string;
  kind: ConnectionKind;
  label: string;
  clientId: string;
  issuer?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  scopes?: string[];
  trusted?: boolean;
  source: 'console' | 'environment';
  revision: number | null;
  callbackUrl: string;
  usedBy?: Use[];
}

export interface ConnectionInput {
  kind: ConnectionKind;
  label: string;
  clientId: string;
  clientSecret?: string;
  issuer?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  trusted?: boolean;
  revision: number;
}

export interface ConnectionCheck {
  ok: boolean;
  field?: string;
  checks: Array<{ name: string; ok: boolean; message: string }>;
}

export interface MailView {
  source: 'console' | 'environment' | 'outbox';
  host: string | null;
  port: number | null;
  user: string | null;
  hasPassword: boolean;
  from: string;
  revision: number;
}

export interface SmsView {
  source: 'console' | 'environment' | 'outbox';
  apiUrl: string | null;
  hasToken: boolean;
  revision: number;
}

export interface MessageTexts {
  languages: string[];
  revision: number;
  /** `name`: what the text is, per console language; `message`: the preview that shows it. */
  texts: Array<{ key: string; name: Record<string, string>; message: string; placeholders: string[]; required: string[]; shipped: Record<string, string>; custom: Record<string, string> }>;
}

export interface Theme {
  name: string;
  logoUrl: string | null;
  primaryColor: string;
  backgroundColor: string;
  textColor: string;
}

export type ThemeInput = Partial<Record<'name' | 'logoUrl' | 'primaryColor' | 'backgroundColor' | 'textColor', string>>;

export interface ContrastCheck {
  field: string;
  what: string;
  ratio: number;
  minimum: number;
  ok: boolean;
}

export interface Purpose {
  id: string;
  name: Record<string, string>;
  text: Record<string, string>;
  version: number;
  required: boolean;
  usedBy?: Use[];
  tally?: Array<{ version: number; granted: boolean; count: number }>;
}

export interface Decision {
  userId: string;
  version: number;
  granted: boolean;
  at: string;
  channel: string;
}

/** An API secret of the HTTP request steps, as the admin API shows it: never its value. */
export interface ApiSecret {
  name: string;
  description: string;
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
  usedBy?: Use[];
}

const enc = encodeURIComponent;

export const settingsApi = {
  connections: () => call<ConnectionView[]>('GET', '/social-connections'),
  connection: (name: string) => call<ConnectionView>('GET', `/social-connections/${enc(name)}`),
  saveConnection: (name: string, input: ConnectionInput) => call<ConnectionView>('PUT', `/social-connections/${enc(name)}`, input),
  deleteConnection: (name: string) => call<null>('DELETE', `/social-connections/${enc(name)}`),
  discover: (issuer: string) => call<{ issuer: string; authorizationUrl: string; tokenUrl: string; userinfoUrl: string | null }>('POST', '/social-connections/discover', { issuer }),
  testConnection: (name: string) => call<ConnectionCheck>('POST', `/social-connections/${enc(name)}/test`),

  mail: () => call<MailView>('GET', '/mail'),
  saveMail: (input: { host: string; port: number; user?: string; password?: string; from: string; revision: number }) => call<MailView>('PUT', '/mail', input),
  testMail: (to: string, lang: string) => call<{ sent: boolean }>('POST', '/mail/test', { to, lang }),
  sms: () => call<SmsView>('GET', '/sms'),
  saveSms: (input: { apiUrl: string; apiToken?: string; revision: number }) => call<SmsView>('PUT', '/sms', input),
  testSms: (to: string, lang: string) => call<{ sent: boolean }>('POST', '/sms/test', { to, lang }),
  messageTexts: () => call<MessageTexts>('GET', '/message-texts'),
  saveMessageTexts: (lang: string, texts: Record<string, string | null>, revision: number) => call<MessageTexts>('PUT', `/message-texts/${enc(lang)}`, { texts, revision }),
  previewMessage: (message: string, lang: string, texts: Record<string, string>) => call<{ subject?: string; text: string; html?: string }>('POST', '/message-texts/preview', { message, lang, texts }),

  branding: () => call<{ theme: Theme; custom: ThemeInput; base: Theme; revision: number; contrast: ContrastCheck[] }>('GET', '/branding'),
  saveBranding: (input: ThemeInput & { revision: number }) => call<{ theme: Theme; custom: ThemeInput; revision: number; contrast: ContrastCheck[] }>('PUT', '/branding', input),
  previewBranding: (theme: ThemeInput, lang: string, appId?: string) => call<{ html: string; theme: Theme; contrast: ContrastCheck[] }>('POST', '/branding/preview', { theme, lang, ...(appId ? { appId } : {}) }),

  purposes: () => call<Purpose[]>('GET', '/consent-purposes'),
  purpose: (id: string) => call<Purpose>('GET', `/consent-purposes/${enc(id)}`),
  decisions: (id: string) => call<Decision[]>('GET', `/consent-purposes/${enc(id)}/decisions`),
  savePurpose: (id: string, input: { name: Record<string, string>; text: Record<string, string>; required: boolean; version: number }) => call<Purpose>('PUT', `/consent-purposes/${enc(id)}`, input),
  deletePurpose: (id: string) => call<null>('DELETE', `/consent-purposes/${enc(id)}`),

  apiSecrets: () => call<ApiSecret[]>('GET', '/http-secrets'),
  apiSecret: (name: string) => call<ApiSecret>('GET', `/http-secrets/${enc(name)}`),
  saveApiSecret: (name: string, input: { value?: string; description: string; revision: number }) => call<ApiSecret>('PUT', `/http-secrets/${enc(name)}`, input),
  deleteApiSecret: (name: string) => call<null>('DELETE', `/http-secrets/${enc(name)}`),
};

/** The field an API refusal is about (an `invalid_field` answer), and its message. */
export function problemOf(e: unknown): { field: string | null; message: string } {
  if (e instanceof ApiError) return { field: e.body.field ?? null, message: e.message };
  return { field: null, message: e instanceof Error ? e.message : String(e) };
}

/**
 * Shows a refused save on its form: each field's words under the field (`shown`, see formProblems),
 * the rest in the form's status line.
 */
export function showRefusal(e: unknown, shown: readonly string[], show: { problems: (p: Record<string, string>) => void; status: (s: string) => void }, under?: string): void {
  const { fields, other } = formProblems(e, shown, under);
  show.problems(fields);
  show.status(other);
}
