import type { User } from '../store/port.js';
import { releaseMap, type AttributeDefinition } from '../identity/schema.js';

/**
 * Claims Gerbang issues itself, per scope (OpenID Connect Core 5.4); the identity schema adds the
 * attributes it maps (given_name under profile, phone_number under phone, the organisation's own...).
 */
export const BASE_SCOPE_CLAIMS: Record<string, string[]> = {
  // acr, amr and auth_time ride with the openid scope: apps always learn how the user signed in.
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  email: ['email', 'email_verified'],
  profile: ['updated_at'],
  phone: ['phone_number_verified'],
  consents: ['consents'],
};

/** Scope -> claims: Gerbang's own and those the identity schema maps. */
export function scopeClaims(schema: readonly AttributeDefinition[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(Object.entries(BASE_SCOPE_CLAIMS).map(([s, c]) => [s, [...c]]));
  for (const [scope, claims] of Object.entries(releaseMap(schema))) out[scope] = [...new Set([...(out[scope] ?? []), ...claims])];
  return out;
}

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
 * The claims of a user: Gerbang's own and each attribute of the identity schema under the claim it
 * maps to. oidc-provider releases only those the granted scopes allow. Links (url attributes) are
 * released only as http(s) URLs: apps put them in `href`/`src`.
 */
export function claimsFor(user: User, schema: readonly AttributeDefinition[]): Record<string, unknown> {
  const a = user.attributes;
  const pick = (name: string) => (a[name] === undefined || a[name] === null || a[name] === '' ? undefined : a[name]);
  const claims: Record<string, unknown> = {
    sub: user.id,
    email: user.email,
    email_verified: user.emailVerified,
    updated_at: Math.floor(user.updatedAt.getTime() / 1000),
    phone_number_verified: pick('phone_number') ? Boolean(a.phone_number_verified) : undefined,
  };
  for (const attribute of schema) {
    if (!attribute.claim || pick(attribute.key) === undefined) continue;
    claims[attribute.claim] = attribute.type === 'url' ? (webUrl(pick(attribute.key)) ?? undefined) : pick(attribute.key);
  }
  // The full name, when not given, from the given and family names.
  if (schema.some((s) => s.claim === 'name') && claims.name === undefined) {
    claims.name = [pick('given_name'), pick('family_name')].filter(Boolean).join(' ') || undefined;
  }
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}

// The levels moved to identity/assurance.ts; re-exported for the provider's configuration.
export { acrFor, ACR_LEVELS } from '../identity/assurance.js';
