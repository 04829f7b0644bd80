/** Branding an app may set for its hosted pages (overrides the configured theme). */
export interface AppBranding {
  name?: string;
  logoUrl?: string;
  primaryColor?: string;
  backgroundColor?: string;
  textColor?: string;
}

/**
 * What kind of app it is, which decides how it signs users in:
 * - `public`: a browser app (SPA); authorization code with PKCE, no secret;
 * - `confidential`: a web app with a backend; authorization code with PKCE and a client secret;
 * - `native`: a mobile or desktop app (RFC 8252); PKCE, no secret, private-use scheme, loopback or
 *   claimed https redirects;
 * - `device`: a TV or device without a browser; the device authorization grant (RFC 8628);
 * - `machine`: a backend service; client credentials for its allowed APIs, no user.
 */
export type AppType = 'public' | 'confidential' | 'native' | 'device' | 'machine';

/** An API (resource indicator, RFC 8707) an app may get access tokens for, with the scopes allowed there. */
export interface AppResource {
  /** The API's identifier: an absolute https URI, the access token's audience. */
  indicator: string;
  scopes: string[];
}

/** An application that signs its users in through Gerbang (an OpenID Connect client). */
export interface App {
  /** The OAuth client id. */
  id: string;
  name: string;
  type: AppType;
  /** Exact redirect URIs (no wildcards); a native app's loopback URIs match on any port. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The flow its users go through; null for machine apps, which have no users. */
  flowId: string | null;
  branding: AppBranding;
  /** Confidential and machine apps: the secret, encrypted at rest (never returned by the API after creation). */
  secretCiphertext: string | null;
  /** The lowest assurance level (acr value) this app accepts; sign-ins below it are stepped up. */
  minAcr?: string | null;
  /**
   * Whether a browser remembered after a second factor satisfies the app's minimum level (default: yes).
   * When not, people are asked their second factor for this app even in a remembered browser.
   */
  acceptsRememberedBrowser?: boolean;
  /** Whether the app may ask for the `account` scope (the account API, with the user's consent). */
  accountApi?: boolean;
  /** How its ID tokens are signed (client metadata `id_token_signed_response_alg`); RS256 when absent. */
  idTokenSignedResponseAlg?: 'RS256' | 'ES256';
  /** Where the app receives a signed logout token when a user's session ends (OpenID back-channel logout). */
  backchannelLogoutUri: string | null;
  /** APIs the app may get access tokens for. */
  resources: AppResource[];
  createdAt: Date;
  updatedAt: Date;
}

/** An app's addresses: what an upgrade of its redirect lists is decided from. */
export type AppUris = Pick<App, 'redirectUris' | 'postLogoutRedirectUris'>;

export interface AppsRepo {
  create(app: App): Promise<App>;
  get(id: string): Promise<App | null>;
  list(): Promise<App[]>;
  update(id: string, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null>;
  /**
   * Compare-and-set on the app's addresses: applies `patch` only while its redirect and post-logout
   * URI lists are still `expected` (as read), in one atomic step. Null, with nothing written, when the
   * app is gone or another write changed either list meanwhile (re-read and decide again).
   */
  updateIfUris(id: string, expected: AppUris, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null>;
  delete(id: string): Promise<boolean>;
}
