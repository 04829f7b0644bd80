import { pickLanguage } from '../hosted/i18n.js';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Store } from '../store/port.js';
import type { FlowRuntime } from '../runtime/runtime.js';
import type { Cookies } from '../http/cookies.js';
import type { CompletionHandler } from '../hosted/completions.js';
import type { LoadedRun } from '../runtime/runtime.js';
import { clientOf } from '../http/client.js';
import { inPersonWords, oidcRefusal } from './error-words.js';
import { validate } from '../http/validate.js';
import { idSchema, paramsSchema } from '../http/ids.js';

import { sha256 } from '../runtime/crypto.js';
import { acrFor, authTimeOf, methodsOf, proofsFromAmr, type Proof } from '../identity/assurance.js';
import type { SessionService } from '../identity/sessions.js';
import { requestedOf, type Assurance } from '../runtime/assurance.js';
import { startStepUp } from '../runtime/assurance-enforcement.js';
import { requestedAssurance } from './assurance-policy.js';
import { PageContext, type PageShell } from '../http/page.js';
import type { Csrf } from '../http/csrf.js';
import { html } from '../hosted/html.js';
import { ACCOUNT_SCOPE } from './apps.js';
import { ORGANIZATION_REASON, type OrganisationSignIns } from '../organisations/sign-in.js';
import { seeOther } from '../http/redirect.js';

const UID = paramsSchema({ uid: 'interaction' });

interface Deps {
  shell: PageShell;
  csrf: Csrf;
  provider: () => Provider;
  store: Store;
  runtime: FlowRuntime;
  cookies: Cookies;
  sessions: SessionService;
  assurance: Assurance;
  /** Organisations (B2B): the `organization` parameter, the organisation's level, its claims' grant. */
  organisations?: OrganisationSignIns;
  /**
   * Answers with the run's current page (the hosted run pages): the journey's first page is shown
   * where the interaction lands, without a redirect and a second request for it. Its form posts to
   * the run's own address, from where the journey goes on as usual.
   */
  showRun?: (req: Request, res: Response, loaded: LoadedRun) => Promise<void>;
}

/** The `claims` request parameter, when it is valid JSON (oidc-provider has validated it already). */
function parseClaims(claims: unknown): unknown {
  if (typeof claims !== 'string') return claims;
  try {
    return JSON.parse(claims);
  } catch {
    return undefined;
  }
}

/**
 * What the browser's sign-in proved, with each factor's time: Gerbang's own session when it is the
 * same user's, otherwise the provider session's methods at its login time.
 */
async function sessionProofs(deps: Deps, req: Request, accountId: string, providerSessionId: string | undefined): Promise<Proof[]> {
  const own = await deps.sessions.resolve(deps.cookies.read(req, 'sid'));
  if (own?.userId === accountId && own.proofs.length) return own.proofs;
  const stored = providerSessionId ? await deps.provider().Session.find(providerSessionId) : undefined;
  return proofsFromAmr(stored?.amr ?? [], stored?.loginTs ?? 0);
}

/**
 * oidc-provider's interactions, answered by flows. A login prompt starts a run of the app's flow;
 * when the run succeeds the browser comes back here and the interaction is finished with the user's
 * account and authentication context. Consent is granted for first-party apps without a screen.
 */
