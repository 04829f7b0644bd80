import express, { type Request, type Response } from 'express';
import { html } from './html.js';
import { PageContext } from '../http/page.js';
import { perMinuteLimit } from '../http/rate-limit.js';
import type { HostedDeps } from './deps.js';

/** The guards of pages for people: form parsing, the per-minute limit and CSRF, each refusing with a page. */
export function pageGuards(deps: Pick<HostedDeps, 'shell' | 'cookies' | 'csrf' | 'rateLimitPerMinute' | 'store' | 'now'>) {
  const limited = perMinuteLimit(
    deps.rateLimitPerMinute,
    (req, res) => {
      const p = new PageContext(deps.shell, req, res);
      p.message(429, p.t('error.title'), p.t('error.rateLimited'));
    },
    deps.store.counters,
    deps.now,
  );
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 });
  /** Refuses a form post whose CSRF token does not match this browser; `back` is where "OK" leads. */
  const csrfChecked = (back: (req: Request) => string) =>
    deps.csrf.guard(deps.cookies, (req: Request, res: Response) => {
      const p = new PageContext(deps.shell, req, res);
      p.message(403, p.t('error.title'), p.t('error.csrf'), html`<p><a class="button primary" href="${back(req)}">OK</a></p>`);
    });
  return { limited, form, csrfChecked };
}

export type PageGuards = ReturnType<typeof pageGuards>;
