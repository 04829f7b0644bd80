import type { Response } from 'express';

const BASE = 'http://gerbang.invalid';

/**
 * A path on this server for a redirect or a link built from a request path or parameter, never
 * another site: `//evil.example/`, `/\evil.example`, `/.//evil.example` or a tab in between all
 * read as a host to a browser. The candidate is resolved as a browser would, refused when that
 * leaves our origin (`fallback`), and its leading slashes folded into one.
 */
export function localPath(candidate: unknown, fallback = '/'): string {
  if (typeof candidate !== 'string' || !candidate.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(candidate, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname.replace(/^\/+/, '/')}${url.search}${url.hash}`;
}

/**
 * Answers 303 See Other to `location` (a path on this server, or an app's URL already checked), with
 * an empty body: express's `res.redirect` also negotiates a content type and writes a note nobody
 * reads on every step of every journey.
 */
export function seeOther(res: Response, location: string): void {
  res.location(location);
  res.statusCode = 303;
  res.setHeader('Content-Length', '0');
  res.end();
}
