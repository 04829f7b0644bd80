import { hmac, safeEqual } from '../runtime/crypto.js';

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
}
