import type { AppType } from '../store/port.js';

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

function parse(uri: string): URL | string {
  if (uri.includes('*')) return `"${uri}" contains a wildcard; register every redirect URI exactly`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URI`;
  }
  if (uri.includes('#')) return `"${uri}" must not contain a fragment (#)`;
  if (url.username || url.password) return `"${uri}" must not contain credentials`;
  return url;
}

/** Browser apps (public, confidential): https, or http on a loopback host for development. */
export function webRedirectUriProblem(uri: string): string | null {
  const url = parse(uri);
  if (typeof url === 'string') return url;
  if (url.protocol === 'http:' && !WEB_LOOPBACK_HOSTS.has(url.hostname)) return `"${uri}" must use https (http is allowed for localhost only)`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${uri}" must use https`;
  return null;
}

/**
 * Native apps (RFC 8252 section 7): a private-use scheme in reverse-domain form
 * (`com.example.shop:/callback`), a loopback IP literal on any port (`http://127.0.0.1/callback`),
 * or a claimed https link (`https://shop.example.com/app/callback`).
 */
export function nativeRedirectUriProblem(uri: string): string | null {
  const url = parse(uri);
  if (typeof url === 'string') return url;
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'http') {
    if (url.hostname === 'localhost') return `"${uri}" uses localhost; native apps must use the loopback IP literal 127.0.0.1 or [::1]`;
    if (!LOOPBACK_IPS.has(url.hostname)) return `"${uri}" must use https, or http on the loopback IP 127.0.0.1 or [::1]`;
    return null;
  }
  if (scheme === 'https') {
    if (WEB_LOOPBACK_HOSTS.has(url.hostname)) return `"${uri}" is a loopback address; use http://127.0.0.1 for a loopback redirect`;
    return null;
  }
  if (FORBIDDEN_SCHEMES.has(scheme)) return `"${uri}" uses the ${scheme} scheme, which is never a redirect`;
  if (!REVERSE_DOMAIN_SCHEME.test(scheme)) {
    return `"${uri}" uses the scheme "${scheme}"; a native app's private-use scheme is a domain it controls in reverse order, like com.example.shop`;
  }
  return null;
}

/** The problem with one redirect URI for an app of this type, or null when it may be registered. */
export function redirectUriProblem(uri: string, type: AppType = 'public'): string | null {
  if (type === 'native') return nativeRedirectUriProblem(uri);
  if (type === 'device' || type === 'machine') return `"${uri}": ${type} apps have no redirect URIs`;
  return webRedirectUriProblem(uri);
}
