import type { KoaContextWithOIDC } from 'oidc-provider';
import { randomBytes } from 'node:crypto';
import type { SafeHtml } from '../hosted/html.js';
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
}

export function oidcPages(deps: { theme: Theme; translate: Translator; langCookie: string }): OidcPages {
  const langOf = (ctx: KoaContextWithOIDC) => pickLanguage(ctx.cookies.get(deps.langCookie) ?? undefined, ctx.get('accept-language'));
  return {
    t: (ctx) => {
      const lang = langOf(ctx);
      return (key, vars) => deps.translate(lang, key, vars);
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
}
