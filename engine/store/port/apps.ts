/** Branding an app may set for its hosted pages (overrides the configured theme). */
export interface AppBranding {
  name?: string;
  logoUrl?: string;
  primaryColor?: string;
  backgroundColor?: string;
  textColor?: string;
}

/** An application that signs its users in through Gerbang (an OpenID Connect client). */
export interface App {
  /** The OAuth client id. */
  id: string;
  name: string;
  /** Public clients (SPAs, mobile) use PKCE and no secret; confidential ones also authenticate. */
  type: 'public' | 'confidential';
  /** Exact redirect URIs (no wildcards). */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** The flow its users go through. */
  flowId: string;
  branding: AppBranding;
  /** Confidential clients: the secret, encrypted at rest (never returned by the API after creation). */
  secretCiphertext: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AppsRepo {
  create(app: App): Promise<App>;
  get(id: string): Promise<App | null>;
  list(): Promise<App[]>;
  update(id: string, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null>;
  delete(id: string): Promise<boolean>;
}
