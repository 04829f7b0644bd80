import type { KoaContextWithOIDC } from 'oidc-provider';
import { html, type SafeHtml } from '../hosted/html.js';
import { pickLanguage, type Translator } from '../hosted/i18n.js';
import { layout } from '../hosted/render.js';
import { pageCsp, themeOfResponse } from '../http/page.js';
import { localPath } from '../http/redirect.js';
import { mergeTheme, type Theme } from '../hosted/theme.js';
import { randomBytesPooled } from '../runtime/crypto.js';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The provider's own screens (errors, logout, device code entry) in the hosted pages' layout, theme and language. */
export interface OidcPages {
  /** The translator for this request: the person's choice (language cookie), else Accept-Language. */
  t(ctx: KoaContextWithOIDC): Translate;
  /** A full themed page (with the app's branding when given), with the same security headers as the hosted pages. */
  render(ctx: KoaContextWithOIDC, title: string, body: SafeHtml, branding?: Partial<Theme> | null): string;
  /** The sign-out confirmation (RP-initiated logout): `form` is oidc-provider's, whose action and token it keeps. */
  signOut(ctx: KoaContextWithOIDC, form: string): string;
  /** The page after signing out, when the app gave no address to return to. */
  signedOut(ctx: KoaContextWithOIDC): string;
  /** A form that sends itself (oidc-provider's form_post answer to an app, the sign-out's next step), in the person's words. */
  formPost(ctx: KoaContextWithOIDC, action: string, inputs: Array<[string, string]>): string;
}

export function oidcPages(deps: { theme: Theme; translate: Translator; langCookie: string }): OidcPages {
  const langOf = (ctx: KoaContextWithOIDC) => pickLanguage(ctx.cookies.get(deps.langCookie) ?? undefined, ctx.get('accept-language'));
  const pages: OidcPages = {
    t: (ctx) => {
      const lang = langOf(ctx);
      return (key, vars) => deps.translate(lang, key, vars);
    },
    signOut: (ctx, form) => {
      const t = pages.t(ctx);
      return pages.render(ctx, t('page.signOut'), html`<h1>${t('page.signOut')}</h1><p class="intro">${t('signOut.question')}</p>${signOutForm(form, t)}`);
    },
    signedOut: (ctx) => {
      const t = pages.t(ctx);
      return pages.render(ctx, t('signedOut.title'), html`<h1>${t('signedOut.title')}</h1><p class="intro">${t('signedOut.info')}</p>`);
    },
    formPost: (ctx, action, inputs) => {
      const t = pages.t(ctx);
      return pages.render(
        ctx,
        t('formPost.title'),
        html`<h1>${t('formPost.title')}</h1><form method="post" action="${action}" id="auto-submit">${inputs.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<noscript><p class="intro">${t('formPost.noScript')}</p></noscript><div class="actions"><button type="submit" class="primary">${t('formPost.continue')}</button></div></form><script src="/assets/auto-submit.js" defer></script>`,
      );
    },
    render: (ctx, title, body, branding) => {
      const lang = langOf(ctx);
      const nonce = randomBytesPooled(16).toString('base64');
      ctx.set({
        'Content-Security-Policy': pageCsp(nonce),
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      const t: Translate = (key, vars) => deps.translate(lang, key, vars);
      const theme = themeOfResponse(ctx.res as { locals?: Record<string, unknown> }, deps.theme);
      return layout({ theme: mergeTheme(theme, branding), lang, t, nonce, path: localPath(ctx.path) }, title, body);
    },
  };
  return pages;
}

/** oidc-provider's logout form as the hosted pages' buttons: its action and xsrf token, the person's words. */
function signOutForm(form: string, t: Translate) {
  const action = /action="([^"]+)"/.exec(form)?.[1] ?? '';
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  return html`<form method="post" action="${action}"><input type="hidden" name="xsrf" value="${xsrf}"><div class="actions"><button type="submit" name="logout" value="yes" class="primary">${t('page.signOut')}</button><button type="submit" class="secondary">${t('signOut.stay')}</button></div></form>`;
}

/**
 * oidc-provider's self-posting form (the `form_post` response mode, and the sign-out when the provider
 * has no session of the person) is an English page of its own ("Submitting Callback"): answered instead
 * with the same form in the hosted pages' layout and the person's language. A koa middleware of the provider.
 */
export function localisedFormPost(pages: OidcPages) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const body = ctx.body;
    if (typeof body !== 'string' || !body.includes('<title>Submitting Callback</title>')) return;
    const action = /<form method="post" action="([^"]*)">/.exec(body)?.[1];
    if (action === undefined) return;
    const inputs = [...body.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)].map((m) => [unescapeHtml(m[1]), unescapeHtml(m[2])] as [string, string]);
    ctx.body = pages.formPost(ctx, unescapeHtml(action), inputs);
  };
}

/** Undoes oidc-provider's HTML escaping (its html_safe helper), so the values are escaped once again, by ours. */
function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e]!);
}

/**
 * An address nobody answers (the provider, last in line, found no route): a browser gets the hosted
 * pages' "not found" page in the person's language instead of koa's bare English "Not Found"; other
 * clients keep the plain 404. A koa middleware of the provider.
 */
export function pageNotFound(pages: OidcPages) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    if (ctx.status !== 404 || ctx.body != null || ctx.method !== 'GET' || !/\btext\/html\b/.test(ctx.get('accept'))) return;
    const t = pages.t(ctx);
    ctx.status = 404;
    ctx.type = 'html';
    ctx.body = pages.render(ctx, t('oidcError.pageNotFound'), html`<h1>${t('oidcError.pageNotFound')}</h1><p class="intro">${t('oidcError.pageNotFoundIntro')}</p><p><a class="button primary" href="/">${t('oidcError.home')}</a></p>`);
  };
}
