/**
 * Organisations (B2B): business customers, partners and suppliers whose people sign in to the apps.
 * Three aggregates: the organisation itself (with its roles, email domains and policies), the
 * memberships of people in it, and the invitations sent to join it.
 */

/** A role an organisation gives its members; its permissions reach the apps that declare them. */
export interface OrganisationRole {
  /** Unique within the organisation, e.g. `buyer`. */
  name: string;
  description: string;
  permissions: string[];
}

/** The organisation's own OpenID provider (home-realm discovery): its people sign in there. */
export interface OrganisationProvider {
  issuer: string;
  clientId: string;
  /** The client secret, sealed (never returned by the API). */
  secretCiphertext: string;
}

/** Rules for the organisation's members when they sign in to it. */
export interface OrganisationPolicy {
  /** The lowest assurance level (acr value) its members sign in with; null: the app's and account's rules only. */
  minAcr: string | null;
  /** Sign-in methods (amr values) its members may use; null or empty: any. */
  allowedMethods: string[] | null;
}

export interface OrganisationBranding {
  logoUrl?: string;
  primaryColor?: string;
}

export interface Organisation {
  /** A lower-case slug chosen by the administrator; the `org_id` claim. */
  id: string;
  name: string;
  /** Email domains it owns (lower case); a domain belongs to at most one organisation. */
  domains: string[];
  branding: OrganisationBranding;
  roles: OrganisationRole[];
  policy: OrganisationPolicy;
  provider: OrganisationProvider | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrganisationsRepo {
  /** DuplicateError on `id` (the id) or `domain` (a domain owned by another organisation); nothing written then. */
  create(org: Organisation): Promise<Organisation>;
  get(id: string): Promise<Organisation | null>;
  list(): Promise<Organisation[]>;
  /** The organisation owning an email domain. */
  findByDomain(domain: string): Promise<Organisation | null>;
  /** DuplicateError (`domain`) when a new domain belongs to another organisation; nothing written then. */
  update(id: string, patch: Partial<Omit<Organisation, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Organisation | null>;
  /**
   * Deletes the organisation with its memberships, invitations and sign-in records, as one write.
   * Returns what went with it, or null when there was no such organisation.
   */
  delete(id: string): Promise<{ members: number; invitations: number } | null>;
  /** The permissions an app declares it understands (the only ones its tokens carry). */
  appPermissions(appId: string): Promise<string[]>;
  setAppPermissions(appId: string, permissions: string[]): Promise<void>;
}

/** How a person became a member. */
export type MembershipSource = 'admin' | 'invitation' | 'just-in-time';

export interface Membership {
  orgId: string;
  userId: string;
  roles: string[];
  source: MembershipSource;
  joinedAt: Date;
}

/** An organisation chosen at a sign-in to an app: the tokens of that grant carry it. */
export interface OrganisationSignIn {
  grantId: string;
  orgId: string;
  userId: string;
  expiresAt: Date;
}

export interface MembershipsRepo {
  /** Conditional insert: `exists` (nothing changed) when the person is a member already. */
  add(m: Membership): Promise<'added' | 'exists'>;
  get(orgId: string, userId: string): Promise<Membership | null>;
  listByOrganisation(orgId: string, limit?: number): Promise<Membership[]>;
  listByUser(userId: string): Promise<Membership[]>;
  setRoles(orgId: string, userId: string, roles: string[]): Promise<Membership | null>;
  remove(orgId: string, userId: string): Promise<boolean>;
  countWithRole(orgId: string, role: string): Promise<number>;
  /** Takes a role away from every member who holds it (the role is being deleted). */
  removeRoleFromAll(orgId: string, role: string): Promise<number>;
  /** Every membership of the person (their account is deleted). */
  deleteByUser(userId: string): Promise<number>;
  /** Remembers which organisation a grant's tokens speak for. */
  recordSignIn(s: OrganisationSignIn): Promise<void>;
  signInOf(grantId: string): Promise<OrganisationSignIn | null>;
  /** The grants of a person signed in to an organisation (to revoke when they leave it). */
  signInsOf(orgId: string, userId: string): Promise<OrganisationSignIn[]>;
  forgetSignIn(grantId: string): Promise<void>;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface Invitation {
  id: string;
  orgId: string;
  /** Normalised email the invitation was sent to. */
  email: string;
  roles: string[];
  /** SHA-256 of the token in the link; the token itself is never stored. */
  tokenHash: string;
  invitedBy: string | null;
  status: InvitationStatus;
  acceptedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export type AcceptResult =
  | { result: 'accepted'; invitation: Invitation; membership: 'added' | 'exists' }
  | { result: 'not-found' | 'expired' | 'used' | 'revoked'; invitation: Invitation | null };

export interface InvitationsRepo {
  /** Stores the invitation; a pending one to the same address for the same organisation is revoked (it is sent again). */
  create(inv: Invitation): Promise<Invitation>;
  get(id: string): Promise<Invitation | null>;
  findByTokenHash(tokenHash: string): Promise<Invitation | null>;
  listByOrganisation(orgId: string): Promise<Invitation[]>;
  /** pending -> revoked; false when it was not pending. */
  revoke(orgId: string, id: string): Promise<boolean>;
  /**
   * Accepts by one compare-and-set (pending and unexpired at `now` -> accepted), and makes the user a
   * member with the invitation's roles in the same write. Exactly one of racing callers gets `accepted`.
   */
  accept(tokenHash: string, userId: string, now: Date): Promise<AcceptResult>;
}