export function interactionRouter(deps: Deps): Router {
  const router = express.Router();

  router.get('/interaction/:uid', validate({ params: UID }), async (req, res) => {
    await landOnInteraction(deps, req, res, await deps.provider().interactionDetails(req, res));
  });

  /** The person's answer to the account-API consent page. */
  router.post(
    '/interaction/:uid/consent',
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }),
    deps.csrf.guard(deps.cookies, (req, res) => {
      const p = new PageContext(deps.shell, req, res);
      p.message(403, p.t('error.title'), p.t('error.csrf'));
    }),
    validate({ params: UID, body: { type: 'object', required: ['decision'], properties: { decision: { enum: ['allow', 'deny'] }, _csrf: { type: 'string' } } } }),
    async (req, res) => {
      const provider = deps.provider();
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'consent') throw oidcRefusal(400, 'invalid_request', 'oidcError.nothing_to_consent');
      if ((req.body as { decision: string }).decision !== 'allow') {
        return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user did not allow access to their account.' }, { mergeWithLastSubmission: false });
      }
      await finishConsent(provider, req, res, details, details.prompt.details as MissingGrant);
    },
  );

  /** The run of this interaction succeeded: tell the provider who signed in, and how. */
  router.get(
    '/interaction/:uid/complete',
    validate({ params: UID, query: { type: 'object', required: ['run'], properties: { run: idSchema('run') } } }),
    async (req, res) => {
      const provider = deps.provider();
      const details = await provider.interactionDetails(req, res);
      const runId = typeof req.query.run === 'string' ? req.query.run : '';
      const bid = deps.cookies.browserId(req, res);
      const loaded = await deps.runtime.load(runId, sha256(bid));
      await provider.interactionFinished(req, res, await signInResult(deps, provider, details, loaded), { mergeWithLastSubmission: false });
    },
  );

  router.get(
    '/interaction/:uid/abort',
    validate({ params: UID, query: { type: 'object', properties: { reason: { enum: ['unmet'] } } } }),
    async (req, res) => {
      const provider = deps.provider();
      await provider.interactionDetails(req, res);
      const result =
        req.query.reason === 'unmet'
          ? { error: 'unmet_authentication_requirements', error_description: 'The sign-in did not reach the level this app requires.' }
          : { error: 'access_denied', error_description: 'The user did not complete the sign-in journey.' };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    },
  );

  // A stale or foreign interaction (its cookie gone, another browser's): the error page in the person's words.
  router.use(((err, _req, _res, next) => next(inPersonWords(err))) satisfies ErrorRequestHandler);

  return router;
}

/**
 * The login prompt of a fresh sign-in answered where the authorization request lands: oidc-provider
 * has saved the interaction and set its cookies, and would redirect to `/interaction/:uid`; the
 * journey's first page is the answer instead (one request fewer; the page's form posts to the run, the
 * interaction is found from the run when it ends). A koa middleware of the provider, around its routes.
 * Everything else (consent, single sign-on, step-up, the device flow), and any failure before the page
 * is sent, keeps the redirect, whose GET answers as before.
 */
export function landingAtAuthorization(deps: Deps) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const interaction = ctx.oidc?.entities.Interaction;
    if (ctx.oidc?.route !== 'authorization' || ctx.method !== 'GET' || ctx.status !== 303 || !interaction) return;
    const details = interaction as unknown as InteractionDetails;
    if (details.prompt.name !== 'login' || details.session?.accountId) return;
    const location = ctx.response.get('Location');
    if (location !== `/interaction/${details.uid}`) return;
    const req = ctx.req as Request;
    const res = ctx.res as Response;
    // The interaction's cookies stay; the redirect goes.
    res.removeHeader('Location');
    try {
      await landOnInteraction(deps, req, res, details);
      ctx.respond = false;
    } catch (err) {
      if (res.headersSent) {
        ctx.respond = false;
        throw err;
      }
      res.statusCode = 303;
      res.setHeader('Location', location);
    }
  };
}

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;
type InteractionResult = Parameters<Provider['interactionFinished']>[2];

/**
 * Where an interaction lands: the login prompt starts a run of the app's journey (or a step-up of the
 * signed-in user) and answers with its first page; the consent prompt is granted without a screen for
 * first-party apps, or asks the person about the account API.
 */
