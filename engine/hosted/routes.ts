import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FlowRuntime, LoadedRun, SubmitResult } from '../runtime/runtime.js';
import { RunError } from '../runtime/errors.js';
import type { SessionService } from '../identity/sessions.js';
import type { Store } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { ClientMeta, Page } from '../nodes/types.js';
import { sha256 } from '../runtime/crypto.js';
import { html } from './html.js';
import { pickLanguage, type Translator } from './i18n.js';
import { isLanguage } from '../languages.js';
import { layout, messageBody, pageBody, type Chrome } from './render.js';
import { mergeTheme, type Theme } from './theme.js';
import type { Cookies } from './cookies.js';
import type { Csrf } from './csrf.js';
import type { Completions } from './completions.js';
import { FORM_SCHEMA, HttpError, RUN_ID_SCHEMA, validate } from './validate.js';

export interface HostedDeps {
  store: Store;
  runtime: FlowRuntime;
  sessions: SessionService;
  cookies: Cookies;
  csrf: Csrf;
  translate: Translator;
  theme: Theme;
  completions: Completions;
  logger: Logger;
  defaultFlowId: string;
  publicUrl: string;
  sessionTtlMs: number;
  /** Form posts and journey starts allowed per client IP and minute. */
  rateLimitPerMinute: number;
  /** Per-app branding for a run (the OpenID Provider supplies it from the app registry). */
  themeFor?: (origin: Record<string, unknown>) => Promise<Partial<Theme> | null>;
}

const CSS = readFileSync(new URL('./assets/hosted.css', import.meta.url), 'utf8');
const PASSKEY_JS = readFileSync(new URL('./assets/passkey.js', import.meta.url), 'utf8');
// The browser half of @simplewebauthn, served from our origin (the CSP allows only our scripts).
const WEBAUTHN_BROWSER_JS = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js'),
  'utf8',
);

/** Request-scoped helpers: language, CSP nonce, chrome of the page. */
export class PageContext {
  readonly lang: string;
  readonly nonce = randomBytes(16).toString('base64');
  constructor(
    private readonly deps: HostedDeps,
    readonly req: Request,
    readonly res: Response,
    public theme: Theme,
  ) {
    this.lang = pickLanguage(deps.cookies.read(req, 'lang'), req.headers['accept-language']);
  }

  t = (key: string, vars?: Record<string, string | number>) => this.deps.translate(this.lang, key, vars);

  chrome(): Chrome {
    return { theme: this.theme, lang: this.lang, t: this.t, nonce: this.nonce, path: this.req.path };
  }

