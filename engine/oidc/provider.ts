import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import type { Store } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';
import { adapterFactory } from './adapter.js';
import { enableRefreshReuseWindow, rotateRefreshToken } from './refresh-reuse.js';
import { ACCOUNT_SCOPE, APP_SCOPES } from './apps.js';
import { ACR_LEVELS, claimsFor } from './claims.js';
import { ClaimsRelease } from './claims-release.js';
import { consentClaims } from '../identity/consents.js';
import { html } from '../hosted/html.js';
import { deviceFlowFeature } from './device.js';
import { resourceIndicatorsFeature } from './resources.js';
import { deviceLimits } from './device-limits.js';
import { SIGNING_ALGORITHMS } from './keys.js';
import { localisedFormPost, pageNotFound, type OidcPages } from './pages.js';
import { oidcErrorKey } from './error-words.js';
import { ORGANISATION_CLAIMS } from '../organisations/sign-in.js';
import { isBlocked } from '../identity/blocking.js';

export interface ProviderOptions {
  issuer: string;
  store: Store;
  secrets: SecretBox;
  cookieSecret: string;
  signingKeys: JWK[];
  trustProxy: boolean;
  /** A rotated refresh token presented again within this many seconds gets the same successor. */
  refreshReuseSeconds?: number;
  /** Themed pages for the provider's own screens (errors, logout confirmation, device code entry). */
  pages: OidcPages;
  /** The login prompt's checks (assurance: single sign-on below the required level asks again). */
  interactionPolicy?: NonNullable<Configuration['interactions']>['policy'];
  /** Claims a token carries besides the account's (the organisation its grant signed in to). */
  grantClaims?: (grantId: string | undefined, clientId: string) => Promise<Record<string, unknown>>;
  /** Authorization request parameters beyond the standard ones, with their validators (e.g. `organization`). */
  extraParams?: Configuration['extraParams'];
}