async function landOnInteraction(deps: Deps, req: Request, res: Response, details: InteractionDetails): Promise<void> {
  const provider = deps.provider();
  const { prompt, params, session } = details;
  const clientId = String(params.client_id);

  if (prompt.name === 'consent') {
    const missing = prompt.details as MissingGrant;
    // First-party apps get their ordinary scopes without a screen; managing the account through the
    // account API is asked to the person.
    if (missing.missingOIDCScope?.includes(ACCOUNT_SCOPE)) {
      const app = await deps.store.apps.get(clientId);
      const p = new PageContext(deps.shell, req, res);
      const token = deps.csrf.token(deps.cookies.browserId(req, res));
      return p.send(
        200,
        p.t('consent.account.title'),
        html`<h1>${p.t('consent.account.title')}</h1><p class="intro">${p.t('consent.account.intro', { app: app?.branding.name ?? app?.name ?? clientId })}</p>
<form method="post" action="/interaction/${details.uid}/consent"><input type="hidden" name="_csrf" value="${token}"><div class="actions"><button type="submit" name="decision" value="allow" class="primary">${p.t('consent.account.allow')}</button><button type="submit" name="decision" value="deny" class="secondary">${p.t('consent.account.deny')}</button></div></form>`,
      );
    }
    return finishConsent(provider, req, res, details, missing);
  }

  const app = await deps.store.apps.get(clientId);
  if (!app?.flowId) throw oidcRefusal(400, 'invalid_client', 'oidcError.invalid_client');
  const bid = deps.cookies.browserId(req, res);
  const requested = requestedAssurance(params, app, parseClaims(params.claims));
  const organization = typeof params.organization === 'string' ? params.organization : undefined;
  if (deps.organisations) requested.appMinimum = await deps.organisations.minimumFor(organization, requested.appMinimum);
  const request = {
    clientId,
    scopes: String(params.scope ?? '').split(' ').filter(Boolean),
    acrValues: requested.acrValues,
    essentialAcr: requested.essentialAcr,
    appMinimum: requested.appMinimum,
    // Only when refused, so the mfa step of this run (and of its step-up) asks even a remembered browser.
    ...(requested.appAcceptsRememberedBrowser === false ? { appAcceptsRememberedBrowser: false } : {}),
    prompt: params.prompt ?? null,
    maxAge: requested.maxAge,
    loginHint: params.login_hint ?? null,
    ...(organization ? { organization } : {}),
  };
  const origin = { kind: 'oidc', uid: details.uid, clientId, cancelUrl: `/interaction/${details.uid}/abort` };

  // Signed in already, but not strongly or recently enough for this app and request: the same user
  // proves more (step-up). `prompt=login` and a new browser run the app's journey instead.
  const accountId = session?.accountId;
  if (accountId && !prompt.reasons.includes('login_prompt') && !prompt.reasons.includes('no_session')) {
    const user = await deps.store.users.findById(accountId);
    if (user) {
      const proofs = await sessionProofs(deps, req, accountId, session.cookie);
      const required = await deps.assurance.requirement(user, requested);
      // Only the organisation changed (the app asks for another one) and the sign-in is strong enough:
      // the same sign-in now speaks for that organisation, without a journey.
      if (deps.organisations && prompt.reasons.length === 1 && prompt.reasons[0] === ORGANIZATION_REASON && deps.assurance.meets(proofs, required)) {
        const organisation = await deps.organisations.finish(provider, details, user, { request, proofs });
        const result = !organisation || 'refuse' in organisation
          ? { error: 'access_denied', error_description: organisation?.refuse ?? 'No organization was requested.' }
          : { login: loginResult(user.id, proofs), consent: { grantId: organisation.grantId } };
        return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      }
      const loaded = await startStepUp(
        deps,
        { browserHash: sha256(bid), origin, request, proofs },
        user,
        required,
        req.ip ?? null,
        req.headers['user-agent'] ?? null,
      );
      return deps.showRun ? deps.showRun(req, res, loaded) : seeOther(res, `/flow/${loaded.run.id}`);
    }
  }

  const loaded = await deps.runtime.start({
    flowId: app.flowId,
    browserHash: sha256(bid),
    origin,
    request,
    initial: typeof params.login_hint === 'string' ? { email: params.login_hint.trim().toLowerCase() } : undefined,
    client: clientOf(req),
    purposes: ['sign-in'],
    lang: pickLanguage(deps.cookies.read(req, 'lang'), req.headers['accept-language']),
  });
  if (deps.showRun) return deps.showRun(req, res, loaded);
  seeOther(res, `/flow/${loaded.run.id}`);
}

/**
 * What the provider is told when the run of interaction `details` ends: who signed in and how, with the
 * level checked again (the completion URL can be called directly) unless `levelEnforced` (the caller
 * is the completion, which enforced it a moment before in the same request), the organisation it is
 * for, and the consent granted without a screen where the app's policy allows (login and consent in
 * one result: the provider then answers the app at once).
 */
async function signInResult(
  deps: Pick<Deps, 'store' | 'assurance' | 'organisations'>,
  provider: Provider,
  details: InteractionDetails,
  loaded: LoadedRun,
  levelEnforced = false,
): Promise<InteractionResult> {
  if (loaded.run.origin.uid !== details.uid || loaded.run.status !== 'completed' || !loaded.state.userId) {
    throw oidcRefusal(400, 'invalid_request', 'oidcError.not_completed');
  }
  const user = await deps.store.users.findById(loaded.state.userId);
  const proofs = loaded.state.proofs ?? [];
  const requested = requestedOf(loaded.state);
  // A step-up proves more for one account: ended with another, its proofs mix two people's (as the
  // completion refuses it, so does this URL, which the browser may call instead of the refusal).
  const otherAccount = requested.stepUpFor !== undefined && requested.stepUpFor !== loaded.state.userId;
  if (!user || otherAccount || (!levelEnforced && !deps.assurance.meets(proofs, await deps.assurance.requirement(user, requested)))) {
    throw oidcRefusal(403, 'unmet_authentication_requirements', 'oidcError.unmet_authentication_requirements');
  }
  // A sign-in for an organisation: checked (member, allowed methods) and tied to the grant its tokens use.
  const organisation = deps.organisations ? await deps.organisations.finish(provider, details, user, loaded.state) : null;
  if (organisation && 'refuse' in organisation) return { error: 'access_denied', error_description: organisation.refuse };
  const consent = organisation ? { grantId: organisation.grantId } : await consentWithoutScreen(provider, details, loaded.state.userId);
  return { login: loginResult(loaded.state.userId, proofs), ...(consent ? { consent } : {}) };
}

