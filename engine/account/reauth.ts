import { html } from '../hosted/html.js';
import type { HostedDeps } from '../hosted/deps.js';
import { PageContext } from '../http/page.js';
import type { CompletionArgs, CompletionHandler } from '../hosted/completions.js';
import type { Unmet } from '../runtime/assurance-enforcement.js';
import { seeOther } from '../http/redirect.js';

/** A run that may not give a session (level not reached, another user): a clear page, no session. */
export function unmetPage(deps: Pick<HostedDeps, 'shell'>) {
  return async ({ req, res }: CompletionArgs, why: Unmet) => {
    const p = new PageContext(deps.shell, req, res);
    const again = html`<p><a class="button primary" href="/login">${p.t('error.startAgain')}</a></p>`;
    p.message(403, p.t('assurance.unmet.title'), p.t(why === 'other-user' ? 'assurance.otherUser' : 'assurance.unmet'), again);
  };
}

/** Where a re-authentication resumes: a page to open again, or a form to send again (no secrets). */
export type Resume = { method: 'GET'; path: string } | { method: 'POST'; path: string; fields: Record<string, string> };

const LOCAL_ACCOUNT_PATH = /^\/account(?:[/#][^\s]*)?$/;

/**
 * The end of a re-authentication started by a sensitive account change: the browser's session gets
 * what was just proved, then the change resumes (the form comes back ready to send, with a fresh
 * CSRF token: a change is never made by a GET).
 */
export function reauthCompletion(deps: Pick<HostedDeps, 'shell' | 'sessions' | 'cookies' | 'csrf'>): CompletionHandler {
  return async ({ outcome, loaded, req, res }) => {
    if (outcome === 'failure') return seeOther(res, `/flow/${loaded.run.id}`);
    const session = await deps.sessions.upgrade(deps.cookies.read(req, 'sid'), loaded.state.userId!, loaded.state.proofs ?? []);
    if (!session) return seeOther(res, '/login?return_to=/account');
    const resume = loaded.run.origin.resume as Resume | undefined;
    if (!resume || !LOCAL_ACCOUNT_PATH.test(resume.path)) return seeOther(res, '/account');
    if (resume.method === 'GET') return seeOther(res, resume.path);
    const p = new PageContext(deps.shell, req, res);
    const token = deps.csrf.token(deps.cookies.browserId(req, res));
    p.send(
      200,
      p.t('reauth.title'),
      html`<h1>${p.t('reauth.title')}</h1><p class="intro">${p.t('reauth.resume')}</p>
<form method="post" action="${resume.path}"><input type="hidden" name="_csrf" value="${token}">${Object.entries(resume.fields).map(
        ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
      )}<div class="actions"><button type="submit" class="primary">${p.t('reauth.continue')}</button></div></form>`,
    );
  };
}
