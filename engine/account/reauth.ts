import { html } from '../hosted/html.js';
import type { HostedDeps } from '../hosted/deps.js';
import { PageContext } from '../http/page.js';
import type { CompletionArgs } from '../hosted/completions.js';
import type { Unmet } from '../runtime/assurance-enforcement.js';

/** A run that may not give a session (level not reached, another user): a clear page, no session. */
export function unmetPage(deps: Pick<HostedDeps, 'shell'>) {
  return async ({ req, res }: CompletionArgs, why: Unmet) => {
    const p = new PageContext(deps.shell, req, res);
    const again = html`<p><a class="button primary" href="/login">${p.t('error.startAgain')}</a></p>`;
    p.message(403, p.t('assurance.unmet.title'), p.t(why === 'other-user' ? 'assurance.otherUser' : 'assurance.unmet'), again);
  };
}
