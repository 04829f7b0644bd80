import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { readConfig, loadOrCreateSecret, ConfigError, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openStore } from './store/index.js';
import type { Store, User } from './store/port.js';
import { createNodeRegistry } from './nodes/index.js';
import type { NodeRegistry } from './nodes/registry.js';
import { createTranslator, pickLanguage } from './hosted/i18n.js';
import { LANGUAGE_CODES } from './languages.js';
import { FlowRuntime } from './runtime/runtime.js';
import { argon2idHasher } from './methods/password/hashing.js';
import { SessionService } from './identity/sessions.js';
import { Cookies } from './http/cookies.js';
import { Csrf } from './http/csrf.js';
import { currentUserLookup } from './http/current-user.js';
import { jsonErrors, pageErrors } from './http/error-handlers.js';
import { securityHeaders } from './http/security-headers.js';
import type { PageShell } from './http/page.js';
import { accountCompletion, Completions, directCompletion, sessionSignIn } from './hosted/completions.js';
import type { HostedDeps } from './hosted/deps.js';
import { hostedRouter, languageSwitch } from './hosted/router.js';
import { layout, messageBody } from './hosted/render.js';
import { seedFlows } from './runtime/seed-flows.js';
import { FlowProver } from './runtime/flow-proof.js';
import { ACR_LEVELS, acrFor, SCOPE_CLAIMS } from './oidc/claims.js';
import { requireAdmin } from './admin/auth.js';
import { ensureBootstrapAdmin } from './admin/bootstrap.js';
import { apiRouter } from './admin/api.js';
import { SecretBox } from './identity/secret-box.js';
import { createProvider } from './oidc/provider.js';
import { loadSigningKeys, rotateSigningKeys } from './oidc/keys.js';
import { prepareDataDir } from './store/data-dir.js';
import { interactionRouter, oidcCompletion } from './oidc/interactions.js';
import { appsRouter, seedDemoApp } from './oidc/apps.js';
import { oidcPages } from './oidc/pages.js';
import { ProviderSessionEnder, storeEndingProviderSessions } from './oidc/backchannel.js';
import { deviceMessages } from './oidc/device.js';
import { flowsRouter } from './admin/flows.js';
import { keysRouter } from './admin/keys.js';
import { designerRouter } from './admin/designer.js';
import { seedConsentPurposes } from './identity/consents.js';
import { usersRouter } from './admin/users.js';
import { AccountService } from './account/service.js';
import { accountRouter } from './account/routes.js';
import { accountApiRouter } from './account/api.js';
import { accountMessages } from './account/messages.js';
import { OneTimeCodes } from './methods/codes/one-time-codes.js';
import { Assurance } from './runtime/assurance.js';
import { enforceAssurance } from './runtime/assurance-enforcement.js';
import { assurancePolicy } from './oidc/assurance-policy.js';
import { reauthCompletion, unmetPage } from './account/reauth.js';
import type { CompletionArgs } from './hosted/completions.js';
import { createEmailConnector } from '../connectors/email.js';
import { createSmsConnector } from '../connectors/sms.js';
import { createMailer, createSmsSender } from './notifications/senders.js';
import { socialDirectory } from './methods/social/connection.js';
import type { NodeServices } from './nodes/services.js';

/** A running Gerbang: what tests and the CLI need to reach and stop it. */
export interface Gerbang {
  config: Config;
  url: string;
  app: Express;
  server: Server;
  store: Store;
  registry: NodeRegistry;
  runtime: FlowRuntime;
  logger: Logger;
  close(): Promise<void>;
}

