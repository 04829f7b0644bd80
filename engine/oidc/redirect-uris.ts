import type { AppType } from '../store/port.js';
import type { Words } from '../http/words.js';

/**
 * Which redirect URIs an app may register, by its type. Matching is exact everywhere (oidc-provider
 * compares strings) except that a native app's loopback redirect matches on any port (RFC 8252 7.3).
 */

/** Loopback IP literals a native app may listen on; `localhost` is refused (RFC 8252 8.3). */
const LOOPBACK_IPS = new Set(['127.0.0.1', '[::1]']);
const WEB_LOOPBACK_HOSTS = new Set(['localhost', ...LOOPBACK_IPS]);
/**
 * A private-use scheme in reverse-domain form: at least two dot-separated labels, e.g.
 * `com.example.shop` (RFC 8252 7.1). Linear-time: labels cannot overlap.
 */
const REVERSE_DOMAIN_SCHEME = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/;
/** Schemes that would run code or read files in the browser, never a redirect. */
const FORBIDDEN_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'blob', 'file', 'about', 'filesystem']);

function parse(uri: string): URL | Words {
  if (uri.includes('*')) return { en: `"${uri}" contains a wildcard; register every redirect URI exactly`, id: `"${uri}" berisi karakter pengganti (wildcard); daftarkan setiap URI pengalihan persis apa adanya` };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { en: `"${uri}" is not an absolute URI`, id: `"${uri}" bukan URI absolut` };
  }
  if (uri.includes('#')) return { en: `"${uri}" must not contain a fragment (#)`, id: `"${uri}" tidak boleh berisi fragmen (#)` };
  if (url.username || url.password) return { en: `"${uri}" must not contain credentials`, id: `"${uri}" tidak boleh berisi kredensial` };
  return url;
}

/** Browser apps (public, confidential): https, or http on a loopback host for development. */
export function webRedirectUriProblem(uri: string): Words | null {
  const url = parse(uri);
  if (!(url instanceof URL)) return url;
  if (url.protocol === 'http:' && !WEB_LOOPBACK_HOSTS.has(url.hostname)) return { en: `"${uri}" must use https (http is allowed for localhost only)`, id: `"${uri}" harus memakai https (http hanya diizinkan untuk localhost)` };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { en: `"${uri}" must use https`, id: `"${uri}" harus memakai https` };
  return null;
}

/**
 * Native apps (RFC 8252 section 7): a private-use scheme in reverse-domain form
 * (`com.example.shop:/callback`), a loopback IP literal on any port (`http://127.0.0.1/callback`),
 * or a claimed https link (`https://shop.example.com/app/callback`).
 */
export function nativeRedirectUriProblem(uri: string): Words | null {
  const url = parse(uri);
  if (!(url instanceof URL)) return url;
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'http') {
    if (url.hostname === 'localhost') {
      return { en: `"${uri}" uses localhost; native apps must use the loopback IP literal 127.0.0.1 or [::1]`, id: `"${uri}" memakai localhost; aplikasi native harus memakai IP loopback 127.0.0.1 atau [::1]` };
    }
    if (!LOOPBACK_IPS.has(url.hostname)) return { en: `"${uri}" must use https, or http on the loopback IP 127.0.0.1 or [::1]`, id: `"${uri}" harus memakai https, atau http pada IP loopback 127.0.0.1 atau [::1]` };
    return null;
  }
  if (scheme === 'https') {
    if (WEB_LOOPBACK_HOSTS.has(url.hostname)) return { en: `"${uri}" is a loopback address; use http://127.0.0.1 for a loopback redirect`, id: `"${uri}" adalah alamat loopback; gunakan http://127.0.0.1 untuk pengalihan loopback` };
    return null;
  }
  if (FORBIDDEN_SCHEMES.has(scheme)) return { en: `"${uri}" uses the ${scheme} scheme, which is never a redirect`, id: `"${uri}" memakai skema ${scheme}, yang tidak pernah menjadi pengalihan` };
  if (!REVERSE_DOMAIN_SCHEME.test(scheme)) {
    return {
      en: `"${uri}" uses the scheme "${scheme}"; a native app's private-use scheme is a domain it controls in reverse order, like com.example.shop`,
      id: `"${uri}" memakai skema "${scheme}"; skema khusus aplikasi native adalah domain yang dikuasainya dalam urutan terbalik, seperti com.example.shop`,
    };
  }
  return null;
}

/** The problem with one redirect URI for an app of this type, or null when it may be registered. */
export function redirectUriProblem(uri: string, type: AppType = 'public'): Words | null {
  if (type === 'native') return nativeRedirectUriProblem(uri);
  if (type === 'device' || type === 'machine') return { en: `"${uri}": ${type} apps have no redirect URIs`, id: `"${uri}": aplikasi ${TYPE_ID[type]} tidak memiliki URI pengalihan` };
  return webRedirectUriProblem(uri);
}

/** The app types as the Indonesian console names them in a sentence ("aplikasi perangkat"). */
export const TYPE_ID: Record<AppType, string> = { public: 'publik', confidential: 'rahasia', native: 'native', device: 'perangkat', machine: 'mesin' };
