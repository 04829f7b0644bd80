import type { SocialConnection, SocialProfile } from '../../engine/methods/social/connection.js';

export type { SocialProfile };
/** A social connector implements the engine's `SocialConnection`. */
export type SocialConnector = SocialConnection;

export interface ConnectionConfig {
  name: string;
  kind: 'google' | 'oidc' | 'oauth2';
  label: string;
  clientId: string;
  clientSecret: string;
  issuer?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  scopes?: string[];
  /** oauth2: which userinfo fields hold the subject and email. */
  subjectField?: string;
  emailField?: string;
  /** Its email addresses are taken as the person's even when not marked verified (default false). */
  trusted?: boolean;
}

const TEXT_CLAIMS = ['given_name', 'family_name', 'name', 'locale'];
/** Claims that are links: apps put them in `href`/`src`, so only http(s) URLs are kept. */
const URL_CLAIMS = ['picture', 'website', 'profile'];

/** An absolute http(s) URL, normalised; null for anything else (javascript:, data:, relative...). */
export function webUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Keeps the standard profile claims that are plain, bounded strings, and links only when they are http(s). */
export function profileAttributes(claims: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const c of TEXT_CLAIMS) {
    const v = claims[c];
    if (typeof v === 'string' && v.trim() && v.length <= 200) kept[c] = v.trim();
  }
  for (const c of URL_CLAIMS) {
    const url = webUrl(claims[c]);
    if (url) kept[c] = url;
  }
  return kept;
}
