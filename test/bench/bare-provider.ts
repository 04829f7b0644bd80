/**
 * Baseline process: oidc-provider alone, serving the sign-in's OpenID part — authorization request,
 * interaction, resume, code for tokens (PKCE, a public app, RS256 ID tokens with a refresh token, as
 * the demo app) — with its in-memory adapter and an interaction that signs the person in at once: no
 * pages, no password, no store, no express. What is left of a sign-in's cost when everything Gerbang
 * adds to the provider is taken away, i.e. the floor of any design that keeps oidc-provider. A second
 * app signs its ID tokens with ES256, as the bench's ES256 app: its refresh grants are the same floor
 * for the refresh goal. Run on the server's core; prints one JSON line { url, app, es256App } when
 * listening; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';

/** The apps, public PKCE clients; their client ids and redirect URI go to the bench with the URL. */
const APP = { clientId: 'bare-app', redirectUri: 'http://127.0.0.1:9/callback' };
const ES256_APP = { clientId: 'bare-es256', redirectUri: APP.redirectUri };

const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
const { privateKey: ecKey } = await generateKeyPair('ES256', { extractable: true });
/** A public PKCE app of the code flow with refresh tokens, its ID tokens signed with `alg`. */
const publicClient = (app: typeof APP, alg: 'RS256' | 'ES256'): ClientMetadata => ({
  client_id: app.clientId,
  token_endpoint_auth_method: 'none',
  redirect_uris: [app.redirectUri],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  id_token_signed_response_alg: alg,
});

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

const provider = new Provider(url, {
  clients: [publicClient(APP, 'RS256'), publicClient(ES256_APP, 'ES256')],
  jwks: {
    keys: [
      { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bare' },
      { ...(await exportJWK(ecKey)), alg: 'ES256', use: 'sig', kid: 'bare-ec' },
    ],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  scopes: ['openid', 'email', 'offline_access'],
  claims: { openid: ['sub'], email: ['email'] },
  findAccount: async (_ctx: KoaContextWithOIDC, sub: string) => ({ accountId: sub, claims: async () => ({ sub, email: `${sub}@example.com` }) }),
  issueRefreshToken: async () => true,
  // The app's scopes are granted without a consent page (as Gerbang does for its first-party apps).
  loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
    grant.addOIDCScope('openid email offline_access');
    await grant.save();
    return grant;
  },
  cookies: { keys: ['the bare provider baseline cookie key'] },
});
const callback = provider.callback();
server.on('request', (req, res) => {
  // The interaction: the person is signed in at once (Gerbang's pages and password check stand here).
  if (req.url?.startsWith('/interaction/')) {
    provider.interactionFinished(req, res, { login: { accountId: 'bare-person' } }, { mergeWithLastSubmission: false }).catch((err: Error) => {
      res.statusCode = 500;
      res.end(err.message);
    });
    return;
  }
  callback(req, res);
});
console.log(JSON.stringify({ url, app: APP, es256App: ES256_APP }));

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
