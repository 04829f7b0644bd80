import { errors, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { Organisation, Store, User } from '../store/port.js';
import { methodsOf, type Level, type Proof } from '../identity/assurance.js';
import { methodsAllowed, ORG_ID_PATTERN, organisationClaims, policyLevel } from './rules.js';

/** The authorization request parameter by which an app asks for a sign-in to one organisation. */
export const ORGANIZATION_PARAM = 'organization';

/** The claims of the organisation a token speaks for (released with `openid`, documented in the README). */
export const ORGANISATION_CLAIMS = ['org_id', 'org_name', 'org_roles', 'org_permissions'] as const;

const GRANT_TTL_MS = 365 * 24 * 3600 * 1000;
const orgIdPattern = new RegExp(ORG_ID_PATTERN);

/** oidc-provider's validator of the `organization` parameter: a well-formed organisation id, when present. */
export const organizationParam = {
  [ORGANIZATION_PARAM]: (_ctx: KoaContextWithOIDC, value: string | undefined) => {
    if (value !== undefined && !orgIdPattern.test(value)) throw new errors.InvalidRequest('organization must be an organisation id');
  },
};

/** What the run's request keeps about the organisation: the one the app asked for. */
export const requestedOrganisation = (request: Record<string, unknown>): string | undefined =>
  typeof request.organization === 'string' ? request.organization : undefined;

/** The login prompt's reason when single sign-on speaks for another organisation than the app asks for. */
export const ORGANIZATION_REASON = 'organization';

/** Why a sign-in to an organisation is refused (the app hears `access_denied` with this description). */
export type Refusal = { refuse: string };

/**
 * Organisations at the OpenID Provider: the level an organisation demands raises the request's,
 * the organisation a sign-in is for is recorded against its grant (so its tokens carry the
 * organisation's claims), and a person who is not a member of the organisation an app asks for is
 * refused, at sign-in and on single sign-on alike.
 */
export class OrganisationSignIns {
  constructor(private readonly store: Store) {}

  /** The highest of the app's minimum and the asked-for organisation's. */
  async minimumFor(organisationId: string | undefined, appMinimum: Level | null | undefined): Promise<Level | null> {
    const org = organisationId ? await this.store.organisations.get(organisationId) : null;
    const level = org ? policyLevel(org.policy) : null;
    return Math.max(appMinimum ?? 0, level ?? 0) ? (Math.max(appMinimum ?? 0, level ?? 0) as Level) : null;
  }

  /** Whether a completed sign-in may be for the organisation: a member, with a method it allows. */
  async check(user: User, orgId: string, proofs: Proof[]): Promise<{ org: Organisation } | Refusal> {
    const org = await this.store.organisations.get(orgId);
    const member = org ? await this.store.memberships.get(orgId, user.id) : null;
    if (!org || !member) return { refuse: 'The user is not a member of the requested organization.' };
    if (!methodsAllowed(org.policy, methodsOf(proofs))) return { refuse: `The organization ${org.id} does not allow the sign-in methods used.` };
    return { org };
  }

  /**
   * At the end of a sign-in: which organisation it is for (the one chosen in the journey, or the one
   * the app asked for), checked, and recorded against the grant its tokens will belong to. Answers
   * the grant to finish the interaction with, null when the sign-in is for no organisation.
   */
  async finish(
    provider: Provider,
    details: { grantId?: string; params: Record<string, unknown> },
    user: User,
    state: { organisationId?: string; request: Record<string, unknown>; proofs?: Proof[] },
  ): Promise<{ grantId: string } | Refusal | null> {
    const requested = requestedOrganisation(state.request);
    if (requested && state.organisationId && requested !== state.organisationId) return { refuse: 'The sign-in was made for another organization than the one requested.' };
    const orgId = state.organisationId ?? requested;
    if (!orgId) return null;
    const checked = await this.check(user, orgId, state.proofs ?? []);
    if ('refuse' in checked) return checked;
    const clientId = String(details.params.client_id);
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing && existing.accountId === user.id && existing.clientId === clientId ? existing : new provider.Grant({ accountId: user.id, clientId });
    const grantId = existing === grant ? details.grantId! : await grant.save();
    await this.store.memberships.recordSignIn({ grantId, orgId, userId: user.id, expiresAt: new Date(Date.now() + GRANT_TTL_MS) });
    return { grantId };
  }

  /** The organisation claims of a grant's tokens for an app: computed now, so a removed member gets none. */
  async claims(grantId: string | undefined, clientId: string): Promise<Record<string, unknown>> {
    if (!grantId) return {};
    const signIn = await this.store.memberships.signInOf(grantId);
    if (!signIn) return {};
    const [org, membership] = await Promise.all([this.store.organisations.get(signIn.orgId), this.store.memberships.get(signIn.orgId, signIn.userId)]);
    if (!org || !membership) return {};
    return { ...organisationClaims(org, membership, await this.store.organisations.appPermissions(clientId)) };
  }

  /**
   * A check of the login prompt: an app asking for an organisation on single sign-on gets
   * `access_denied` when the person is not a member, and a new sign-in (which records the
   * organisation) when the session's grant speaks for another one.
   */
  loginCheck() {
    const { Check } = interactionPolicy;
    return new Check(ORGANIZATION_REASON, 'the sign-in must be for the requested organization', 'login_required', async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const requested = (oidc.params as Record<string, unknown>)[ORGANIZATION_PARAM];
      const accountId = oidc.session?.accountId;
      if (typeof requested !== 'string' || !accountId || oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
      if (!(await this.store.memberships.get(requested, accountId))) throw new errors.AccessDenied('The user is not a member of the requested organization.');
      const grantId = oidc.session?.grantIdFor(String(oidc.client?.clientId));
      const signIn = grantId ? await this.store.memberships.signInOf(grantId) : null;
      return signIn?.orgId === requested ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    });
  }
}

/** Adds the organisation check to an interaction policy's login prompt. */
export function withOrganisationCheck<P extends ReturnType<typeof interactionPolicy.base>>(policy: P, signIns: OrganisationSignIns): P {
  policy.get('login')!.checks.add(signIns.loginCheck());
  return policy;
}
