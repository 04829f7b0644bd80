import express, { type Router } from 'express';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const CSS = readFileSync(new URL('./assets/hosted.css', import.meta.url), 'utf8');
const PASSKEY_JS = readFileSync(new URL('./assets/passkey.js', import.meta.url), 'utf8');
const PROOF_OF_WORK_JS = readFileSync(new URL('./assets/proof-of-work.js', import.meta.url), 'utf8');
const CAPTCHA_JS = readFileSync(new URL('./assets/captcha.js', import.meta.url), 'utf8');
const AUTO_SUBMIT_JS = readFileSync(new URL('./assets/auto-submit.js', import.meta.url), 'utf8');
// Gerbang's icon (a gate), for the browser tab of the hosted pages and the console.
const FAVICON_SVG = readFileSync(new URL('./assets/favicon.svg', import.meta.url), 'utf8');
// The browser half of @simplewebauthn, served from our origin (the CSP allows only our scripts).
const WEBAUTHN_BROWSER_JS = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js'),
  'utf8',
);

/** The stylesheet, scripts and icon of the hosted pages (the icon also at `/favicon.ico`, where browsers look for it unasked). */
export function assetRoutes(): Router {
  const router = express.Router();
  const serve = (path: string, type: string, body: string) =>
    router.get(path, (_req, res) => {
      res.type(type).set('Cache-Control', 'public, max-age=3600').send(body);
    });
  serve('/assets/hosted.css', 'text/css', CSS);
  serve('/assets/passkey.js', 'text/javascript', PASSKEY_JS);
  serve('/assets/webauthn-browser.js', 'text/javascript', WEBAUTHN_BROWSER_JS);
  serve('/assets/proof-of-work.js', 'text/javascript', PROOF_OF_WORK_JS);
  serve('/assets/captcha.js', 'text/javascript', CAPTCHA_JS);
  serve('/assets/auto-submit.js', 'text/javascript', AUTO_SUBMIT_JS);
  serve('/assets/favicon.svg', 'image/svg+xml', FAVICON_SVG);
  serve('/favicon.ico', 'image/svg+xml', FAVICON_SVG);
  return router;
}
