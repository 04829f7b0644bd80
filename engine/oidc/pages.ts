import type { KoaContextWithOIDC } from 'oidc-provider';
import { randomBytes } from 'node:crypto';
import type { SafeHtml } from '../hosted/html.js';
import { pickLanguage, type Translator } from '../hosted/i18n.js';
import { layout } from '../hosted/render.js';
import type { Theme } from '../hosted/theme.js';

/** The provider's own screens (errors, logout) in the hosted pages' layout and theme. */
export function oidcPage(deps: { theme: Theme; translate: Translator }) {
  return (ctx: KoaContextWithOIDC, title: string, body: SafeHtml): string => {
    const lang = pickLanguage(undefined, ctx.get('accept-language'));
    const nonce = randomBytes(16).toString('base64');
    ctx.set(
      'Content-Security-Policy',
      `default-src 'self'; img-src 'self' https: data:; style-src 'self' 'nonce-${nonce}'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
    const t = (key: string, vars?: Record<string, string | number>) => deps.translate(lang, key, vars);
    return layout({ theme: deps.theme, lang, t, nonce, path: ctx.path }, title, body);
  };
}
