import type { Request, Response } from 'express';
import type { LoadedRun, SubmitResult } from '../runtime/runtime.js';
import type { Page } from '../nodes/types.js';
import { clientOf } from '../http/client.js';
import { PageContext, themeOfResponse } from '../http/page.js';
import { localPath, seeOther } from '../http/redirect.js';
import { pageBody } from './render.js';
import { mergeTheme } from './theme.js';
import type { HostedDeps } from './deps.js';
import { html, type SafeHtml } from './html.js';
import { isTryRun, markTestAccount, tryBanner } from './try-runs.js';

/**
 * Showing a run and answering after a step: shared by the run routes (form posts) and the callback
 * routes (answers from elsewhere), so both end a step the same way.
 */
export function runPages(deps: HostedDeps) {
  const { cookies, csrf, runtime } = deps;

  /** The page context of a request, in the branding of the run's app when it has one. */
  const pageFor = async (req: Request, res: Response, loaded?: LoadedRun) => {
    const override = loaded && deps.themeFor ? await deps.themeFor(loaded.run.origin) : null;
    return new PageContext(deps.shell, req, res, mergeTheme(themeOfResponse(res, deps.shell.theme), override));
  };

  /** Test runs of a draft carry their banner on every page. */
  const withBanner = (p: PageContext, loaded: LoadedRun, body: SafeHtml) => (isTryRun(loaded) ? html`${tryBanner(p.t)}${body}` : body);

  const showRun = async (p: PageContext, loaded: LoadedRun, status = 200, page?: Page) => {
    const rendered = page ? { kind: 'page' as const, page, loaded } : await runtime.render(loaded, p.lang, clientOf(p.req));
    const form = { action: `/flow/${loaded.run.id}`, csrfToken: csrf.tokenFor(cookies, p.req, p.res), step: rendered.loaded.node.id };
    if (rendered.kind === 'ended') {
      // The run finished but its answer never arrived (a crash, a lost connection) and the page is
      // reloaded: finish the way it was going, so an app still gets its code.
      if (rendered.outcome === 'success') return complete(p.req, p.res, rendered.loaded, 'success');
      const fallback = { title: p.t('failure.title'), fields: [], actions: [] };
      const cancelUrl = loaded.run.origin.cancelUrl;
      // Runs started by an app offer the way back to it (with an error) instead of starting over here.
      const endPage =
        typeof cancelUrl === 'string'
          ? { ...(rendered.page ?? fallback), blocks: [{ kind: 'link' as const, href: cancelUrl, label: p.t('failure.back') }] }
          : (rendered.page ?? fallback);
      return p.send(200, endPage.title, withBanner(p, loaded, pageBody(endPage, form)));
    }
    if (isTryRun(loaded)) await markTestAccount(deps.store, loaded);
    p.send(status, rendered.page.title, withBanner(p, loaded, pageBody(rendered.page, form)), { thirdParty: rendered.page.thirdParty });
  };

  /** A run reached an end node in this request: hand it to its origin's completion handler. */
  const complete = async (req: Request, res: Response, loaded: LoadedRun, outcome: 'success' | 'failure') => {
    const kind = String(loaded.run.origin.kind);
    const handler = deps.completions.get(kind);
    if (!handler) throw new Error(`No completion handler for runs from "${kind}"`);
    if (outcome === 'success' && !loaded.state.userId) {
      deps.logger.error('flow reached success without a signed-in user', { flowId: loaded.graph.id, runId: loaded.run.id });
      throw new Error(`Journey ${loaded.graph.id} ended in success without signing anyone in`);
    }
    await handler({ outcome, loaded, req, res });
  };

  /**
   * After a step: its errors inline, its end, its redirect elsewhere, or the run's next page. A form
   * posted for step `from` that moved the run on is answered with the next step's page at once (one
   * request instead of a redirect and a GET; the address stays the run's). That answer is safe to
   * reload or to come back to: the form it repeats names a step the run has left, which is not
   * submitted again but redirected to the current page (`stale`). A step that stays where it was
   * (resend a code...) and answers from elsewhere (links, identity providers) redirect as before.
   */
  const afterStep = async (req: Request, res: Response, result: SubmitResult, from?: string) => {
    if (result.kind === 'invalid') return showRun(await pageFor(req, res, result.loaded), result.loaded, 422, result.page);
    if (result.kind === 'ended') return complete(req, res, result.loaded, result.outcome);
    if (result.kind === 'redirect') return seeOther(res, result.url);
    if (result.kind === 'moved' && from !== undefined && result.loaded.node.id !== from) return showRun(await pageFor(req, res, result.loaded), result.loaded);
    seeOther(res, `/flow/${result.loaded.run.id}`);
  };

  return { pageFor, showRun, complete, afterStep };
}

export type RunPages = ReturnType<typeof runPages>;
