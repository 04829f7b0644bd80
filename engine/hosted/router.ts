import express, { type Router } from 'express';
import type { HostedDeps } from './deps.js';
import { assetRoutes } from './assets.js';
import { callbackRoutes } from './callbacks.js';
import { homeRoutes } from './home.js';
import { runPages } from './run-pages.js';
import { runRoutes } from './runs.js';

/** Every hosted page for people: the language switch, assets, journeys, callbacks and home. */
export function hostedRouter(deps: HostedDeps): Router {
  const router = express.Router();
  const { cookies } = deps;

  // ?lang=xx switches the language (remembered in a cookie) and reloads the clean URL.
  router.use((req, res, next) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    if (req.method !== 'GET' || !lang) return next();
    if (['en', 'id'].includes(lang)) cookies.set(res, 'lang', lang, 365 * 24 * 3600);
    res.redirect(303, req.path);
  });

  const pages = runPages(deps);
  router.use(assetRoutes(), runRoutes(deps, pages), callbackRoutes(deps, pages), homeRoutes(deps));
  return router;
}
