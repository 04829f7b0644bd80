import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { PERMISSIONS } from '../admin/roles.js';
import { DuplicateError, type App, type AppBranding, type AppType, type Store } from '../store/port.js';
import type { SecretBox } from '../identity/secret-box.js';
import { FieldsRefused, HttpError } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { idSchema, paramsSchema } from '../http/ids.js';
import { redirectUriProblem, TYPE_ID, webRedirectUriProblem } from './redirect-uris.js';
import { requestLanguage, type Words } from '../http/words.js';
import { problemIn } from '../http/input-words.js';
import type { FlowPurpose } from '../flow/types.js';
import { ACR_LEVELS } from '../identity/assurance.js';
import { SIGNING_ALGORITHMS } from './keys.js';
import { DEMO_APP_CLIENT_ID, demoAppUris } from '../hosted/demo-app/addresses.js';
import { DEFAULT_LANGUAGE, type Language } from '../languages.js';

/** Scopes every app may ask for; `account` (the account API) only when the app setting allows it. */
export const APP_SCOPES = ['openid', 'offline_access', 'email', 'profile', 'phone', 'consents'];
export const ACCOUNT_SCOPE = 'account';

export { redirectUriProblem } from './redirect-uris.js';

export const APP_TYPES = ['public', 'confidential', 'native', 'device', 'machine'] as const satisfies readonly AppType[];
/** Apps that sign people in through a journey (every type but machine). */
const USER_FACING: readonly AppType[] = ['public', 'confidential', 'native', 'device'];
/** Apps that authenticate to the token endpoint with a secret. */
const WITH_SECRET: readonly AppType[] = ['confidential', 'machine'];
/** Apps that come back through a browser redirect. */
const WITH_REDIRECTS: readonly AppType[] = ['public', 'confidential', 'native'];

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const COLOR = { type: 'string', pattern: '^#[0-9a-fA-F]{3,8}$', examples: ['#1a73e8'] };
const uriList = (title: string, item: string) => ({ type: 'array', title, maxItems: 20, items: { type: 'string', title: item, minLength: 8, maxLength: 2000 } });
/** A scope token (RFC 6749 3.3): printable ASCII without space, quote or backslash. */
const SCOPE_TOKEN = { type: 'string', title: 'Scope', minLength: 1, maxLength: 100, pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' };

export const appInputSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { ...idSchema('client'), title: 'Client ID', examples: ['my-app'], description: 'client id; generated when absent' },
    name: { type: 'string', title: 'Name', minLength: 1, maxLength: 120 },
    type: {
      title: 'Type',
      enum: [...APP_TYPES],
      description:
        'public: browser app (PKCE, no secret); confidential: web app with a backend (secret); native: mobile or desktop app ' +
        '(PKCE, private-use scheme, loopback or claimed https redirects); device: TV or device without a browser (device ' +
        'authorization grant); machine: backend service (client credentials, no user)',
    },
    redirectUris: { ...uriList('Redirect URIs', 'Redirect URI'), description: 'exact redirect URIs; none for device and machine apps' },
    postLogoutRedirectUris: uriList('Post-logout redirect URIs', 'Post-logout redirect URI'),
    flowId: { ...idSchema('slug'), title: 'Journey', description: 'the journey its users go through; none for machine apps' },
    minAcr: { title: 'Minimum sign-in level', enum: [...ACR_LEVELS, null], description: 'lowest assurance level the app accepts; weaker sign-ins are stepped up' },
    acceptsRememberedBrowser: {
      type: 'boolean',
      title: 'Accept a remembered browser for the minimum level',
      description: 'a browser remembered after a second factor satisfies the minimum level (default true); when false, the second factor is asked for this app even there',
    },
    accountApi: { type: 'boolean', title: 'Allow the account API', description: "the app may ask for the `account` scope (the account API, with the user's consent)" },
    idTokenSignedResponseAlg: {
      title: 'ID token signature',
      enum: [...SIGNING_ALGORITHMS],
      description: "how the app's ID tokens are signed (default RS256): ES256 is faster and smaller; RS256 for libraries that only support it",
    },
    backchannelLogoutUri: {
      type: ['string', 'null'],
      title: 'Back-channel logout URI',
      minLength: 8,
      maxLength: 2000,
      description: 'receives a signed logout token when a user session with this app ends anywhere (null removes it)',
    },
    resources: {
      type: 'array',
      title: 'APIs it may call',
      maxItems: 20,
      description: 'APIs (resource indicators) the app may get access tokens for, and the scopes allowed at each',
      items: {
        type: 'object',
        title: 'API',
        additionalProperties: false,
        required: ['indicator', 'scopes'],
        properties: {
          indicator: { type: 'string', title: 'API address', pattern: '^https://[^#*]+$', examples: ['https://api.example.com'], maxLength: 2000 },
          scopes: { type: 'array', title: 'Scopes', maxItems: 50, uniqueItems: true, items: SCOPE_TOKEN },
        },
      },
    },
    branding: {
      type: 'object',
      title: 'Branding',
      additionalProperties: false,
      properties: {
        name: { type: 'string', title: 'Name shown on its pages', maxLength: 120 },
        logoUrl: { type: 'string', title: 'Logo URL', pattern: '^https://', examples: ['https://example.com/logo.svg'], maxLength: 2000 },
        primaryColor: { ...COLOR, title: 'Primary colour' },
        backgroundColor: { ...COLOR, title: 'Background colour' },
        textColor: { ...COLOR, title: 'Text colour' },
      },
    },
  },
} as const;

