import express, { type Express, type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { readConfig, ConfigError, type Config } from './config.js';
import { DEFAULT_ADMIN_EMAIL } from './config/variables.js';
import { createLogger, type Logger } from './logger.js';
import { openStore } from './store/index.js';
import type { Store, User } from './store/port.js';
import { createNodeRegistry } from './nodes/index.js';
import type { NodeRegistry } from './nodes/registry.js';
import { createTranslator, pickLanguage } from './hosted/i18n.js';
import { LANGUAGE_CODES } from './languages.js';
import { FlowRuntime, type LoadedRun } from './runtime/runtime.js';
import { RunEventLog } from './runtime/run-events.js';
import { DailyCountLog } from './runtime/daily-counts.js';
import { argon2idHasher } from './methods/password/hashing.js';
import { SessionService } from './identity/sessions.js';
import { Cookies } from './http/cookies.js';
import { Csrf } from './http/csrf.js';
import { currentUserLookup } from './http/current-user.js';
import { jsonErrors, pageErrors } from './http/error-handlers.js';
import { securityHeaders } from './http/security-headers.js';
import { durableAnswers } from './http/durable-answers.js';
import { readOncePerRequest } from './store/request-reads.js';
import type { PageShell } from './http/page.js';
import { accountCompletion, Completions, directCompletion, sessionSignIn } from './hosted/completions.js';
import type { HostedDeps } from './hosted/deps.js';
import { hostedRouter, languageSwitch } from './hosted/router.js';
import { layout, messageBody } from './hosted/render.js';
import { FLOWS_DIR, seedFlows, shippedFlows } from './runtime/seed-flows.js';
import { VersionTestSealer } from './runtime/version-test-sealing.js';
import { FlowProver } from './runtime/flow-proof.js';
import { ACR_LEVELS, acrFor } from './oidc/claims.js';
import { requireAdmin } from './admin/auth.js';
import { ensureBootstrapAdmin } from './admin/bootstrap.js';
import { apiRouter } from './admin/api.js';
import { SecretBox } from './identity/secret-box.js';
import { createProvider } from './oidc/provider.js';
import { loadSigningKeys, rotateSigningKeys } from './oidc/keys.js';
import { prepareDataDir } from './store/data-dir.js';
import { interactionFinisher, interactionRouter, landingAtAuthorization, oidcCompletion } from './oidc/interactions.js';
import { runPages } from './hosted/run-pages.js';
import { appsRouter, seedDemoApp } from './oidc/apps.js';
import { oidcPages } from './oidc/pages.js';
import { ProviderSessionEnder, storeEndingProviderSessions } from './oidc/backchannel.js';
import { deviceMessages, deviceResumeGuard } from './oidc/device.js';
import { oidcErrorMessages } from './oidc/error-words.js';
import { flowsRouter } from './admin/flows.js';
import { TestCaseRunner, type SandboxOutside } from './runtime/test-cases.js';
import { TestCaseSecrets } from './runtime/test-case-secrets.js';
import { TryRecorder } from './runtime/try-recording.js';
import { openSqliteStore } from './store/sqlite/index.js';
import { TRY_MESSAGES, TRY_ORIGIN, tryCompletion } from './hosted/try-runs.js';
import { keysRouter } from './admin/keys.js';
import { designerRouter } from './admin/designer.js';
import { seedConsentPurposes } from './identity/consents.js';
import { usersRouter } from './admin/users.js';
import { auditRouter } from './admin/audit.js';
import { adminsRouter } from './admin/admins.js';
import { adminInvitationPages } from './admin/invitation-page.js';
import { verificationPages } from './admin/verification-page.js';
import { passwordLinkPages } from './admin/password-link-page.js';
import { socialConnectionsRouter } from './admin/social-connections.js';
import { httpSecretsRouter } from './admin/http-secrets.js';
import { attributesRouter } from './admin/attributes.js';
import { messagingRouter } from './admin/messaging.js';
import { appBrandingCheck, brandingRouter } from './admin/branding.js';
import { consentPurposesRouter } from './admin/consent-purposes.js';
import { Branding, themeForPages } from './settings/branding.js';
import { MessagingSettings } from './settings/messaging.js';
import { MessageTexts } from './settings/message-texts.js';
import { insightsRouter } from './admin/insights.js';
import { organisationMemberRoutes, organisationRoutes } from './admin/organisations.js';
import { OrganisationService } from './organisations/service.js';
import { invitationSender } from './organisations/invitation-mail.js';
import { delegatedOrganisations } from './organisations/delegation.js';
import { invitationPages } from './organisations/invitation-pages.js';
import { organisationMessages } from './organisations/messages.js';
import { pageGuards } from './hosted/guards.js';
import { organisationProviders } from './organisations/providers.js';
import { OrganisationSignIns, organizationParam, withOrganisationCheck } from './organisations/sign-in.js';
import { webhooksRouter } from './admin/webhooks.js';
import { experimentsRouter } from './admin/experiments.js';
import { WebhookRelay } from './outbox/webhook-relay.js';
import { sendWebhook } from '../connectors/webhooks.js';
import { callHttp } from '../connectors/http-request.js';
import { parseSyslogUrl, SyslogStream } from '../connectors/syslog.js';
import { auditJsonLine, auditSyslogMessage, streamingAudit, type AuditSink } from './outbox/audit-stream.js';
import { JsonLinesHttpStream } from '../connectors/json-lines-http.js';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { AccountService } from './account/service.js';
import { accountRouter } from './account/routes.js';
import { accountApiRouter } from './account/api.js';
import { emailUndoRouter } from './account/email-undo.js';
import { accountMessages } from './account/messages.js';
import { OneTimeCodes } from './methods/codes/one-time-codes.js';
import { Assurance } from './runtime/assurance.js';
import { enforceAssurance } from './runtime/assurance-enforcement.js';
import { assurancePolicy } from './oidc/assurance-policy.js';
import { reauthCompletion, unmetPage } from './account/reauth.js';
import type { CompletionArgs } from './hosted/completions.js';
import { createEmailConnector } from '../connectors/email.js';
import { createSmsConnector } from '../connectors/sms.js';
import { configuredThresholds, signInThrottles } from './protection/wiring.js';
import { ProtectionThresholds } from './protection/thresholds.js';
import { BotDefence } from './protection/proof-of-work.js';
import { CaptchaProviders } from './protection/captcha.js';
import { verifyCaptcha } from '../connectors/captcha.js';
import { KnownDevices } from './protection/devices.js';
import { protectionRouter } from './admin/protection.js';
import { notMeMessages } from './protection/messages.js';
import { disownSignIn, signInNotices } from './protection/sign-in-notices.js';
import { hmac } from './runtime/crypto.js';
import { breachedPasswords, loadShippedBreachedList } from './methods/password/breached.js';
import { createMailer, createSmsSender } from './notifications/senders.js';
import { ConnectionDirectory } from './settings/social-connections.js';
import { HttpSecrets } from './orchestration/http-secrets.js';
import { createSocialConnector } from '../connectors/social/index.js';
import type { NodeServices } from './nodes/services.js';
import { Metrics } from './ops/metrics.js';
import { EventLoopMonitor } from './ops/event-loop.js';
import { BoundedHasher } from './ops/hash-limiter.js';
import { instrumentStore } from './ops/instrument-store.js';
import { requestLog } from './ops/request-log.js';
import { healthRouter } from './ops/health.js';
import { LoadShedder, type ShedPolicy } from './ops/shedder.js';
import { StoreIncidents } from './ops/incidents.js';
import { classifyStoreFailure } from './ops/unavailable.js';
import { unavailablePages } from './ops/unavailable-pages.js';
import { opsMessages } from './ops/messages.js';
import { Drain } from './ops/drain.js';
import { loadKeys } from './ops/secrets.js';
import { seeOther } from './http/redirect.js';

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
  metrics: Metrics;
  /** The housekeeping every instance does once a minute (expired records, upgrades left to finish), now. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

/** How often an instance looks for a signing key set rotated by another. */
const SIGNING_KEY_RELOAD_MS = 5_000;

/** Seams for tests that need what no configuration gives: a store that fails like a full disk. */
export interface StartHooks {
  wrapStore?: (store: Store) => Store;
  /** The time every part reads (a test spreads traffic over a simulated minute without waiting for it). */
  clock?: () => Date;
  /** The counters of the sign-in throttles (the benchmark passes ones that count nothing, for "protection off"). */
  protectionCounters?: (counters: Store['counters']) => Store['counters'];
}

/** The composition root: picks the store, wires every part, seeds, and listens. */
export async function startGerbang(config: Config, hooks: StartHooks = {}): Promise<Gerbang> {
  const logger = createLogger({ silent: config.logSilent });
  const dataDir = prepareDataDir(config.dataDir);
  if (dataDir.warning) logger.warn(dataDir.warning);
  const metrics = new Metrics();
  const eventLoop = new EventLoopMonitor();
  const incidents = new StoreIncidents(logger, metrics);
  const rawStore = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  const openedStore = instrumentStore(hooks.wrapStore ? hooks.wrapStore(rawStore) : rawStore, (repository, operation, seconds, error) => {
    metrics.storeDuration.observe({ repository, operation, outcome: error ? 'error' : 'ok' }, seconds);
    const failure = error ? classifyStoreFailure(error) : null;
    if (failure) incidents.failed(failure, error);
    else if (!error) incidents.succeeded(operation);
  });
  // Every way a Gerbang session ends also ends its provider session, with back-channel logout to the apps.
  const sessionEnder = new ProviderSessionEnder({ provider: () => provider, oidc: openedStore.oidc, sessions: openedStore.sessions, logger });
  const siem = siemStream(config, logger);
  const siemHttp = siemHttpStream(config, logger);
  // Audited facts feed the dashboard's daily counters and the SIEM streams there are.
  const dailyCounts = config.settings.DASHBOARD_COUNTS ? new DailyCountLog(openedStore.dailyCounts, (err) => logger.error('dashboard counts not recorded', { error: String(err) })) : undefined;
  const auditSinks: AuditSink[] = dailyCounts ? [(event) => dailyCounts.count(event)] : [];
  if (siem) auditSinks.push((event) => siem.send(auditSyslogMessage(event)));
  if (siemHttp) auditSinks.push((event) => siemHttp.send(auditJsonLine(event, hostname())));
  const store = streamingAudit(storeEndingProviderSessions(openedStore, () => sessionEnder, logger), auditSinks);
  const passwords = new BoundedHasher(argon2idHasher, config.settings.PASSWORD_HASH_CONCURRENCY);
  const log = requestLog(logger, metrics);
  const shedder = new LoadShedder(passwords, eventLoop, shedPolicy(config), log.inFlight, (reason) => metrics.journeysShed.inc({ reason }));
  const registry = createNodeRegistry();
  const nodeMessages = registry.messages();
  const translate = createTranslator(
    Object.fromEntries(LANGUAGE_CODES.map((lang) => [lang, { ...nodeMessages[lang], ...accountMessages[lang], ...deviceMessages[lang], ...oidcErrorMessages[lang], ...opsMessages[lang], ...organisationMessages[lang], ...notMeMessages[lang], ...TRY_MESSAGES[lang] }])),
  );
  const now = hooks.clock ?? (() => new Date());
  const keys = loadKeys({ dataDir: config.dataDir, mongodb: Boolean(config.mongodbUri), secret: config.secret, encryptionKey: config.encryptionKey });
  const secrets = new SecretBox(keys.encryption);

  const codes = new OneTimeCodes(store.codes, store.counters, keys.codes, now);
  const connections = new ConnectionDirectory(store.settings, secrets, config.socialConnectors, config.socialConnections, createSocialConnector);
  const httpSecrets = new HttpSecrets(store.settings, secrets);
  const appName = config.theme.name;
  // Mail and SMS: the console's settings (in the store) when made, else the environment's, else the outbox.
  const messaging = new MessagingSettings(
    store.settings,
    secrets,
    {
      email: createEmailConnector({ smtpUrl: config.smtp.url, ...config.smtp, dataDir: config.dataDir }, logger),
      sms: createSmsConnector({ ...config.sms, dataDir: config.dataDir }, logger),
      mail: environmentMail(config.smtp),
      smsApiUrl: config.sms.apiUrl ?? null,
    },
    {
      email: (s) => createEmailConnector({ ...s, dataDir: config.dataDir }, logger),
      sms: (s) => createSmsConnector({ ...s, dataDir: config.dataDir }, logger),
    },
  );
  const messageTexts = new MessageTexts(store.settings);
  const branding = new Branding(store.settings, config.theme);
  const mailer = createMailer(messaging.email, appName, messageTexts.wording);
  // Attack protection's thresholds: the configuration's, unless changed in the console (shared settings).
  const thresholds = new ProtectionThresholds(store.settings, configuredThresholds(config));
  const throttles = signInThrottles(config, hooks.protectionCounters ? { counters: hooks.protectionCounters(store.counters), users: store.users } : store, mailer, logger, thresholds.throttlePolicy);
  const breached = breachedPasswords(
    config.settings.BREACHED_PASSWORDS_API_URL
      ? { url: config.settings.BREACHED_PASSWORDS_API_URL, onError: (err) => logger.warn('breached-password API unreachable; the shipped list was used', { error: err instanceof Error ? err.message : String(err) }) }
      : undefined,
  );
  const bots = new BotDefence(hmac(keys.codes, 'proof-of-work key'), store.counters, throttles, thresholds.botThresholds);
  const devices = new KnownDevices(store.credentials);
  const captcha = new CaptchaProviders(store.settings, secrets, verifyCaptcha);
  const services: NodeServices = {
    store,
    clock: { now },
    passwords,
    throttles,
    bots,
    captcha,
    devices,
    breached,
    codes,
    mailer,
    sms: createSmsSender(messaging.sms, appName, messageTexts.wording),
    social: connections,
    organisationProviders: organisationProviders(secrets, createSocialConnector),
    secrets,
    logger,
    publicUrl: config.publicUrl,
    appName,
    http: (call) => callHttp(call),
    httpSecrets,
  };
  // Saved test cases run the steps over a sandbox store of their own, with connectors that reach nobody.
  const sandboxServices = (on: Store, outside: SandboxOutside): NodeServices => {
    const sandboxThrottles = signInThrottles(config, on, outside.mailer, logger, thresholds.throttlePolicy);
    return {
      ...services,
      ...outside,
      store: on,
      throttles: sandboxThrottles,
      bots: new BotDefence(hmac(keys.codes, 'proof-of-work key'), on.counters, sandboxThrottles, thresholds.botThresholds),
      devices: new KnownDevices(on.credentials),
      breached: breachedPasswords(),
      codes: new OneTimeCodes(on.codes, on.counters, keys.codes, now),
      organisationProviders: undefined,
    };
  };
  const testCaseSecrets = new TestCaseSecrets(secrets);
  const testCases = new TestCaseRunner({ store, registry, translate, openSandboxStore: () => openSqliteStore(':memory:'), servicesFor: sandboxServices, openSecret: (sealed) => testCaseSecrets.open(sealed) });
  // "Try it" runs keep their answers (sealed), to be saved as a test case.
  const tryRecorder = new TryRecorder(store.runs, secrets, TRY_ORIGIN);

  const runEvents = config.settings.RUN_EVENTS ? new RunEventLog(store.events, (err) => logger.error('run events not recorded', { error: String(err) })) : undefined;
  const runtime = new FlowRuntime({
    store,
    registry,
    translate,
    runTtlMs: config.runTtlMs,
    services,
    admit: () => shedder.admit(),
    events: runEvents,
    recorder: tryRecorder,
    observer: {
      started: (journey) => metrics.journeysStarted.inc({ journey }),
      finished: (journey, end) => metrics.journeysFinished.inc({ journey, end }),
    },
  });
  // The proof on publish checks journeys against what exists: consent purposes first, then journeys.
  const prover = new FlowProver({
    store,
    registry,
    socialConnections: () => connections.names(),
    httpSecrets: () => httpSecrets.names(),
    levels: { levelOf: acrFor, rank: (acr) => ACR_LEVELS.indexOf(acr as (typeof ACR_LEVELS)[number]) },
  });
  await seedConsentPurposes(store);
  await seedFlows(store, prover, logger, shippedFlows(FLOWS_DIR, config.settings.SEED_LANGUAGE));
  // Published versions holding test-case secrets an older version stored in clear: all of them on a
  // deployment's first start, then (on start and in the sweep below) those published since.
  const versionTestSealer = new VersionTestSealer({ store, caseSecrets: testCaseSecrets, secretFields: (graph, steps) => testCases.secretFields(graph, steps), logger, now });
  await versionTestSealer.pass();
  await seedDemoApp(store, config.publicUrl, config.settings.SEED_LANGUAGE);
  await ensureBootstrapAdmin({
    store,
    passwords,
    logger,
    dataDir: config.dataDir,
    email: config.adminEmail,
    password: config.adminPassword,
    defaultEmail: DEFAULT_ADMIN_EMAIL,
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
    csrf: new Csrf(keys.csrf),
    shell,
    currentUser,
    completions,
    logger,
    defaultFlowId: config.defaultFlowId,
    publicUrl: config.publicUrl,
    sessionTtlMs: config.sessionTtlMs,
    rateLimitPerMinute: config.rateLimitPerMinute,
    now,
    onSignIn: signInNotices({ devices, store, mailer, secrets, publicUrl: config.publicUrl, logger }),
    disownSignIn: (token, at, ip) => disownSignIn({ store, secrets, devices }, token, at, ip),
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
    enforceAssurance(enforcement, oidcCompletion(sessionSignIn(hostedDeps), (res, loaded) => finishInteraction(res, loaded)), async ({ loaded, res }) => {
      seeOther(res, `/interaction/${String(loaded.run.origin.uid)}/abort?reason=unmet`);
    }),
  );
  completions.register('account', accountCompletion);
  completions.register(TRY_ORIGIN, tryCompletion(hostedDeps));
  completions.register('reauth', enforceAssurance(enforcement, reauthCompletion(hostedDeps), unmetPage(hostedDeps)));

  const organisationSignIns = new OrganisationSignIns(store);
  // Only called from the 'oidc' completion above, behind enforceAssurance.
  const finishInteraction = interactionFinisher({ provider: () => provider, store, assurance, organisations: organisationSignIns });
  // The OpenID Provider. Rotating the signing keys rebuilds it with the new key set; sessions and
  // grants live in the store, so nobody is signed out.
  const makeProvider = async (signingKeys: Awaited<ReturnType<typeof loadSigningKeys>>) =>
    createProvider({
      issuer: config.publicUrl,
      store,
      secrets,
      cookieSecret: keys.cookies,
      signingKeys,
      trustProxy: config.trustProxy,
      refreshReuseSeconds: config.settings.REFRESH_REUSE_SECONDS,
      pages: oidcPages({ theme: config.theme, translate, langCookie: cookies.name('lang') }),
      interactionPolicy: withOrganisationCheck(assurancePolicy({ store, assurance }), organisationSignIns),
      grantClaims: (grantId, clientId) => organisationSignIns.claims(grantId, clientId),
      extraParams: organizationParam,
    });
  const interactionPages = runPages(hostedDeps);
  const interactionDeps = {
    provider: () => provider,
    store,
    runtime,
    cookies,
    sessions,
    assurance,
    shell: hostedDeps.shell,
    csrf: hostedDeps.csrf,
    organisations: organisationSignIns,
    showRun: async (req: Request, res: Response, loaded: LoadedRun) => interactionPages.showRun(await interactionPages.pageFor(req, res, loaded), loaded),
  };
  /**
   * What every provider built (at start and at each key rotation) is wired with: a fresh sign-in's
   * first page is the answer to the authorization request itself, and signing out of the provider
   * (RP-initiated logout, "sign out of all apps") also ends Gerbang's session.
   */
  const wireProvider = (p: Awaited<ReturnType<typeof makeProvider>>) => {
    p.use(landingAtAuthorization(interactionDeps));
    p.on('end_session.success', (ctx) => {
      if (!ctx.oidc.params?.logout) return;
      const name = cookies.name('sid');
      sessions.destroy(ctx.cookies.get(name)).catch((err) => logger.error('could not end session on logout', { error: String(err) }));
      ctx.cookies.set(name, null, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookies.secure, overwrite: true });
    });
    sessionEnder.watch(p, cookies.name('sid'));
    return p;
  };
  const kidsOf = (signingKeys: Awaited<ReturnType<typeof loadSigningKeys>>) => signingKeys.map((k) => k.kid).join(' ');
  const initialKeys = await loadSigningKeys(store.oidc, secrets);
  let provider = wireProvider(await makeProvider(initialKeys));
  let providerHandler = provider.callback();
  let signingKids = kidsOf(initialKeys);
  const useSigningKeys = async (signingKeys: Awaited<ReturnType<typeof loadSigningKeys>>) => {
    provider = wireProvider(await makeProvider(signingKeys));
    providerHandler = provider.callback();
    signingKids = kidsOf(signingKeys);
  };
  // The key set lives in the store: a rotation on any instance reaches every other one within seconds.
  const keyReload = setInterval(() => {
    loadSigningKeys(store.oidc, secrets)
      .then((current) => (kidsOf(current) !== signingKids ? useSigningKeys(current).then(() => logger.info('signing keys reloaded', { kids: signingKids })) : undefined))
      .catch((err) => {
        if (!classifyStoreFailure(err)) logger.error('signing key reload failed', { error: String(err) });
      });
  }, SIGNING_KEY_RELOAD_MS);
  keyReload.unref();
  const rotateKeys = async () => {
    const rotated = await rotateSigningKeys(store.oidc, secrets);
    await useSigningKeys(rotated);
    return rotated.map((k) => k.kid as string);
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const server = createServer(app);
  const drain = new Drain(server, log.inFlight);
  app.use(drain.middleware);
  if (store.commitPending) app.use(durableAnswers({ commitPending: () => store.commitPending!(), settled: store.settled && (() => store.settled!()) }));
  app.use((_req, _res, next) => readOncePerRequest(next));
  app.use(securityHeaders({ https: config.publicUrl.startsWith('https://'), cacheablePrefixes: ['/assets/', '/designer/assets/', '/.well-known/', '/jwks'] }));
  metrics.observe({ hasher: passwords, eventLoop, inFlight: log.inFlight });
  app.use(log);
  app.use(
    healthRouter(
      {
        store: () => store.flows.getActive(config.defaultFlowId),
        keysLoaded: () => provider !== undefined,
        draining: () => drain.draining,
      },
      metrics,
      config.settings.METRICS_TOKEN,
    ),
  );
  const organisations = new OrganisationService({
    store,
    now,
    secrets,
    sendInvitation: invitationSender(messaging.email, appName),
    publicUrl: config.publicUrl,
    revokeGrant: (grantId) => store.oidc.revokeByGrantId(grantId),
  });
  const account = new AccountService(store, passwords, now, throttles, breached);
  const authenticate = requireAdmin({ currentUser, apiToken: config.adminApiToken, delegated: delegatedOrganisations(store) });
  const webhooks = new WebhookRelay(
    { store, openSecret: (sealed) => secrets.open(sealed), send: sendWebhook, now, logger },
    { timeoutMs: config.settings.WEBHOOK_TIMEOUT_SECONDS * 1000, retryBaseMs: config.settings.WEBHOOK_RETRY_BASE_SECONDS * 1000, maxAttempts: config.settings.WEBHOOK_MAX_ATTEMPTS },
  );
  const flowsApi = flowsRouter({ store, registry, prover, runtime, testCases, testCaseSecrets, tryRecorder, cookies, translate, theme: () => branding.theme(), defaultFlowId: config.defaultFlowId, publicUrl: config.publicUrl });
  app.use(
    '/api',
    apiRouter({
      publicUrl: config.publicUrl,
      sessionCookie: cookies.name('sid'),
      authenticate,
      delegableTables: [organisationMemberRoutes(organisations)],
      tables: [
        flowsApi,
        organisationRoutes(organisations, store),
        appsRouter({ store, secrets, issuer: config.publicUrl, checkBranding: appBrandingCheck(branding) }),
        usersRouter({ store, account, translate, codes, mailer, publicUrl: config.publicUrl }),
        auditRouter(store),
        adminsRouter({ store, codes, mailer, publicUrl: config.publicUrl }),
        attributesRouter({ store, registry }),
        insightsRouter({ store, flushEvents: async () => runEvents?.flush(), flushCounts: async () => dailyCounts?.flush(), now }),
        webhooksRouter({ store, secrets, now, secretOverlapHours: config.settings.WEBHOOK_SECRET_OVERLAP_HOURS, wake: () => void webhooks.runOnce() }),
        experimentsRouter({ store }),
        keysRouter({ store, rotate: rotateKeys }),
        protectionRouter({ store, now, captcha, thresholds }),
        socialConnectionsRouter({ store, registry, connections, publicUrl: config.publicUrl }),
        messagingRouter({ store, messaging, texts: messageTexts, appName }),
        brandingRouter({ store, branding, previews: testCases, translate, defaultFlowId: config.defaultFlowId }),
        consentPurposesRouter({ store, registry }),
        httpSecretsRouter({ store, registry, secrets: httpSecrets }),
      ],
    }),
    jsonErrors(logger, 'admin api'),
  );
  app.use('/designer', designerRouter({ currentUser, delegated: delegatedOrganisations(store) }));
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
  app.use('/account/api', accountApiRouter({ store, account, verify: verifyAccessToken, assurance, translate }), jsonErrors(logger, 'account api'));
  app.use(languageSwitch(cookies));
  app.use(themeForPages(branding));
  app.use(accountRouter({ ...hostedDeps, account, runtime, assurance }));
  app.use(emailUndoRouter({ ...hostedDeps, codes }));
  app.use(invitationPages({ ...hostedDeps, organisations, guards: pageGuards(hostedDeps) }));
  app.use(adminInvitationPages({ ...hostedDeps, guards: pageGuards(hostedDeps), codes, passwords }));
  app.use(verificationPages({ ...hostedDeps, guards: pageGuards(hostedDeps), codes }));
  app.use(passwordLinkPages({ ...hostedDeps, guards: pageGuards(hostedDeps), codes, passwords, breached }));
  app.use(hostedRouter(hostedDeps));
  app.use(interactionRouter(interactionDeps));
  // oidc-provider answers its own endpoints (/.well-known/openid-configuration, /auth, /token, /me,
  // /jwks, /session/end...) and 404s the rest, so it comes last.
  app.use(deviceResumeGuard(() => provider.cookieName('resume')));
  app.use((req, res) => providerHandler(req, res));
  app.use(unavailablePages(shell, () => provider));
  app.use(pageErrors(shell, logger));

  loadShippedBreachedList(); // before the first request, which would otherwise wait for it
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host ?? '::', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  eventLoop.restart();
  webhooks.start();

  // Expired runs and sessions, and run events past their retention, are swept once a minute; versions
  // an instance of an older Gerbang published with test-case secrets in clear are sealed.
  const sweep = async () => {
    await Promise.all([runtime.sweepExpired(), store.sessions.deleteExpired(now()), store.oidc.deleteExpired(now()), store.counters.deleteExpired(now()), codes.sweep(), store.events.deleteBefore(new Date(now().getTime() - config.settings.RUN_EVENTS_RETENTION_DAYS * 86_400_000)), store.outbox.deleteSettledBefore(new Date(now().getTime() - config.settings.WEBHOOK_RETENTION_DAYS * 86_400_000)), store.outbox.dropPreviousSecrets(now()), versionTestSealer.pass()]);
  };
  const sweeper = setInterval(() => {
    sweep().catch((err) => logger.error('sweep failed', { error: String(err) }));
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
    metrics,
    sweep,
    /** Graceful: stops accepting, lets answers in progress finish (DRAIN_TIMEOUT_SECONDS), closes the store. */
    async close() {
      const { cut, ms } = await drain.drain(config.settings.DRAIN_TIMEOUT_SECONDS * 1000);
      clearInterval(sweeper);
      clearInterval(keyReload);
      eventLoop.stop();
      await webhooks.stop();
      await Promise.all([siem?.close(), siemHttp?.close()]);
      await runEvents?.flush();
      await dailyCounts?.flush();
      await store.close();
      if (cut) logger.warn('drain timed out: requests were cut', { cut, ms });
      logger.info('Gerbang stopped', { drainedMs: ms });
    },
  };
}

/** The environment's mail server as the console shows it: never its password (nor one inside SMTP_URL). */
function environmentMail(smtp: Config['smtp']) {
  const url = smtp.url ? new URL(smtp.url) : null;
  return {
    host: url?.hostname ?? smtp.host ?? null,
    port: url ? Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)) : (smtp.port ?? (smtp.host ? 587 : null)),
    user: url ? decodeURIComponent(url.username) || null : (smtp.user ?? null),
    hasPassword: Boolean(url?.password || smtp.password),
    from: smtp.from,
  };
}

/** The audit stream to the organisation's SIEM, when SIEM_SYSLOG_URL is set. */
function siemStream(config: Config, logger: Logger): SyslogStream | null {
  const url = config.settings.SIEM_SYSLOG_URL;
  if (!url) return null;
  const caFile = config.settings.SIEM_SYSLOG_CA_FILE;
  let lastError = '';
  let dropped = 0;
  return new SyslogStream(
    { ...parseSyslogUrl(url), ca: caFile ? readFileSync(caFile, 'utf8') : undefined },
    {
      hostname: hostname(),
      appName: 'gerbang',
      maxBuffer: config.settings.SIEM_BUFFER_SIZE,
      onDrop: () => {
        // The first drop, then one line per thousand.
        dropped++;
        if (dropped === 1 || dropped % 1000 === 0) logger.warn('SIEM unreachable: oldest audit events dropped from the stream (kept in the audit log)', { dropped });
      },
      onError: (err) => {
        // One line per change of error, not one per reconnection attempt.
        if (err.message !== lastError) logger.warn('SIEM stream error', { error: err.message });
        lastError = err.message;
      },
    },
  );
}

/** The audit stream to the organisation's SIEM as JSON lines over HTTP, when SIEM_HTTP_URL is set. */
function siemHttpStream(config: Config, logger: Logger): JsonLinesHttpStream | null {
  const url = config.settings.SIEM_HTTP_URL;
  if (!url) return null;
  let lastError = '';
  let dropped = 0;
  return new JsonLinesHttpStream({
    url,
    authorization: config.settings.SIEM_HTTP_AUTHORIZATION,
    maxBuffer: config.settings.SIEM_BUFFER_SIZE,
    onDrop: (count) => {
      // The first drop, then one line per thousand.
      const before = dropped;
      dropped += count;
      if (before === 0 || Math.floor(before / 1000) !== Math.floor(dropped / 1000)) logger.warn('SIEM collector unreachable: oldest audit events dropped from the stream (kept in the audit log)', { dropped });
    },
    onError: (message) => {
      // One line per change of error, not one per retry; the URL may hold a token, so it is not logged.
      if (message !== lastError) logger.warn('SIEM HTTP stream error', { error: message });
      lastError = message;
    },
  });
}

function shedPolicy(config: Config): ShedPolicy {
  const s = config.settings;
  return { maxHashQueue: s.SHED_HASH_QUEUE, maxRequestsInFlight: s.SHED_REQUESTS_IN_FLIGHT, maxEventLoopDelayMs: s.SHED_EVENT_LOOP_DELAY_MS, retryAfterSeconds: s.SHED_RETRY_AFTER_SECONDS };
}

async function main(): Promise<void> {
  const gerbang = await startGerbang(readConfig());
  const stop = (signal: string) => {
    gerbang.logger.info('draining: no new connections, finishing the requests in progress', { signal });
    gerbang.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Runs Gerbang as a server process (`npm start` through start.cts, or this file run directly in development). */
export function runServer(): void {
  main().catch((err) => {
    // A bad configuration is the operator's to fix: say what and how, without a stack trace.
    if (err instanceof ConfigError || err?.name === 'DataDirectoryInUse' || err?.name === 'SecretsError') {
      console.error(err.message);
      process.exit(1);
    }
    console.error(JSON.stringify({ level: 'error', msg: 'Gerbang failed to start', error: String(err?.stack ?? err) }));
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runServer();
