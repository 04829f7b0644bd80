import type { Membership, Organisation, OrganisationPolicy } from '../store/port.js';
import { ACR_LEVELS, levelOfAcr, type Level } from '../identity/assurance.js';

/**
 * The rules of organisations that need no I/O: reserved roles, domains, the claims an app receives,
 * and whether a sign-in satisfies an organisation's policy.
 */

/** The built-in role of an organisation's own administrators (delegated administration). */
export const ORGANISATION_ADMIN_ROLE = 'administrator';

/** Sign-in methods an organisation may allow (RFC 8176 amr values Gerbang produces). */
export const SIGN_IN_METHODS = ['pwd', 'otp', 'sms', 'hwk', 'fed'] as const;

/** Short enough to name its provider's callback (`/social/callback/org-<id>`, a connection name of 32 characters at most). */
export const ORG_ID_PATTERN = '^[a-z0-9][a-z0-9-]{1,27}$';

/** The connection name of an organisation's own OpenID provider (its callback URL ends with it). */
export const providerConnectionName = (orgId: string) => `org-${orgId}`;
export const ROLE_NAME_PATTERN = '^[a-z0-9][a-z0-9_.-]{0,62}$';
export const PERMISSION_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$';
/** A domain name as typed in a form: labels of letters, digits and hyphens, at least two. */
export const DOMAIN_PATTERN = '^(?=.{3,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$';

export const normaliseDomain = (domain: string): string => domain.trim().toLowerCase().replace(/\.$/, '');

/** The domain part of an email address (lower case). */
export function domainOfEmail(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at > 0 ? normaliseDomain(email.slice(at + 1)) : null;
}

/** Every role a member of this organisation may hold: its own, and its administrators'. */
export function roleNames(org: Organisation): string[] {
  return [ORGANISATION_ADMIN_ROLE, ...org.roles.map((r) => r.name)];
}

/** Roles of a list that the organisation does not have (to refuse them with their names). */
export function unknownRoles(org: Organisation, roles: string[]): string[] {
  const known = new Set(roleNames(org));
  return roles.filter((r) => !known.has(r));
}

/** The claims a token carries about the organisation the person signed in to. */
export interface OrganisationClaims {
  org_id: string;
  org_name: string;
  org_roles: string[];
  org_permissions: string[];
}

/**
 * Claims for an app: the organisation, the member's roles, and the permissions of those roles that
 * the app declares it understands (an app that declares none receives none).
 */
export function organisationClaims(org: Organisation, membership: Membership, appPermissions: readonly string[]): OrganisationClaims {
  const understood = new Set(appPermissions);
  const permissions = new Set<string>();
  for (const role of org.roles) {
    if (!membership.roles.includes(role.name)) continue;
    for (const p of role.permissions) if (understood.has(p)) permissions.add(p);
  }
  return { org_id: org.id, org_name: org.name, org_roles: [...membership.roles].sort(), org_permissions: [...permissions].sort() };
}

/** The organisation's minimum as a level (null: none). */
export function policyLevel(policy: OrganisationPolicy): Level | null {
  return policy.minAcr ? levelOfAcr(policy.minAcr) : null;
}

/** Whether the methods of a sign-in include one the organisation allows (no list: any). */
export function methodsAllowed(policy: OrganisationPolicy, amr: readonly string[]): boolean {
  if (!policy.allowedMethods?.length) return true;
  return amr.some((m) => policy.allowedMethods!.includes(m));
}

export const ACR_VALUES: readonly string[] = ACR_LEVELS;
