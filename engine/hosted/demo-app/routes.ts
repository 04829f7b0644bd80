import express, { type Router } from 'express';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { PageContext } from '../../http/page.js';
import type { HostedDeps } from '../deps.js';
import { demoAppBody, demoAppConfig } from './page.js';
import { DEMO_APP_CALLBACK_PATH, DEMO_APP_PATH } from './addresses.js';
import { demoAppTexts } from './texts.js';

const SCRIPT = readFileSync(new URL('../assets/demo-app.js', import.meta.url), 'utf8');
// jose's browser build (Web Crypto, ES modules) verifies the ID token in the page: served from our
// origin as it ships, since the page's policy allows only our scripts.
const JOSE_DIR = dirname(createRequire(import.meta.url).resolve('jose'));

/**
 * The quick start's demo app, served by Gerbang itself: a public client that signs people in with
 * the authorization code flow and PKCE entirely in the browser, and shows what it got back.
 */
export function demoAppRoutes(deps: Pick<HostedDeps, 'shell' | 'publicUrl'>): Router {
  // Strict: `/demo-app` (redirected) and `/demo-app/` (the page) are different paths.
  const router = express.Router({ strict: true });
  const page: express.RequestHandler = (req, res) => {
    const p = new PageContext(deps.shell, req, res);
    const texts = demoAppTexts(p.lang);
    p.send(200, texts.page.title, demoAppBody(demoAppConfig(deps.publicUrl, p.lang, texts)), { wide: true });
  };
  router.get('/demo-app', (_req, res) => res.redirect(301, DEMO_APP_PATH));
  router.get(DEMO_APP_PATH, page);
  router.get(DEMO_APP_CALLBACK_PATH, page);
  router.get('/demo-app/app.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(SCRIPT);
  });
  router.use('/demo-app/jose', express.static(JOSE_DIR, { index: false }));
  return router;
}