/**
 * Finishes the interaction of a run that just succeeded, in the answer to the run's last step: the
 * browser goes straight back to the provider's authorization endpoint, without a request to the
 * completion URL in between. The interaction is found by the run's record of it (the run is bound to
 * this browser, and was started from this interaction with its cookie); its result is saved as the
 * provider does for `interactionFinished`. False when the interaction is gone (expired): the caller
 * then goes the long way, which explains it. It is called only by a completion that enforced the
 * required level (enforceAssurance), so the level is not computed a second time.
 */
export function interactionFinisher(deps: Pick<Deps, 'provider' | 'store' | 'assurance' | 'organisations'>) {
  return async (res: Response, loaded: LoadedRun): Promise<boolean> => {
    const provider = deps.provider();
    const interaction = await provider.Interaction.find(String(loaded.run.origin.uid));
    if (!interaction) return false;
    interaction.result = await signInResult(deps, provider, interaction as unknown as InteractionDetails, loaded, true);
    await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    seeOther(res, interaction.returnTo);
    return true;
  };
}

/**
 * Completion of runs started by an interaction: back to the interaction, which answers the app —
 * finished here at once with `finish`, otherwise through the completion URL.
 */
export function oidcCompletion(
  signIn: (req: Request, res: Response, userId: string, proofs: Proof[], flowId: string, appId?: string) => Promise<void>,
  finish?: (res: Response, loaded: LoadedRun) => Promise<boolean>,
): CompletionHandler {
  return async ({ outcome, loaded, req, res }) => {
    const uid = String(loaded.run.origin.uid);
    if (outcome === 'failure') return seeOther(res, `/flow/${loaded.run.id}`);
    // Gerbang's own session too, so /account knows the user.
    await signIn(req, res, loaded.state.userId!, loaded.state.proofs ?? [], loaded.graph.id, typeof loaded.run.origin.clientId === 'string' ? loaded.run.origin.clientId : undefined);
    if (finish && (await finish(res, loaded))) return;
    seeOther(res, `/interaction/${uid}/complete?run=${loaded.run.id}`);
  };
}

type MissingGrant = { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };

/** Grants what the consent prompt found missing, and lets the provider continue. */
async function finishConsent(provider: Provider, req: Request, res: Response, details: Awaited<ReturnType<Provider['interactionDetails']>>, missing: MissingGrant) {
  const accountId = details.session!.accountId;
  const clientId = String(details.params.client_id);
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/**
 * The consent first-party apps get without a screen (their requested OpenID scopes and claims), granted
 * together with the login. Null when the request needs the person's answer (the account API) — then the
 * provider's consent prompt follows as before, as it does for anything this grant does not cover
 * (e.g. an API's scopes).
 */
async function consentWithoutScreen(provider: Provider, details: Awaited<ReturnType<Provider['interactionDetails']>>, accountId: string): Promise<{ grantId: string } | null> {
  const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
  if (!scopes.includes('openid') || scopes.includes(ACCOUNT_SCOPE)) return null;
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing?.accountId === accountId && existing.clientId === clientId ? existing : new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(scopes.join(' '));
  const claims = parseClaims(details.params.claims) as { userinfo?: Record<string, unknown>; id_token?: Record<string, unknown> } | null;
  const claimNames = [...Object.keys(claims?.userinfo ?? {}), ...Object.keys(claims?.id_token ?? {})];
  if (claimNames.length) grant.addOIDCClaims([...new Set(claimNames)]);
  return { grantId: await grant.save() };
}

/** What the provider's session and tokens say about a sign-in: the level reached, its methods and when. */
export function loginResult(accountId: string, proofs: Proof[]) {
  const amr = methodsOf(proofs);
  return { accountId, amr, acr: acrFor(amr), ts: authTimeOf(proofs), remember: true };
}
