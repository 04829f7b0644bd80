/** What Gerbang learns about a person from an external identity provider. */
export interface SocialProfile {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  /** Standard profile claims to provision into the user's attributes (given_name, picture...). */
  attributes: Record<string, string>;
}

/** One configured external identity provider (a "connection"); connectors implement it. */
export interface SocialConnection {
  name: string;
  label: string;
  /**
   * Declared trusted by the administrator: its email addresses are taken as the person's even when it
   * does not mark them verified (the link is remembered as unproved). Not trusted by default.
   */
  trusted?: boolean;
  /** Where to send the browser: with state, nonce and a PKCE S256 challenge. */
  authorizationUrl(p: { redirectUri: string; state: string; nonce: string; codeChallenge: string }): Promise<string>;
  /** Exchanges the callback's code (checking state, nonce and PKCE) for the person's profile. */
  exchange(p: { redirectUri: string; callbackUrl: URL; state: string; nonce: string; codeVerifier: string }): Promise<SocialProfile>;
}

/**
 * The configured connections, by name: the social steps' view of the outside world. Asynchronous:
 * connections defined in the console live in the store, shared by every instance.
 */
export interface SocialDirectory {
  get(name: string): Promise<SocialConnection | undefined>;
  /** The names of every connection a journey may use. */
  names(): Promise<string[]>;
}

/** A directory of a fixed set of connections. */
export function socialDirectory(connections: ReadonlyMap<string, SocialConnection>): SocialDirectory {
  return { get: async (name) => connections.get(name), names: async () => [...connections.keys()] };
}