const createSchema = {
  ...appInputSchema,
  required: ['name', 'type'],
  allOf: [
    { if: { properties: { type: { enum: WITH_REDIRECTS } } }, then: { required: ['redirectUris', 'flowId'] } },
    { if: { properties: { type: { const: 'device' } } }, then: { required: ['flowId'] } },
    { if: { properties: { type: { const: 'machine' } } }, then: { required: ['resources'] } },
  ],
};
const ID_PARAMS = paramsSchema({ id: 'client' });
/** What the console sends while an app is typed: any URI text (half-typed ones get their problem named). */
const typedUris = (list: { title: string; items: { title: string } }) => ({ type: 'array', title: list.title, maxItems: 20, items: { type: 'string', title: list.items.title, maxLength: 2000 } });
const checkSchema = {
  ...appInputSchema,
  required: ['type'],
  properties: { ...appInputSchema.properties, redirectUris: typedUris(appInputSchema.properties.redirectUris), postLogoutRedirectUris: typedUris(appInputSchema.properties.postLogoutRedirectUris) },
};

type AppInput = Partial<Pick<App, 'id' | 'name' | 'type' | 'redirectUris' | 'postLogoutRedirectUris' | 'flowId' | 'backchannelLogoutUri' | 'resources' | 'branding' | 'minAcr' | 'acceptsRememberedBrowser' | 'accountApi' | 'idTokenSignedResponseAlg'>>;

/** What is wrong with an app: the words, and the JSON pointer of the field of the body they are about. */
export interface AppProblem {
  pointer: string;
  message: Words;
}

/** An app of a type, as a sentence starts with it: "public apps" / "Aplikasi publik". */
const apps = (type: AppType) => ({ en: `${type} apps`, id: `Aplikasi ${TYPE_ID[type]}` });
const NO_SUCH_APP: Words = { en: 'No such app.', id: 'Aplikasi tidak ditemukan.' };
/** The journeys' purposes in an Indonesian sentence ("perjalanan pemulihan"). */
const PURPOSE_ID: Record<FlowPurpose, string> = { 'sign-in': 'masuk', recovery: 'pemulihan', 'step-up': 'peningkatan keamanan', 'account-action': 'tindakan akun', 'admin-sign-in': 'masuk administrator' };

/**
 * What an app of its type may not have, each problem at the field it is about (a URI at its place in
 * its list): the admin API refuses such an app with these, and the console says each under its field.
 */
