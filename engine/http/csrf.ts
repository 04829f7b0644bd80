import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { hmac, safeEqual } from '../runtime/crypto.js';
import type { Cookies } from './cookies.js';

/**
 * CSRF tokens bound to the browser id cookie (HttpOnly, SameSite=Lax): the token is an HMAC of that
 * id with the server secret, so another site can neither read nor compute it.
 */
export class Csrf {
  constructor(private readonly secret: string) {}

  token(browserId: string): string {
    return hmac(this.secret, `csrf:${browserId}`);
  }

  verify(browserId: string | undefined, token: unknown): boolean {
    if (!browserId || typeof token !== 'string' || token.length > 100) return false;
    return safeEqual(this.token(browserId), token);
  }

  /** The token of this request's browser (issuing the browser id on a first visit). */
  tokenFor(cookies: Cookies, req: Request, res: Response): string {
    return this.token(cookies.browserId(req, res));
  }

  /**
   * Middleware for form posts (after the body parser): refuses a post whose `_csrf` field does not
   * match this browser before anything else runs; `refuse` answers it (a page with a way back).
   */
  guard(cookies: Cookies, refuse: (req: Request, res: Response) => void): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (this.verify(cookies.read(req, 'bid'), (req.body as Record<string, unknown> | undefined)?._csrf)) return next();
      refuse(req, res);
    };
  }
}