  send(status: number, title: string, body: ReturnType<typeof html>): void {
    this.res
      .status(status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': `default-src 'self'; img-src 'self' https: data:; style-src 'self' 'nonce-${this.nonce}'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(layout(this.chrome(), title, body));
  }

  message(status: number, title: string, message: string, extra: ReturnType<typeof html> | string = ''): void {
    this.send(status, title, messageBody(title, message, extra));
  }
}

export function hostedRouter(deps: HostedDeps): Router {
  const router = express.Router();
  const { cookies, csrf, runtime } = deps;
  const limited = rateLimit({
    windowMs: 60_000,
    limit: deps.rateLimitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      const p = new PageContext(deps, req, res, deps.theme);
      p.message(429, p.t('error.title'), p.t('error.rateLimited'));
    },
  });
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 });

  // ?lang=xx switches the language (remembered in a cookie) and reloads the clean URL.
  router.use((req, res, next) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    if (req.method !== 'GET' || !lang) return next();
    if (isLanguage(lang)) cookies.set(res, 'lang', lang, 365 * 24 * 3600);
    res.redirect(303, req.path);
  });

  router.get('/assets/hosted.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(CSS);
  });
  router.get('/assets/passkey.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(PASSKEY_JS);
  });
  router.get('/assets/webauthn-browser.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(WEBAUTHN_BROWSER_JS);
  });

  const pageFor = async (req: Request, res: Response, loaded?: LoadedRun) => {
    const override = loaded && deps.themeFor ? await deps.themeFor(loaded.run.origin) : null;
    return new PageContext(deps, req, res, mergeTheme(deps.theme, override));
  };

  const showRun = async (p: PageContext, loaded: LoadedRun, status = 200, page?: Page) => {
    const bid = cookies.browserId(p.req, p.res);
    const rendered = page ? { kind: 'page' as const, page } : await runtime.render(loaded, p.lang, clientOf(p.req));
    if (rendered.kind === 'ended') {
      if (rendered.outcome === 'success') return p.res.redirect(303, String(loaded.run.origin.returnTo ?? '/'));
      const fallback = { title: p.t('failure.title'), fields: [], actions: [] };
      const cancelUrl = loaded.run.origin.cancelUrl;
      // Runs started by an app offer the way back to it (with an error) instead of starting over here.
      const endPage =
        typeof cancelUrl === 'string'
          ? { ...(rendered.page ?? fallback), blocks: [{ kind: 'link' as const, href: cancelUrl, label: p.t('failure.back') }] }
          : (rendered.page ?? fallback);
      return p.send(200, endPage.title, pageBody(endPage, { action: `/flow/${loaded.run.id}`, csrfToken: csrf.token(bid) }));
    }
    p.send(status, rendered.page.title, pageBody(rendered.page, { action: `/flow/${loaded.run.id}`, csrfToken: csrf.token(bid) }));
  };

  const afterSubmit = async (req: Request, res: Response, result: SubmitResult) => {
    if (result.kind === 'invalid') return showRun(await pageFor(req, res, result.loaded), result.loaded, 422, result.page);
    if (result.kind === 'ended') return complete(req, res, result.loaded, result.outcome);
    if (result.kind === 'redirect') return res.redirect(303, result.url);
    res.redirect(303, `/flow/${result.loaded.run.id}`);
  };

  /** A run reached an end node in this request: hand it to its origin's completion handler. */
  const complete = async (req: Request, res: Response, loaded: LoadedRun, outcome: 'success' | 'failure') => {
    const kind = String(loaded.run.origin.kind);
    const handler = deps.completions.get(kind);
    if (!handler) throw new Error(`No completion handler for runs from "${kind}"`);
    if (outcome === 'success' && !loaded.state.userId) {
      deps.logger.error('flow reached success without a signed-in user', { flowId: loaded.graph.id, runId: loaded.run.id });
      throw new HttpError(500, 'flow_error', 'This journey ended without signing anyone in.');
    }
    await handler({ outcome, loaded, req, res });
  };

  const startFlow = async (req: Request, res: Response, flowId: string, returnTo: string) => {
    const bid = cookies.browserId(req, res);
    const loaded = await runtime.start({ flowId, browserHash: sha256(bid), origin: { kind: 'direct', returnTo }, client: clientOf(req) });
    if (loaded.type.terminal) return complete(req, res, loaded, loaded.type.terminal);
    res.redirect(303, `/flow/${loaded.run.id}`);
  };

  router.get(
    '/login',
    limited,
    validate({
      query: {
        type: 'object',
        properties: {
          flow: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
          // Only a path on this server: never an open redirect.
          return_to: { type: 'string', pattern: '^/(?![/\\\\])[^\\s]*$', maxLength: 500 },
        },
      },
    }),
    async (req, res) => {
      const flowId = typeof req.query.flow === 'string' ? req.query.flow : deps.defaultFlowId;
      await startFlow(req, res, flowId, typeof req.query.return_to === 'string' ? req.query.return_to : '/');
    },
  );

  router.get('/flow/:runId', validate({ params: RUN_ID_SCHEMA }), async (req, res) => {
    const bid = cookies.browserId(req, res);
    const loaded = await runtime.load(String(req.params.runId), sha256(bid));
    await showRun(await pageFor(req, res, loaded), loaded);
  });

  /** Refuses a form post whose CSRF token does not match this browser, before anything else runs. */
  const csrfCheck = (req: Request, res: Response, next: NextFunction) => {
    if (csrf.verify(cookies.read(req, 'bid'), (req.body as Record<string, unknown> | undefined)?._csrf)) return next();
    const p = new PageContext(deps, req, res, deps.theme);
    const back = req.params.runId ? `/flow/${String(req.params.runId)}` : '/';
    p.message(403, p.t('error.title'), p.t('error.csrf'), html`<p><a class="button primary" href="${back}">OK</a></p>`);
  };

  router.post('/flow/:runId', limited, form, validate({ params: RUN_ID_SCHEMA }), csrfCheck, validate({ body: FORM_SCHEMA }), async (req, res) => {
    const bid = cookies.browserId(req, res);
    const p = await pageFor(req, res);
    const { _csrf: _ignored, ...input } = req.body as Record<string, string>;
    const result = await runtime.submit(String(req.params.runId), sha256(bid), input, p.lang, clientOf(req));
    await afterSubmit(req, res, result);
  });

  /** The identity provider sends the browser back here; `state` names (and is bound to) the run. */
  router.get('/social/callback/:connection', limited, validate({ params: { type: 'object', properties: { connection: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' } } } }), async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const runId = state.split('.')[0];
    if (!/^[A-Za-z0-9_-]{24}$/.test(runId)) throw new HttpError(400, 'invalid_state', 'This sign-in answer does not belong to any journey.');
    const bid = cookies.browserId(req, res);
    const p = await pageFor(req, res);
    const input = {
      action: 'social-callback',
      connection: String(req.params.connection),
      state,
      error: typeof req.query.error === 'string' ? req.query.error : '',
      callbackUrl: `${deps.publicUrl}${req.originalUrl}`,
    };
    await afterSubmit(req, res, await runtime.submit(runId, sha256(bid), input, p.lang, clientOf(req)));
  });

  // A link sent by mail (magic link): handed to the current node's onLink hook. Runs are bound to the
  // browser that started them, so a link opened elsewhere gets a page saying so.
  router.get(
    '/flow/:runId/magic',
    limited,
    validate({
      params: RUN_ID_SCHEMA,
      query: { type: 'object', properties: { token: { type: 'string', maxLength: 200 } }, required: ['token'] },
    }),
    async (req, res) => {
      const bid = cookies.browserId(req, res);
      const p = await pageFor(req, res);
      let result;
      try {
        result = await runtime.link(String(req.params.runId), sha256(bid), { token: String(req.query.token) }, p.lang, clientOf(req));
      } catch (err) {
        if (err instanceof RunError && err.reason === 'wrong-browser') {
          return p.message(403, p.t('error.title'), p.t('error.magic-wrong-browser'));
        }
        throw err;
      }
      if (result.kind === 'invalid') return showRun(await pageFor(req, res, result.loaded), result.loaded, 422, result.page);
      if (result.kind === 'ended') return complete(req, res, result.loaded, result.outcome);
      res.redirect(303, `/flow/${result.loaded.run.id}`);
    },
  );

  router.get('/', async (req, res) => {
    const p = new PageContext(deps, req, res, deps.theme);
    const session = await deps.sessions.resolve(cookies.read(req, 'sid'));
    const user = session ? await deps.store.users.findById(session.userId) : null;
    if (!user) {
      return p.message(200, p.t('home.title'), p.t('home.signedOut'), html`<p><a class="button primary" href="/login">${p.t('page.signIn')}</a></p>`);
    }
    const bid = cookies.browserId(req, res);
    const name = typeof user.attributes.given_name === 'string' ? ` ${user.attributes.given_name}` : '';
    p.message(
      200,
      `${p.t('home.title')}${name}`,
      p.t('home.signedInAs', { email: user.email }),
      html`<p><a class="button secondary" href="/account">${p.t('home.account')}</a></p><form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf.token(bid)}"><div class="actions"><button type="submit" class="primary">${p.t('page.signOut')}</button></div></form>`,
    );
  });

  router.post('/logout', form, csrfCheck, async (req, res) => {
    const p = new PageContext(deps, req, res, deps.theme);
    await deps.sessions.destroy(cookies.read(req, 'sid'));
    cookies.clear(res, 'sid');
    p.message(200, p.t('home.title'), p.t('signedOut.info'), html`<p><a class="button primary" href="/login">${p.t('page.signIn')}</a></p>`);
  });

  return router;
}

/** Signs the browser in: a session cookie and an audit event. Shared by every completion. */
export function sessionSignIn(deps: Pick<HostedDeps, 'sessions' | 'cookies' | 'sessionTtlMs' | 'store'>) {
  return async (req: Request, res: Response, userId: string, amr: string[], flowId: string) => {
    const { token } = await deps.sessions.create(userId, amr, { userAgent: req.headers['user-agent'] ?? null, ip: req.ip ?? null });
    deps.cookies.set(res, 'sid', token, Math.floor(deps.sessionTtlMs / 1000));
    await deps.store.audit.record({ at: new Date(), type: 'signin', userId, actor: userId, ip: req.ip ?? null, details: { flowId, amr } });
  };
}

/** The `direct` completion: a session cookie for the browser, then back to where the visitor came from. */
export function directCompletion(deps: Pick<HostedDeps, 'sessions' | 'cookies' | 'sessionTtlMs' | 'store'>) {
  const signIn = sessionSignIn(deps);
  return async ({ outcome, loaded, req, res }: import('./completions.js').CompletionArgs) => {
    if (outcome === 'failure') return res.redirect(303, `/flow/${loaded.run.id}`);
    await signIn(req, res, loaded.state.userId!, loaded.state.amr, loaded.graph.id);
    res.redirect(303, String(loaded.run.origin.returnTo ?? '/'));
  };
}

export function clientOf(req: Request): ClientMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 300) ?? null };
}