export function appProblems(app: Pick<App, 'type' | 'redirectUris' | 'postLogoutRedirectUris' | 'flowId' | 'backchannelLogoutUri' | 'resources'>): AppProblem[] {
  const problems: AppProblem[] = [];
  const { type } = app;
  if (WITH_REDIRECTS.includes(type)) {
    if (!app.redirectUris.length) problems.push({ pointer: '/redirectUris', message: { en: `${apps(type).en} need at least one redirect URI`, id: `${apps(type).id} memerlukan paling sedikit satu URI pengalihan` } });
    const each = (list: 'redirectUris' | 'postLogoutRedirectUris') =>
      app[list].forEach((uri, i) => {
        const problem = redirectUriProblem(uri, type);
        if (problem) problems.push({ pointer: `/${list}/${i}`, message: problem });
      });
    each('redirectUris');
    each('postLogoutRedirectUris');
  } else if (app.redirectUris.length || app.postLogoutRedirectUris.length) {
    problems.push({ pointer: app.redirectUris.length ? '/redirectUris' : '/postLogoutRedirectUris', message: { en: `${apps(type).en} have no redirect URIs`, id: `${apps(type).id} tidak memiliki URI pengalihan` } });
  }
  if (USER_FACING.includes(type) && !app.flowId) {
    problems.push({ pointer: '/flowId', message: { en: `${apps(type).en} need the journey their users go through (flowId)`, id: `${apps(type).id} memerlukan perjalanan yang dilalui penggunanya (flowId)` } });
  }
  if (type === 'machine') {
    if (app.flowId) problems.push({ pointer: '/flowId', message: { en: 'machine apps have no users, so no journey (flowId)', id: 'Aplikasi mesin tidak memiliki pengguna, jadi tidak memiliki perjalanan (flowId)' } });
    if (app.backchannelLogoutUri) {
      problems.push({ pointer: '/backchannelLogoutUri', message: { en: 'machine apps have no user sessions, so no back-channel logout URI', id: 'Aplikasi mesin tidak memiliki sesi pengguna, jadi tidak memiliki URI logout back-channel' } });
    }
    if (!app.resources.length) problems.push({ pointer: '/resources', message: { en: 'machine apps need at least one API they may call (resources)', id: 'Aplikasi mesin memerlukan paling sedikit satu API yang boleh dipanggil (resources)' } });
  }
  if (app.backchannelLogoutUri) {
    const problem = webRedirectUriProblem(app.backchannelLogoutUri);
    if (problem) problems.push({ pointer: '/backchannelLogoutUri', message: { en: `back-channel logout URI ${problem.en}`, id: `URI logout back-channel ${problem.id}` } });
  }
  const indicators = app.resources.map((r) => r.indicator);
  const again = indicators.findIndex((indicator, i) => indicators.indexOf(indicator) !== i);
  if (again >= 0) problems.push({ pointer: `/resources/${again}/indicator`, message: { en: 'each API (resource indicator) may be listed once', id: 'Setiap API (indikator sumber daya) hanya boleh dicantumkan sekali' } });
  return problems;
}

/** An app's problems as the kit's refused fields (English `message`, the words in every language). */
const asInput = (problems: AppProblem[]) => problems.map((p) => ({ in: 'body' as const, pointer: p.pointer, message: p.message.en, words: p.message }));

/** The refusal of an app with problems: each in `invalid` at its field; a URI's own problem is an `invalid_redirect_uri`. */
export function appRefused(problems: AppProblem[], error = problems.every((p) => p.message.en.startsWith('"')) ? 'invalid_redirect_uri' : 'invalid_client_metadata'): FieldsRefused {
  return new FieldsRefused(400, error, asInput(problems), { en: problems.map((p) => p.message.en).join('; '), id: problems.map((p) => p.message.id).join('; ') });
}

/** The app as the admin API shows it: never the secret. */
function publicView(app: App) {
  const { secretCiphertext, ...rest } = app;
  return { ...rest, hasSecret: secretCiphertext !== null };
}

/** The OAuth grants an app may use, by type. */
export function grantTypesOf(app: Pick<App, 'type' | 'resources'>): string[] {
  switch (app.type) {
    case 'device':
      return [DEVICE_CODE_GRANT, 'refresh_token'];
    case 'machine':
      return ['client_credentials'];
    case 'confidential':
      // A web app's backend may also call its allowed APIs for itself.
      return ['authorization_code', 'refresh_token', ...(app.resources.length ? ['client_credentials'] : [])];
    default:
      return ['authorization_code', 'refresh_token'];
  }
}

