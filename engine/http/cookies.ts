import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, Response } from 'express';
import { randomBytesPooled } from '../runtime/crypto.js';

/**
 * Cookie names and flags. Over HTTPS the names carry the `__Host-` prefix (Secure, Path=/, no Domain),
 * so no sub-domain can plant or read them.
 */
/** The cookies Gerbang sets; `invite` and `admin-invite` carry an invitation's token (never kept in a URL). */
export type CookieBase = 'bid' | 'sid' | 'lang' | 'invite' | 'admin-invite' | 'verify' | 'set-password';

export class Cookies {
  readonly secure: boolean;
  constructor(publicUrl: string) {
    this.secure = publicUrl.startsWith('https://');
  }

  name(base: CookieBase): string {
    return this.secure ? `__Host-gb_${base}` : `gb_${base}`;
  }

  read(req: Request, base: CookieBase): string | undefined {
    const header = req.headers.cookie;
    if (!header) return undefined;
    return parseCookie(header)[this.name(base)];
  }

  set(res: Response, base: CookieBase, value: string, maxAgeSeconds: number): void {
    res.append(
      'Set-Cookie',
      stringifySetCookie({
        name: this.name(base),
        value,
        httpOnly: base !== 'lang',
        secure: this.secure,
        sameSite: 'lax',
        path: '/',
        maxAge: maxAgeSeconds,
      }),
    );
  }

  clear(res: Response, base: CookieBase): void {
    this.set(res, base, '', 0);
  }

  /** The browser's binding id (runs and CSRF tokens are tied to it); issued on first visit. */
  browserId(req: Request, res: Response): string {
    const existing = this.read(req, 'bid');
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const id = randomBytesPooled(32).toString('base64url');
    this.set(res, 'bid', id, 180 * 24 * 3600);
    // Later reads in this same request see the new id.
    req.headers.cookie = `${req.headers.cookie ? req.headers.cookie + '; ' : ''}${this.name('bid')}=${id}`;
    return id;
  }
}