/** The composition root: picks the store, wires every part, seeds, and listens. */
export async function startGerbang(config: Config): Promise<Gerbang> {
  const logger = createLogger({ silent: config.logSilent });
  const dataDir = prepareDataDir(config.dataDir);
  if (dataDir.warning) logger.warn(dataDir.warning);
  const openedStore = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  // Every way a Gerbang session ends also ends its provider session, with back-channel logout to the apps.
  const sessionEnder = new ProviderSessionEnder({ provider: () => provider, oidc: openedStore.oidc, sessions: openedStore.sessions, logger });
  const store = storeEndingProviderSessions(openedStore, () => sessionEnder, logger);
  const registry = createNodeRegistry();
  const nodeMessages = registry.messages();
  const translate = createTranslator(Object.fromEntries(LANGUAGE_CODES.map((lang) => [lang, { ...nodeMessages[lang], ...accountMessages[lang], ...deviceMessages[lang] }])));
  const now = () => new Date();
  const secret = loadOrCreateSecret(config.dataDir, 'cookieSecret', config.secret);
  const secrets = new SecretBox(loadOrCreateSecret(config.dataDir, 'encryptionKey', config.encryptionKey));

  const codes = new OneTimeCodes(store.codes, store.counters, loadOrCreateSecret(config.dataDir, 'codeSecret', undefined), now);
  const appName = config.theme.name;
  const services: NodeServices = {
    store,
    clock: { now },
    passwords: argon2idHasher,
    codes,
    mailer: createMailer(createEmailConnector({ smtpUrl: config.smtp.url, ...config.smtp, dataDir: config.dataDir }, logger), appName),
    sms: createSmsSender(createSmsConnector({ ...config.sms, dataDir: config.dataDir }, logger), appName),
    social: socialDirectory(config.socialConnectors),
    secrets,
    logger,
    publicUrl: config.publicUrl,
    appName,
  };

  const runtime = new FlowRuntime({ store, registry, translate, runTtlMs: config.runTtlMs, services });
  // The proof on publish checks journeys against what exists: consent purposes first, then journeys.
  const prover = new FlowProver({
    store,
    registry,
    socialConnections: () => config.socialConnectors.keys(),
    levels: { levelOf: acrFor, rank: (acr) => ACR_LEVELS.indexOf(acr as (typeof ACR_LEVELS)[number]) },
    standardAttributes: [...SCOPE_CLAIMS.profile, ...SCOPE_CLAIMS.phone],
  });
  await seedConsentPurposes(store);
  await seedFlows(store, prover, logger);
  await seedDemoApp(store);
  await ensureBootstrapAdmin({
    store,
    passwords: argon2idHasher,
    logger,
    dataDir: config.dataDir,
    email: config.adminEmail,
    password: config.adminPassword,
  });

  const cookies = new Cookies(config.publicUrl);
  const sessions = new SessionService(store, config.sessionTtlMs, now);
  const completions = new Completions();
  const shell: PageShell = {
    theme: config.theme,
    translate,
    languageOf: (req) => pickLanguage(cookies.read(req, 'lang'), req.headers['accept-language']),
    document: layout,
    messageBody,
  };
  const currentUser = currentUserLookup({ store, sessions, cookies });
  const hostedDeps: HostedDeps = {
    store,
    runtime,
    sessions,
    cookies,
    csrf: new Csrf(secret),
    shell,
    currentUser,
    completions,
    logger,
    defaultFlowId: config.defaultFlowId,
    publicUrl: config.publicUrl,
    sessionTtlMs: config.sessionTtlMs,
    rateLimitPerMinute: config.rateLimitPerMinute,
    themeFor: async (origin) => (origin.kind === 'oidc' ? ((await store.apps.get(String(origin.clientId)))?.branding ?? null) : null),
  };
  // Assurance: no completion gives a session below the required level; recoveries revoke the rest.
  const assurance = new Assurance(store, now, config.reauthWindowSeconds);
  const enforcement = {
    store,
    runtime,
    assurance,
    logger,
    revokeOthers: async ({ req }: CompletionArgs, user: User) => {
      await store.sessions.deleteByUser(user.id);
      await store.oidc.revokeByAccount(user.id);
      await store.audit.record({ at: now(), type: 'sessions.revoked', userId: user.id, actor: user.id, ip: req.ip ?? null, details: { reason: 'recovery' } });
    },
  };
  completions.register('direct', enforceAssurance(enforcement, directCompletion(hostedDeps), unmetPage(hostedDeps)));
  completions.register(
    'oidc',
    enforceAssurance(enforcement, oidcCompletion(sessionSignIn(hostedDeps)), async ({ loaded, res }) => {
      res.redirect(303, `/interaction/${String(loaded.run.origin.uid)}/abort?reason=unmet`);
    }),
  );
  completions.register('account', accountCompletion);
  completions.register('reauth', enforceAssurance(enforcement, reauthCompletion(hostedDeps), unmetPage(hostedDeps)));

  // The OpenID Provider. Rotating the signing keys rebuilds it with the new key set; sessions and
  // grants live in the store, so nobody is signed out.
  const makeProvider = async (keys?: Awaited<ReturnType<typeof loadSigningKeys>>) =>
    createProvider({
      issuer: config.publicUrl,
      store,
      secrets,
      cookieSecret: secret,
      signingKeys: keys ?? (await loadSigningKeys(store.oidc, secrets)),
      trustProxy: config.trustProxy,
      pages: oidcPages({ theme: config.theme, translate, langCookie: cookies.name('lang') }),
      interactionPolicy: assurancePolicy({ store, assurance }),
    });
  /** Signing out of the provider (RP-initiated logout, "sign out of all apps") also ends Gerbang's session. */
  const endGerbangSessionOnLogout = (p: Awaited<ReturnType<typeof makeProvider>>) => {
    p.on('end_session.success', (ctx) => {
      if (!ctx.oidc.params?.logout) return;
      const name = cookies.name('sid');
      sessions.destroy(ctx.cookies.get(name)).catch((err) => logger.error('could not end session on logout', { error: String(err) }));
      ctx.cookies.set(name, null, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookies.secure, overwrite: true });
    });
    sessionEnder.watch(p, cookies.name('sid'));
    return p;
  };
  let provider = endGerbangSessionOnLogout(await makeProvider());
  let providerHandler = provider.callback();
  const rotateKeys = async () => {
    const keys = await rotateSigningKeys(store.oidc, secrets);
    provider = endGerbangSessionOnLogout(await makeProvider(keys));
    providerHandler = provider.callback();
    return keys.map((k) => k.kid as string);
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders({ https: config.publicUrl.startsWith('https://'), cacheablePrefixes: ['/assets/', '/designer/assets/'] }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', store: store.kind });
  });
  const authenticate = requireAdmin({ currentUser, apiToken: config.adminApiToken });
  const flowsApi = flowsRouter({ store, registry, prover, runtime, cookies, translate, theme: config.theme });
  app.use(
    '/api',
    apiRouter({
      publicUrl: config.publicUrl,
      sessionCookie: cookies.name('sid'),
      authenticate,
      tables: [flowsApi, appsRouter({ store, secrets }), usersRouter(store), keysRouter({ store, rotate: rotateKeys })],
    }),
    jsonErrors(logger, 'admin api'),
  );
  app.use('/designer', designerRouter({ currentUser }));
  const account = new AccountService(store, argon2idHasher, now);
  const verifyAccessToken = async (token: string) => {
    const found = await provider.AccessToken.find(token);
    if (!found?.accountId) return null;
    const sessionId = found.sessionUid ? await sessionEnder.gerbangSessionOf(found.sessionUid) : null;
    const extra = (found.extra ?? {}) as { acr?: unknown; auth_time?: unknown };
    return {
      userId: found.accountId,
      scopes: String(found.scope ?? '').split(' '),
      sessionId,
      acr: typeof extra.acr === 'string' ? extra.acr : null,
      authTime: typeof extra.auth_time === 'number' ? extra.auth_time : null,
    };
  };
  app.use('/account/api', accountApiRouter({ store, account, verify: verifyAccessToken, assurance }), jsonErrors(logger, 'account api'));
  app.use(languageSwitch(cookies));
  app.use(accountRouter({ ...hostedDeps, account, runtime, assurance }));
  app.use(hostedRouter(hostedDeps));
  app.use(interactionRouter({ provider: () => provider, store, runtime, cookies, sessions, assurance, shell: hostedDeps.shell, csrf: hostedDeps.csrf }));
  // oidc-provider answers its own endpoints (/.well-known/openid-configuration, /auth, /token, /me,
  // /jwks, /session/end...) and 404s the rest, so it comes last.
  app.use((req, res) => providerHandler(req, res));
  app.use(pageErrors(shell, logger));

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host ?? '::', () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  // Expired runs and sessions are swept once a minute.
  const sweeper = setInterval(() => {
    Promise.all([runtime.sweepExpired(), store.sessions.deleteExpired(now()), store.oidc.deleteExpired(now()), store.counters.deleteExpired(now()), codes.sweep()]).catch((err) =>
      logger.error('sweep failed', { error: String(err) }),
    );
  }, 60_000);
  sweeper.unref();

  const url = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;
  logger.info('Gerbang is listening', { url, store: store.kind, dataDir: config.dataDir });
  return {
    config,
    url,
    app,
    server,
    store,
    registry,
    runtime,
    logger,
    async close() {
      clearInterval(sweeper);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  const gerbang = await startGerbang(readConfig());
  const stop = () => {
    gerbang.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    // A bad configuration is the operator's to fix: say what and how, without a stack trace.
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(JSON.stringify({ level: 'error', msg: 'Gerbang failed to start', error: String(err?.stack ?? err) }));
    process.exit(1);
  });
}
