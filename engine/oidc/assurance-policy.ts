import { errors, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { App, Store } from '../store/port.js';
import { levelOfAcr, nowSeconds, proofsFromAmr, UnknownAcrError } from '../identity/assurance.js';
import { appMinimumLevel, type Assurance, type RequestedAssurance } from '../runtime/assurance.js';

/** The reason our login check gives when single sign-on is below the level the app and request need. */
export const STEP_UP_REASON = 'assurance_step_up';

/** What an authorization request demands (app settings, `acr_values`, essential `acr`, `max_age`). */
export function requestedAssurance(params: Record<string, unknown>, app: Pick<App, 'minAcr' | 'acceptsRememberedBrowser'> | null, claims?: unknown): RequestedAssurance {
  const split = (v: unknown) => (typeof v === 'string' ? v.split(' ').filter(Boolean) : []);
  const acr = (claims as { id_token?: { acr?: { essential?: boolean; value?: unknown; values?: unknown } } } | undefined)?.id_token?.acr;
  const essentialAcr = acr?.essential ? [...(typeof acr.value === 'string' ? [acr.value] : []), ...(Array.isArray(acr.values) ? acr.values.map(String) : [])] : [];
  const maxAge = params.max_age === undefined || params.max_age === null ? null : Number(params.max_age);
  return {
    appMinimum: appMinimumLevel(app?.minAcr),
    appAcceptsRememberedBrowser: app?.acceptsRememberedBrowser !== false,
    acrValues: split(params.acr_values),
    essentialAcr,
    maxAge: Number.isFinite(maxAge) ? maxAge : null,
  };
}

/**
 * oidc-provider's interaction policy with the engine's assurance rules in the login prompt: single
 * sign-on is refused (a login interaction is requested, which continues as a step-up for the same
 * user) when the session's level is below the highest of the app's minimum, the request's
 * `acr_values` / essential `acr`, the account's policy and its role. Levels are ordered, so the
 * exact-match essential acr checks are replaced by this one. A request naming only unknown acr
 * values is refused with `invalid_request`.
 */
export function assurancePolicy(deps: { store: Store; assurance: Assurance }) {
  const { Check, base } = interactionPolicy;
  const policy = base();
  const login = policy.get('login')!;
  login.checks.remove('essential_acr');
  login.checks.remove('essential_acrs');
  login.checks.add(
    new Check(STEP_UP_REASON, 'a stronger sign-in is required', 'login_required', async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      // A login that just finished in this interaction already passed the engine's own check (its
      // request's acr values were validated when the interaction began): nothing to read again.
      if (oidc.result?.login && oidc.session?.accountId) return Check.NO_NEED_TO_PROMPT;
      const app = await deps.store.apps.get(String(oidc.client?.clientId));
      const requested = requestedAssurance(oidc.params as Record<string, unknown>, app, oidc.claims);
      let requirement;
      const session = oidc.session;
      const accountId = session?.accountId;
      const user = accountId ? await deps.store.users.findById(accountId) : null;
      try {
        // Validates the acr values even before anyone is signed in.
        requirement = await deps.assurance.requirement(user, requested);
      } catch (err) {
        if (err instanceof UnknownAcrError) throw new errors.InvalidRequest(err.message);
        throw err;
      }
      if (!session || !accountId) return Check.NO_NEED_TO_PROMPT; // no_session asks for a sign-in anyway
      if (!user) return Check.REQUEST_PROMPT;
      const at = session.loginTs ?? nowSeconds(new Date());
      const level = levelOfAcr(session.acr) ?? 0;
      const proofs = proofsFromAmr(session.amr ?? [], at);
      return level < requirement.level || !deps.assurance.meets(proofs, requirement)
        ? Check.REQUEST_PROMPT
        : Check.NO_NEED_TO_PROMPT;
    }),
  );
  return policy;
}
