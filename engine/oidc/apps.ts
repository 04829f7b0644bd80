import express, { type Router } from 'express';
import { randomBytes } from 'node:crypto';
import { DuplicateError, type App, type Store } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';
import { HttpError, validate } from '../hosted/validate.js';

/** A redirect URI is exact: https, or http on a loopback host for development; no wildcard, no fragment. */
export function redirectUriProblem(uri: string): string | null {
  if (uri.includes('*')) return `"${uri}" contains a wildcard; register every redirect URI exactly`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URL`;
  }
  if (url.hash) return `"${uri}" must not contain a fragment (#)`;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) return `"${uri}" must use https (http is allowed for localhost only)`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${uri}" must use https`;
  if (url.username || url.password) return `"${uri}" must not contain credentials`;
  return null;
}

const COLOR = { type: 'string', pattern: '^#[0-9a-fA-F]{3,8}$' };
const uriList = { type: 'array', maxItems: 20, items: { type: 'string', minLength: 8, maxLength: 2000 } };

export const appInputSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{2,63}$', description: 'client id; generated when absent' },
    name: { type: 'string', minLength: 1, maxLength: 120 },
    type: { enum: ['public', 'confidential'] },
    redirectUris: { ...uriList, minItems: 1 },
    postLogoutRedirectUris: uriList,
    flowId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    branding: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', maxLength: 120 },
        logoUrl: { type: 'string', pattern: '^https://', maxLength: 2000 },
        primaryColor: COLOR,
        backgroundColor: COLOR,
        textColor: COLOR,
      },
    },
  },
} as const;

const createSchema = { ...appInputSchema, required: ['name', 'type', 'redirectUris', 'flowId'] };
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{2,63}$' } } };

/** The app as the admin API shows it: never the secret. */
function publicView(app: App) {
  const { secretCiphertext, ...rest } = app;
  return { ...rest, hasSecret: secretCiphertext !== null };
}

/** oidc-provider client metadata of an app. */
export function clientMetadata(app: App, secrets: SecretBox): Record<string, unknown> {
  return {
    client_id: app.id,
    client_name: app.name,
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    application_type: 'web',
    ...(app.type === 'public'
      ? { token_endpoint_auth_method: 'none' }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: secrets.open(app.secretCiphertext!) }),
  };
}

/** Admin API for the app registry: /api/apps. */
export function appsRouter(deps: { store: Store; secrets: SecretBox }): Router {
  const router = express.Router();
  const { store, secrets } = deps;

  const checkUris = (body: { redirectUris?: string[]; postLogoutRedirectUris?: string[] }) => {
    const problems = [...(body.redirectUris ?? []), ...(body.postLogoutRedirectUris ?? [])].map(redirectUriProblem).filter(Boolean);
    if (problems.length) throw new HttpError(400, 'invalid_redirect_uri', problems.join('; '));
  };
  const checkFlow = async (flowId: string | undefined) => {
    if (flowId && !(await store.flows.getActive(flowId))) throw new HttpError(400, 'unknown_flow', `There is no published flow "${flowId}".`);
  };
  const newSecret = () => randomBytes(32).toString('base64url');

  router.get('/apps', async (_req, res) => {
    res.json((await store.apps.list()).map(publicView));
  });

  router.post('/apps', validate({ body: createSchema }), async (req, res) => {
    const body = req.body as Omit<App, 'createdAt' | 'updatedAt' | 'secretCiphertext'> & { id?: string };
    checkUris(body);
    await checkFlow(body.flowId);
    const secret = body.type === 'confidential' ? newSecret() : null;
    const now = new Date();
    const app: App = {
      id: body.id ?? `app-${randomBytes(8).toString('hex')}`,
      name: body.name,
      type: body.type,
      redirectUris: body.redirectUris,
      postLogoutRedirectUris: body.postLogoutRedirectUris ?? [],
      flowId: body.flowId,
      branding: body.branding ?? {},
      secretCiphertext: secret ? secrets.seal(secret) : null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await store.apps.create(app);
    } catch (err) {
      if (err instanceof DuplicateError) throw new HttpError(409, 'conflict', `An app with client id "${app.id}" already exists.`);
      throw err;
    }
    // The secret is shown this once; afterwards only its existence is.
    res.status(201).json({ ...publicView(app), ...(secret ? { clientSecret: secret } : {}) });
  });

  router.get('/apps/:id', validate({ params: ID_PARAMS }), async (req, res) => {
    const app = await store.apps.get(String(req.params.id));
    if (!app) throw new HttpError(404, 'not_found', 'No such app.');
    res.json(publicView(app));
  });

  router.put('/apps/:id', validate({ params: ID_PARAMS, body: appInputSchema }), async (req, res) => {
    const { id: _ignored, ...patch } = req.body as Partial<App>;
    checkUris(patch);
    await checkFlow(patch.flowId);
    const current = await store.apps.get(String(req.params.id));
    if (!current) throw new HttpError(404, 'not_found', 'No such app.');
    let clientSecret: string | undefined;
    if (patch.type && patch.type !== current.type) {
      clientSecret = patch.type === 'confidential' ? newSecret() : undefined;
      patch.secretCiphertext = clientSecret ? secrets.seal(clientSecret) : null;
    }
    const app = await store.apps.update(current.id, patch);
    res.json({ ...publicView(app!), ...(clientSecret ? { clientSecret } : {}) });
  });

  router.post('/apps/:id/secret', validate({ params: ID_PARAMS }), async (req, res) => {
    const current = await store.apps.get(String(req.params.id));
    if (!current) throw new HttpError(404, 'not_found', 'No such app.');
    if (current.type !== 'confidential') throw new HttpError(400, 'public_client', 'Public clients have no secret; they use PKCE.');
    const clientSecret = newSecret();
    const app = await store.apps.update(current.id, { secretCiphertext: secrets.seal(clientSecret) });
    res.json({ ...publicView(app!), clientSecret });
  });

  router.delete('/apps/:id', validate({ params: ID_PARAMS }), async (req, res) => {
    if (!(await store.apps.delete(String(req.params.id)))) throw new HttpError(404, 'not_found', 'No such app.');
    res.status(204).end();
  });

  return router;
}

/** The demo app of the quick start: a public PKCE client bound to the seeded login flow. */
export async function seedDemoApp(store: Store): Promise<void> {
  if (await store.apps.get('demo-app')) return;
  const now = new Date();
  await store.apps.create({
    id: 'demo-app',
    name: 'Demo app',
    type: 'public',
    redirectUris: ['http://localhost:8080/callback'],
    postLogoutRedirectUris: ['http://localhost:8080/'],
    flowId: 'login-signup',
    branding: {},
    secretCiphertext: null,
    createdAt: now,
    updatedAt: now,
  });
}
