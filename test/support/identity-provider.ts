import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  given_name: string;
  family_name: string;
  picture: string;
  /** Links a provider may send; whatever it sends must be checked by Gerbang. */
  website?: string;
  profile?: string;
}

/**
 * A real OpenID Provider (oidc-provider) on loopback, standing in for Google or any external
 * provider. Its login screen signs in `nextLogin` at once, or denies when it is 'deny'.
 */
export async function startIdentityProvider(opts: { clientId: string; clientSecret: string; redirectUris: string[] }) {
  const accounts = new Map<string, TestAccount>();
  const control: { nextLogin: string | 'deny' } = { nextLogin: 'deny' };
  const app = express();
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: opts.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    features: { devInteractions: { enabled: false } },
    // Google's userinfo path shape: passport-google-oauth20 reads OpenID-style profiles from '.../userinfo'.
    routes: { userinfo: '/userinfo' },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name', 'picture', 'website', 'profile'] },
    cookies: { keys: ['test-idp-cookie-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (_ctx, interaction) => `/login/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const a = accounts.get(sub);
      return a ? { accountId: sub, claims: async () => ({ ...a, name: `${a.given_name} ${a.family_name}` }) } : undefined;
    },
  });
  app.get('/login/:uid', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    if (control.nextLogin === 'deny') {
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user said no' }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'login') {
      return provider.interactionFinished(req, res, { login: { accountId: control.nextLogin } }, { mergeWithLastSubmission: false });
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });
  app.use(provider.callback());
  return {
    issuer,
    accounts,
    control,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
