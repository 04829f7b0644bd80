import { call, type InvalidInput } from '../../api';

export type AppType = 'public' | 'confidential' | 'native' | 'device' | 'machine';
export const APP_TYPES: AppType[] = ['public', 'confidential', 'native', 'device', 'machine'];
export const ACR_LEVELS = ['urn:gerbang:loa:1', 'urn:gerbang:loa:2', 'urn:gerbang:loa:3'] as const;
/** How an app's ID tokens may be signed; RS256 is the default. */
export type IdTokenAlg = 'RS256' | 'ES256';

export interface AppResource {
  indicator: string;
  scopes: string[];
}

/** An app as the admin API shows it (never its secret). */
export interface AppView {
  id: string;
  name: string;
  type: AppType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  flowId: string | null;
  minAcr?: string | null;
  acceptsRememberedBrowser?: boolean;
  accountApi?: boolean;
  idTokenSignedResponseAlg?: IdTokenAlg;
  resources: AppResource[];
  hasSecret: boolean;
}

/** What the console sends to create, change or check an app. */
export interface AppInput {
  name: string;
  type: AppType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  flowId?: string;
  minAcr: string | null;
  acceptsRememberedBrowser: boolean;
  accountApi: boolean;
  idTokenSignedResponseAlg: IdTokenAlg;
  resources: AppResource[];
}

/** What a check of an app found: each problem at the field it is about, as a refused save lists them. */
export interface AppCheck {
  invalid: InvalidInput[];
}

export interface Connect {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  type: AppType;
  hasSecret: boolean;
  redirectUri: string | null;
  scopes: string[];
}

export const appsApi = {
  list: () => call<AppView[]>('GET', '/apps'),
  get: (id: string) => call<AppView>('GET', `/apps/${encodeURIComponent(id)}`),
  connect: (id: string) => call<Connect>('GET', `/apps/${encodeURIComponent(id)}/connect`),
  /** The name is left out while it is empty: a form just opened is not told off for it. */
  check: (input: AppInput) => call<AppCheck>('POST', '/apps/check', { ...input, name: input.name || undefined }),
  create: (input: AppInput) => call<AppView & { clientSecret?: string }>('POST', '/apps', input),
  update: (id: string, input: AppInput) => call<AppView & { clientSecret?: string }>('PUT', `/apps/${encodeURIComponent(id)}`, input),
  rotateSecret: (id: string) => call<AppView & { clientSecret: string }>('POST', `/apps/${encodeURIComponent(id)}/secret`),
  remove: (id: string) => call<null>('DELETE', `/apps/${encodeURIComponent(id)}`),
};
