import type { KoaContextWithOIDC } from 'oidc-provider';
import { randomBytes } from 'node:crypto';
import { html, type SafeHtml } from '../hosted/html.js';
import { pickLanguage, type Translator } from '../hosted/i18n.js';
import { layout } from '../hosted/render.js';
import { pageCsp, themeOfResponse } from '../http/page.js';
import { localPath } from '../http/redirect.js';
import { mergeTheme, type Theme } from '../hosted/theme.js';

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
    render: (ctx, title, body, branding) => {
      const lang = langOf(ctx);
      const nonce = randomBytes(16).toString('base64');
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