/** oidc-provider client metadata of an app. */
export function clientMetadata(app: App, secrets: SecretBox, extraScopes: readonly string[] = []): Record<string, unknown> {
  const redirects = WITH_REDIRECTS.includes(app.type);
  return {
    client_id: app.id,
    client_name: app.name,
    redirect_uris: redirects ? app.redirectUris : [],
    post_logout_redirect_uris: redirects ? app.postLogoutRedirectUris : [],
    grant_types: grantTypesOf(app),
    // The account scope only for apps allowed to use the account API (others get invalid_scope).
    scope: [...APP_SCOPES, ...extraScopes, ...(app.accountApi ? [ACCOUNT_SCOPE] : [])].join(' '),
    response_types: redirects ? ['code'] : [],
    // oidc-provider matches a native app's loopback redirect on any port (RFC 8252 7.3).
    application_type: app.type === 'native' ? 'native' : 'web',
    // Also signs its back-channel logout tokens.
    id_token_signed_response_alg: app.idTokenSignedResponseAlg ?? 'RS256',
    ...(app.backchannelLogoutUri ? { backchannel_logout_uri: app.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    ...(WITH_SECRET.includes(app.type) && app.secretCiphertext
      ? { token_endpoint_auth_method: 'client_secret_basic', client_secret: secrets.open(app.secretCiphertext) }
      : { token_endpoint_auth_method: 'none' }),
  };
}

/** Admin API for the app registry: /api/apps. */
export function appsRouter(deps: { store: Store; secrets: SecretBox; issuer: string; checkBranding?: (branding: AppBranding) => Promise<void> }): RouteTable {
  const router = new RouteTable();
  const { store, secrets } = deps;
  const audit = (req: Request, type: string, details: Record<string, unknown>) =>
    store.audit.record({ at: new Date(), type, userId: null, actor: req.admin?.id ?? null, ip: req.ip ?? null, details });
  /** Why the journey cannot be an app's, or null: it must be published and be a sign-in journey. */
  const journeyProblem = async (flowId: string | null): Promise<{ error: 'unknown_flow' | 'wrong_purpose'; message: Words } | null> => {
    if (!flowId) return null;
    const active = await store.flows.getActive(flowId);
    if (!active) return { error: 'unknown_flow', message: { en: `There is no published journey "${flowId}".`, id: `Tidak ada perjalanan terbit bernama "${flowId}".` } };
    const purpose = active.graph.purpose ?? 'sign-in';
    if (purpose === 'sign-in') return null;
    return {
      error: 'wrong_purpose',
      message: { en: `The journey "${flowId}" is a ${purpose} journey; apps start sign-in journeys.`, id: `Perjalanan "${flowId}" adalah perjalanan ${PURPOSE_ID[purpose]}; aplikasi memulai perjalanan masuk.` },
    };
  };

  const check = async (app: Parameters<typeof appProblems>[0] & { branding?: AppBranding }) => {
    if (app.branding) await deps.checkBranding?.(app.branding);
    const problems = appProblems(app);
    if (problems.length) throw appRefused(problems);
    const problem = await journeyProblem(app.flowId);
    if (problem) throw appRefused([{ pointer: '/flowId', message: problem.message }], problem.error);
  };
  const newSecret = () => randomBytes(32).toString('base64url');

  router.get('/apps', { permission: PERMISSIONS.appsRead, summary: 'List apps' }, async (_req, res) => {
    res.json((await store.apps.list()).map(publicView));
  });

  // The console checks what is typed as it is typed; the same rules as saving, nothing is written.
  router.post(
    '/apps/check',
    { permission: PERMISSIONS.appsWrite, summary: "Check an app's settings without saving: the problems saving would refuse, each at its field (`invalid`, as a refusal lists them)", body: checkSchema },
    async (req, res) => {
      const body = req.body as AppInput & Pick<App, 'name' | 'type'>;
      const candidate = { type: body.type, redirectUris: body.redirectUris ?? [], postLogoutRedirectUris: body.postLogoutRedirectUris ?? [], flowId: body.flowId ?? null, backchannelLogoutUri: body.backchannelLogoutUri ?? null, resources: body.resources ?? [] };
      const problems = appProblems(candidate);
      // The journey is looked up once the app's own rules leave nothing to say about it.
      const journey = problems.some((p) => p.pointer === '/flowId') ? null : await journeyProblem(candidate.flowId);
      if (journey) problems.push({ pointer: '/flowId', message: journey.message });
      const lang = requestLanguage(req);
      res.json({ invalid: asInput(problems).map((p) => problemIn(p, lang)) });
    },
  );

  router.post('/apps', { permission: PERMISSIONS.appsWrite, summary: 'Register an app (public, confidential, native, device or machine); confidential and machine apps get their secret once', body: createSchema, status: 201 }, async (req, res) => {
    const body = req.body as AppInput & Pick<App, 'name' | 'type'>;
    const now = new Date();
    const candidate = {
      type: body.type,
      redirectUris: body.redirectUris ?? [],
      postLogoutRedirectUris: body.postLogoutRedirectUris ?? [],
      flowId: body.flowId ?? null,
      backchannelLogoutUri: body.backchannelLogoutUri ?? null,
      resources: body.resources ?? [],
    };
    await check({ ...candidate, branding: body.branding });
    const secret = WITH_SECRET.includes(body.type) ? newSecret() : null;
    const app: App = {
      id: body.id ?? `app-${randomBytes(8).toString('hex')}`,
      name: body.name,
      ...candidate,
      branding: body.branding ?? {},
      minAcr: body.minAcr ?? null,
      acceptsRememberedBrowser: body.acceptsRememberedBrowser ?? true,
      accountApi: body.accountApi ?? false,
      idTokenSignedResponseAlg: body.idTokenSignedResponseAlg ?? 'RS256',
      secretCiphertext: secret ? secrets.seal(secret) : null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await store.apps.create(app);
    } catch (err) {
      if (err instanceof DuplicateError) throw new HttpError(409, 'conflict', { en: `An app with client id "${app.id}" already exists.`, id: `Aplikasi dengan ID klien "${app.id}" sudah ada.` });
      throw err;
    }
    await audit(req, 'app.created', { appId: app.id, name: app.name, type: app.type });
    // The secret is shown this once; afterwards only its existence is.
    res.status(201).json({ ...publicView(app), ...(secret ? { clientSecret: secret } : {}) });
  });

  router.get('/apps/:id', { permission: PERMISSIONS.appsRead, summary: 'An app', params: ID_PARAMS }, async (req, res) => {
    const app = await store.apps.get(String(req.params.id));
    if (!app) throw new HttpError(404, 'not_found', NO_SUCH_APP);
    res.json(publicView(app));
  });

  router.get('/apps/:id/connect', { permission: PERMISSIONS.appsRead, summary: 'What a developer needs to connect the app: issuer, discovery URL, client id, redirect URI, scopes', params: ID_PARAMS }, async (req, res) => {
    const app = await store.apps.get(String(req.params.id));
    if (!app) throw new HttpError(404, 'not_found', NO_SUCH_APP);
    res.json({
      issuer: deps.issuer,
      discoveryUrl: `${deps.issuer}/.well-known/openid-configuration`,
      clientId: app.id,
      type: app.type,
      hasSecret: app.secretCiphertext !== null,
      redirectUri: app.redirectUris[0] ?? null,
      scopes: app.type === 'machine' ? [] : ['openid', 'email', 'profile'],
    });
  });

  router.put('/apps/:id', { permission: PERMISSIONS.appsWrite, summary: 'Update an app', params: ID_PARAMS, body: appInputSchema }, async (req, res) => {
    const { id: _ignored, ...patch } = req.body as AppInput;
    const current = await store.apps.get(String(req.params.id));
    if (!current) throw new HttpError(404, 'not_found', NO_SUCH_APP);
    const next: App = { ...current, ...patch };
    // A machine app has no journey: turning an app into one drops it unless the request sets it.
    if (next.type === 'machine' && patch.flowId === undefined) next.flowId = null;
    await check(next);
    let clientSecret: string | undefined;
    const update: Partial<App> = { ...patch, flowId: next.flowId };
    if (WITH_SECRET.includes(next.type) !== WITH_SECRET.includes(current.type)) {
      clientSecret = WITH_SECRET.includes(next.type) ? newSecret() : undefined;
      update.secretCiphertext = clientSecret ? secrets.seal(clientSecret) : null;
    }
    const app = await store.apps.update(current.id, update);
    if (!app) throw new HttpError(404, 'not_found', NO_SUCH_APP);
    await audit(req, 'app.updated', { appId: app.id, fields: Object.keys(patch) });
    res.json({ ...publicView(app), ...(clientSecret ? { clientSecret } : {}) });
  });

  router.post('/apps/:id/secret', { permission: PERMISSIONS.appsWrite, summary: 'Issue a new client secret', params: ID_PARAMS }, async (req, res) => {
    const current = await store.apps.get(String(req.params.id));
    if (!current) throw new HttpError(404, 'not_found', NO_SUCH_APP);
    if (!WITH_SECRET.includes(current.type)) {
      throw new HttpError(400, 'public_client', { en: `${current.type} apps have no secret; they use PKCE.`, id: `${apps(current.type).id} tidak memiliki rahasia; aplikasi ini memakai PKCE.` });
    }
    const clientSecret = newSecret();
    const app = await store.apps.update(current.id, { secretCiphertext: secrets.seal(clientSecret) });
    await audit(req, 'app.secret.rotated', { appId: current.id });
    res.json({ ...publicView(app!), clientSecret });
  });

  router.delete('/apps/:id', { permission: PERMISSIONS.appsWrite, summary: 'Delete an app', params: ID_PARAMS, status: 204 }, async (req, res) => {
    const id = String(req.params.id);
    if (!(await store.apps.delete(id))) throw new HttpError(404, 'not_found', NO_SUCH_APP);
    await audit(req, 'app.deleted', { appId: id });
    res.status(204).end();
  });

  return router;
}

/** The demo app's addresses before it was served by Gerbang itself (tests and the bench still use them). */
export const LEGACY_DEMO_APP_URIS = { redirectUris: ['http://localhost:8080/callback'], postLogoutRedirectUris: ['http://localhost:8080/'] };

/** The demo app's name, in the language the shipped examples are seeded in (SEED_LANGUAGE). */
const DEMO_APP_NAME: Words = { en: 'Demo app', id: 'Aplikasi demo' };

/**
 * The demo app of the quick start: a public PKCE client bound to the seeded login flow, coming back to
 * the page Gerbang serves at the public URL's `/demo-app/` (and to the legacy localhost:8080 addresses).
 */
export function demoApp(now: Date, publicUrl?: string, lang: Language = DEFAULT_LANGUAGE): App {
  const served = publicUrl ? demoAppUris(publicUrl) : null;
  return {
    id: DEMO_APP_CLIENT_ID,
    name: DEMO_APP_NAME[lang],
    type: 'public',
    redirectUris: [...(served ? [served.redirectUri] : []), ...LEGACY_DEMO_APP_URIS.redirectUris],
    postLogoutRedirectUris: [...(served ? [served.postLogoutRedirectUri] : []), ...LEGACY_DEMO_APP_URIS.postLogoutRedirectUris],
    flowId: 'login-signup',
    branding: {},
    secretCiphertext: null,
    backchannelLogoutUri: null,
    resources: [],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * What a demo app seeded by an older Gerbang (only the legacy addresses) needs to reach the page now
 * served at the public URL, or null when there is nothing to add. A list an administrator changed is
 * left as it is.
 */
export function demoAppUpgrade(app: App, publicUrl: string): Pick<App, 'redirectUris' | 'postLogoutRedirectUris'> | null {
  const seeded = demoApp(app.createdAt, publicUrl);
  const legacy = (list: string[], old: string[]) => list.length === old.length && list.every((uri, i) => uri === old[i]);
  const redirects = legacy(app.redirectUris, LEGACY_DEMO_APP_URIS.redirectUris);
  const postLogout = legacy(app.postLogoutRedirectUris, LEGACY_DEMO_APP_URIS.postLogoutRedirectUris);
  if (!redirects && !postLogout) return null;
  return {
    redirectUris: redirects ? seeded.redirectUris : app.redirectUris,
    postLogoutRedirectUris: postLogout ? seeded.postLogoutRedirectUris : app.postLogoutRedirectUris,
  };
}

/** Upgrades racing with other writes: each tries again on what the others wrote, this many times. */
const DEMO_APP_UPGRADE_ATTEMPTS = 5;

/**
 * Registers the demo app on first start, and gives one seeded by an older Gerbang the addresses of the
 * page at the public URL. Safe when several instances start at once: one creates it (the others see
 * the duplicate and go on). The upgrade is a compare-and-set on the lists it was decided from: when an
 * administrator (or another instance) changed them after this instance read them, nothing is written
 * and the upgrade is decided again from a fresh read, so a newer edit is never overwritten.
 */
export async function seedDemoApp(store: Store, publicUrl: string, lang: Language = DEFAULT_LANGUAGE): Promise<void> {
  let app = await store.apps.get(DEMO_APP_CLIENT_ID);
  if (!app) {
    try {
      await store.apps.create(demoApp(new Date(), publicUrl, lang));
      return;
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
      app = await store.apps.get(DEMO_APP_CLIENT_ID);
    }
  }
  for (let attempt = 0; app && attempt < DEMO_APP_UPGRADE_ATTEMPTS; attempt++) {
    const upgrade = demoAppUpgrade(app, publicUrl);
    if (!upgrade) return;
    const read = { redirectUris: app.redirectUris, postLogoutRedirectUris: app.postLogoutRedirectUris };
    if (await store.apps.updateIfUris(app.id, read, upgrade)) return;
    app = await store.apps.get(DEMO_APP_CLIENT_ID);
  }
  if (app) throw new Error('The demo app kept changing while its addresses were upgraded; start again.');
}
