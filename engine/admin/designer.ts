import express, { type Router } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CurrentUser } from '../http/current-user.js';
import type { User } from '../store/port.js';
import { ADMIN_ROLE } from './auth.js';
import { seeOther } from '../http/redirect.js';

const DIST = fileURLToPath(new URL('../../designer/dist/', import.meta.url));

/**
 * The document the console draws its previews of hosted pages in (the branding preview, a step's
 * preview): its own policy, so an app's logo from an https address shows as it does on the live page,
 * while the console's own policy keeps images to itself. Nothing runs in it (no script source at all,
 * and the console frames it sandboxed without scripts or forms); only the console may frame it.
 */
const PREVIEW_FRAME_POLICY = "default-src 'none'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; form-action 'none'; frame-ancestors 'self'; base-uri 'none'";

/**
 * Serves the designer (the Vite build in designer/dist). The page itself needs an administrator, or an
 * organisation's own administrator (who sees only their organisations): others are sent through
 * Gerbang's own hosted login and come back here.
 */
export function designerRouter(deps: { currentUser: CurrentUser; delegated?: (user: User) => Promise<string[]> }): Router {
  const router = express.Router();
  router.use('/assets', express.static(`${DIST}assets`, { immutable: true, maxAge: '1y', index: false }));
  router.get('/preview-frame', (_req, res) => {
    res
      .set({ 'Content-Security-Policy': PREVIEW_FRAME_POLICY, 'X-Frame-Options': 'SAMEORIGIN', 'X-Content-Type-Options': 'nosniff' })
      .type('html')
      .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head><body></body></html>');
  });
  router.get(['/', '/index.html'], async (req, res) => {
    const user = (await deps.currentUser(req))?.user;
    const admitted = user && (user.roles.includes(ADMIN_ROLE) || (await deps.delegated?.(user))?.length);
    if (!admitted) return seeOther(res, '/login?flow=admin-login&return_to=/designer/');
    if (!existsSync(`${DIST}index.html`)) {
      return res.status(503).type('text').send('The designer is not built yet: run `npm run build:designer` (npm install does it).');
    }
    res
      .set({
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        'X-Content-Type-Options': 'nosniff',
      })
      .type('html')
      .send(readFileSync(`${DIST}index.html`, 'utf8'));
  });
  return router;
}
