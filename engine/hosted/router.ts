import express, { type RequestHandler, type Router } from 'express';
import { localPath, seeOther } from '../http/redirect.js';
import type { Cookies } from '../http/cookies.js';
import type { HostedDeps } from './deps.js';
import { isLanguage } from '../languages.js';
import { assetRoutes } from './assets.js';
import { callbackRoutes } from './callbacks.js';
import { homeRoutes } from './home.js';
import { runPages } from './run-pages.js';
import { pageGuards } from './guards.js';
import { runRoutes } from './runs.js';
import { notMeRoutes } from './not-me.js';
import { demoAppRoutes } from './demo-app/routes.js';

/** Every hosted page for people: assets, journeys, callbacks, home and the quick start's demo app. */
export function hostedRouter(deps: HostedDeps): Router {
  const router = express.Router();
  const pages = runPages(deps);
  // One set of guards: the per-minute limit counts a client's journey starts, posts and callbacks together.
  const guards = pageGuards(deps);
  router.use(assetRoutes(), runRoutes(deps, pages, guards), callbackRoutes(deps, pages, guards), homeRoutes(deps, guards), demoAppRoutes(deps));
  if (deps.disownSignIn) router.use(notMeRoutes(deps, guards, deps.disownSignIn));
  return router;
}

/**
 * `?lang=xx` on any page switches the language (remembered in a cookie) and reloads the same page
 * without it: always a path of this server, whatever the request path looked like.
 */
export function languageSwitch(cookies: Cookies): RequestHandler {
  return (req, res, next) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    if (req.method !== 'GET' || !lang) return next();
    if (isLanguage(lang)) cookies.set(res, 'lang', lang, 365 * 24 * 3600);
    const rest = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '');
    rest.delete('lang');
    const query = rest.toString();
    seeOther(res, localPath(`${req.path}${query ? `?${query}` : ''}`));
  };
}