/** oidc-provider configured for Gerbang: apps from the registry, storage on the store port. */
export function createProvider(o: ProviderOptions): Provider {
  // Browsers reach the provider at the issuer: over HTTPS its session and interaction cookies are
  // Secure, like Gerbang's own, even when TLS ends at a proxy that does not say so.
  const https = new URL(o.issuer).protocol === 'https:';
  // Claims and scopes follow the identity schema in the store (read before every provider request).
  const release = new ClaimsRelease(o.store, [...APP_SCOPES, ACCOUNT_SCOPE], { openid: ORGANISATION_CLAIMS });
  const configuration: Configuration = {
    adapter: adapterFactory(o.store.oidc, o.store.apps, o.secrets, () => release.schemaScopes()),
    clients: [],
    jwks: { keys: o.signingKeys as Configuration['jwks'] extends { keys: infer K } ? K : never },
    // Each app chooses its ID token signature (RS256 unless it says ES256); the key set has a key of each kind.
    enabledJWA: { idTokenSigningAlgValues: [...SIGNING_ALGORITHMS] },
    cookies: {
      keys: [o.cookieSecret],
      long: { signed: true, httpOnly: true, sameSite: 'lax', secure: https },
      short: { signed: true, httpOnly: true, sameSite: 'lax', secure: https },
    },
    // acr, amr and auth_time ride with the openid scope (claims.ts): apps always learn how the user
    // signed in. So do the organisation claims of a sign-in for an organisation (B2B).
    claims: { ...release.table(), sid: null } as Configuration['claims'],
    ...(o.extraParams ? { extraParams: o.extraParams } : {}),
    scopes: [...APP_SCOPES, ACCOUNT_SCOPE],
    acrValues: [...ACR_LEVELS],
    features: {
      devInteractions: { enabled: false },
      // Apps may ask for an essential acr in `claims` (OpenID Connect Core 5.5.1.1).
      claimsParameter: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // In the person's language, like the hosted pages (oidc/pages.ts).
        logoutSource: async (ctx, form) => {
          ctx.body = o.pages.signOut(ctx, form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = o.pages.signedOut(ctx);
        },
      },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      // TVs and devices without a browser (RFC 8628): the person confirms on their phone at /device.
      deviceFlow: deviceFlowFeature({
        pages: o.pages,
        brandingOf: async (clientId) => (await o.store.apps.get(clientId))?.branding ?? null,
      }),
      // Apps with a back-channel logout URI get a signed logout token when a session with them ends.
      backchannelLogout: { enabled: true },
      // Machine-to-machine: confidential apps get tokens for their allowed APIs, with no user.
      clientCredentials: { enabled: true },
      resourceIndicators: resourceIndicatorsFeature(o.store.apps),
    },
    // oidc-provider refuses outgoing requests to private and loopback addresses (SSRF). A back-channel
    // logout URI was registered by an administrator, and apps often live on the internal network, so
    // requests to exactly such a URI may go there; every other outgoing request keeps the protection.
    fetch: async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const registered = (await o.store.apps.list()).some((app) => app.backchannelLogoutUri && new URL(app.backchannelLogoutUri).href === url);
      return globalThis.fetch(input, registered ? { ...init, dispatcher: undefined } as RequestInit : init);
    },
    pkce: { required: () => true },
    // Browser apps (public clients, like the demo app) call the token and userinfo endpoints from the
    // origins of their redirect URIs; no other origin, and never a confidential client's secret from a page.
    clientBasedCORS: (ctx, origin, client) =>
      origin !== 'null' &&
      (ctx.oidc.route === 'userinfo' || client.clientAuthMethod === 'none') &&
      (client.redirectUris ?? []).some((uri) => URL.canParse(uri) && new URL(uri).origin === origin),
    // First-party CIAM apps get refresh tokens without the offline_access ceremony.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken,
    // Access tokens remember how the user signed in (acr, auth_time), for APIs that need a recent,
    // strong sign-in (the account API's destructive calls).
    extraTokenClaims: async (ctx, token) => {
      if (token.kind !== 'AccessToken') return undefined;
      const { AuthorizationCode: code, RefreshToken: refresh } = ctx.oidc.entities;
      const source = code ?? refresh;
      return source ? { acr: source.acr, auth_time: source.authTime } : undefined;
    },
    conformIdTokenClaims: false,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      DeviceCode: 600,
      ClientCredentials: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 365 * 24 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, ...(o.interactionPolicy ? { policy: o.interactionPolicy } : {}) },
    findAccount: async (_ctx, sub, token) => {
      const user = await o.store.users.findById(sub);
      // A blocked account gets no tokens, user info or single sign-on.
      if (!user || isBlocked(user)) return undefined;
      const grantId = token && 'grantId' in token ? (token.grantId as string | undefined) : undefined;
      const clientId = token && 'clientId' in token ? String(token.clientId) : '';
      // Read with the account, before the grant's writes: a read between them would split their commit.
      const grantClaims = o.grantClaims ? await o.grantClaims(grantId, clientId) : {};
      return {
        accountId: user.id,
        claims: async (_use, scope) => ({
          ...grantClaims,
          ...(claimsFor(user, release.current()) as { sub: string }),
          ...(scope.split(' ').includes('consents') ? { consents: await consentClaims(o.store, user.id) } : {}),
        }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      // In the person's language: a sentence per OAuth error (oidc-provider's description is written
      // for the app's developer); the code stays visible for support.
      const t = o.pages.t(ctx);
      const title = t('error.title');
      ctx.body = o.pages.render(
        ctx,
        title,
        html`<h1>${title}</h1><div class="alert error" role="alert">${t(oidcErrorKey(out.error, out.error_description))}</div><p class="hint">${t('oidcError.code', { code: out.error })}</p><p><a class="button secondary" href="/">${t('oidcError.home')}</a></p>`,
      );
    },
  };
  const provider = new Provider(o.issuer, configuration);
  provider.proxy = o.trustProxy;
  if (https) {
    // Koa refuses Secure cookies on a request it believes is plain HTTP: the request is the public
    // URL's, whatever the last hop was.
    const createContext = provider.createContext.bind(provider);
    provider.createContext = (req, res) => {
      const ctx = createContext(req, res);
      Object.defineProperty(ctx.request, 'protocol', { value: 'https' });
      return ctx;
    };
  }
  enableRefreshReuseWindow(provider, o.store.oidc, o.refreshReuseSeconds ?? 0, o.secrets);
  // Code guessing and fast polling of the device grant, counted in the store for every instance.
  provider.use(deviceLimits({ counters: o.store.counters, pages: o.pages }));
  // Its self-posting form (form_post answers, the sign-out without a provider session) in the person's language.
  provider.use(localisedFormPost(o.pages));
  // An address nobody answers: a page in the person's language for browsers.
  provider.use(pageNotFound(o.pages));
  release.attach(provider);
  provider.use(async (ctx, next) => {
    // Only the requests that check scopes or release claims need the schema (not discovery, keys...).
    if (SCHEMA_ROUTES.test(ctx.path)) await release.refresh();
    await next();
  });
  return provider;
}

/** Authorization, token, userinfo, device authorization and backchannel requests. */
const SCHEMA_ROUTES = /^\/(auth|token|me|device\/auth|\.well-known\/openid-configuration)(\/|$)/;
