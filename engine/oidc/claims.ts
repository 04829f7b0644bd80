import type { User } from '../store/port.js';

/** Which claims each scope releases (OpenID Connect Core 5.4). */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'],
  phone: ['phone_number', 'phone_number_verified'],
  consents: ['consents'],
};

/** Claims that are links: apps put them in `href`/`src`, so only http(s) URLs are ever released. */
const URL_CLAIMS = new Set(['profile', 'picture', 'website']);

function webUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The standard claims of a user, from their profile attributes (which use the OIDC claim names).
 * oidc-provider releases only those the granted scopes allow.
 */
export function claimsFor(user: User): Record<string, unknown> {
  const a = user.attributes;
  const pick = (name: string) => (a[name] === undefined || a[name] === null || a[name] === '' ? undefined : a[name]);
  const given = pick('given_name');
  const family = pick('family_name');
  const claims: Record<string, unknown> = {
    sub: user.id,
    email: user.email,
    email_verified: user.emailVerified,
    name: pick('name') ?? ([given, family].filter(Boolean).join(' ') || undefined),
    updated_at: Math.floor(user.updatedAt.getTime() / 1000),
    phone_number_verified: pick('phone_number') ? Boolean(a.phone_number_verified) : undefined,
  };
  for (const name of SCOPE_CLAIMS.profile.concat(['phone_number'])) {
    if (claims[name] === undefined && pick(name) !== undefined) claims[name] = URL_CLAIMS.has(name) ? webUrl(pick(name)) ?? undefined : pick(name);
  }
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}

// The levels moved to identity/assurance.ts; re-exported for the provider's configuration.
export { acrFor, ACR_LEVELS } from '../identity/assurance.js';
