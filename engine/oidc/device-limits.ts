import type { KoaContextWithOIDC } from 'oidc-provider';
import { sha256 } from '../runtime/crypto.js';
import { codeInputBody } from './device.js';
import type { OidcPages } from './pages.js';

/** The store's atomic counters (shared by every instance): the new value after adding one. */
export interface Counters {
  increment(key: string, expiresAt: Date, now: Date): Promise<number>;
}

/** Code entries (typed codes and confirmations) allowed per network address in one window. */
export const USER_CODE_ATTEMPTS = 20;
export const USER_CODE_WINDOW_MINUTES = 15;
/** RFC 8628 3.5: without an `interval` in the answer, devices wait 5 seconds between polls. */
export const POLL_INTERVAL_SECONDS = 5;

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * Limits of the device grant that oidc-provider leaves to the deployment, as a middleware in front of
 * its routes:
 * - guessing user codes: every code entry at /device is counted per network address before the code
 *   is looked up; past the limit, code entry is locked for the rest of the window, even for a right
 *   code. 20 entries in 15 minutes against 20^8 possible codes;
 * - polling: a device that polls again before the interval is answered `slow_down` (RFC 8628 3.5)
 *   instead of `authorization_pending`.
 * Both count in the store, so every instance enforces the same limits.
 */
export function deviceLimits(deps: { counters: Counters; pages: OidcPages; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    if (ctx.method === 'POST' && ctx.path === '/device') {
      const at = now();
      const count = await deps.counters.increment(`device-code:${ctx.ip}`, new Date(at.getTime() + USER_CODE_WINDOW_MINUTES * 60_000), at);
      if (count > USER_CODE_ATTEMPTS) {
        const t = deps.pages.t(ctx);
        ctx.status = 429;
        ctx.set('Retry-After', String(USER_CODE_WINDOW_MINUTES * 60));
        ctx.type = 'html';
        // The form comes back without a CSRF token: nothing can be submitted until the window ends.
        ctx.body = deps.pages.render(
          ctx,
          t('device.title'),
          codeInputBody(t, { action: '/device', xsrf: '' }, t('device.locked', { minutes: USER_CODE_WINDOW_MINUTES })),
        );
        return;
      }
    }
    await next();
    if (ctx.path === '/token' && ctx.oidc?.params?.grant_type === DEVICE_GRANT && isPending(ctx.body)) {
      const at = now();
      const deviceCode = String(ctx.oidc.params.device_code ?? '');
      const polls = await deps.counters.increment(`device-poll:${sha256(deviceCode)}`, new Date(at.getTime() + POLL_INTERVAL_SECONDS * 1000), at);
      if (polls > 1) ctx.body = { error: 'slow_down', error_description: `poll at most every ${POLL_INTERVAL_SECONDS} seconds, and 5 seconds slower from now on` };
    }
  };
}

function isPending(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { error?: unknown }).error === 'authorization_pending';
}
