import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import { RunError } from '../runtime/errors.js';
import { html } from '../hosted/html.js';
import { FieldInvalid, FieldsRefused, toHttpError, type HttpError } from './errors.js';
import { PageContext, type PageShell } from './page.js';
import { problemIn } from './input-words.js';
import { inLanguage, requestLanguage } from './words.js';
import { isLanguage, type Language } from '../languages.js';

const UNEXPECTED = { en: 'An unexpected error happened.', id: 'Terjadi kesalahan tak terduga.' };

/**
 * APIs: every error as `{ error, message }` with its 4xx status, or a logged 500 that reveals nothing,
 * said in the language the request asked for (English when none).
 */
export function jsonErrors(logger: Logger, area: string): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) return next(err);
    const e = toHttpError(err);
    const lang = requestLanguage(req);
    if (e) return res.status(e.status).json(errorBody(e, lang));
    logger.error(`${area} failed`, { path: req.path, error: err instanceof Error ? err.stack : String(err) });
    res.status(500).json({ error: 'server_error', message: inLanguage(UNEXPECTED, lang) });
  };
}

/** The JSON of an error: what and why, and where when it is about a field (its name, or its JSON pointer). */
function errorBody(e: HttpError, lang: Language) {
  const where =
    e instanceof FieldInvalid
      ? { field: e.field }
      : e instanceof FieldsRefused && e.problems.length
        ? { in: e.problems[0].in, pointer: e.problems[0].pointer, invalid: e.problems.map((p) => problemIn(p, lang)) }
        : {};
  return { error: e.error, message: e.messageIn(lang), ...where };
}

/** Pages for people: the same errors as a themed, localised page with a way to go on. */
export function pageErrors(shell: PageShell, logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) return next(err);
    const p = new PageContext(shell, req, res);
    const again = html`<p><a class="button primary" href="/login">${p.t('error.startAgain')}</a></p>`;
    const e = toHttpError(err);
    if (!e) {
      logger.error('page failed', { path: req.path, error: err instanceof Error ? err.stack : String(err) });
      return p.message(500, p.t('error.title'), p.t('error.internal'), again);
    }
    if (err instanceof RunError) {
      // A double submit or an ended run: back to the run, which shows where it is now.
      const runId = typeof req.params?.runId === 'string' ? req.params.runId : '';
      const back = (err.reason === 'conflict' || err.reason === 'finished') && runId ? html`<p><a class="button primary" href="/flow/${runId}">OK</a></p>` : again;
      return p.message(e.status, p.t('error.title'), p.t(`error.${err.reason}`), back);
    }
    p.message(e.status, p.t('error.title'), isLanguage(p.lang) ? e.messageIn(p.lang) : e.message, again);
  };
}