/** Errors of hosted pages become themed, localised pages with a way to start again. */
export function hostedErrorHandler(deps: HostedDeps) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const p = new PageContext(deps, req, res, deps.theme);
    const again = html`<p><a class="button primary" href="/login">${p.t('error.startAgain')}</a></p>`;
    if (err instanceof RunError) {
      const status = { 'not-found': 404, expired: 410, 'wrong-browser': 403, conflict: 409, finished: 409, 'flow-unavailable': 503, 'requirement-unmet': 403 }[err.reason];
      if (err.reason === 'conflict' || err.reason === 'finished') {
        const runId = typeof req.params?.runId === 'string' ? req.params.runId : '';
        return p.message(status, p.t('error.title'), p.t(`error.${err.reason}`), html`<p><a class="button primary" href="/flow/${runId}">OK</a></p>`);
      }
      return p.message(status, p.t('error.title'), p.t(`error.${err.reason}`), again);
    }
    if (err instanceof HttpError) return p.message(err.status, p.t('error.title'), err.message, again);
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) return p.message(status, p.t('error.title'), (err as Error).message, again);
    deps.logger.error('hosted page failed', { path: req.path, error: err instanceof Error ? err.stack : String(err) });
    p.message(500, p.t('error.title'), p.t('error.internal'), again);
  };
}
