import { sha256 } from '../runtime/crypto.js';
import type { Request, Response } from 'express';
import type { LoadedRun } from '../runtime/runtime.js';
import { localPath, seeOther } from '../http/redirect.js';
import type { HostedDeps } from './deps.js';
import type { Proof } from '../identity/assurance.js';
import { isBlocked } from '../identity/blocking.js';
import { Forbidden } from '../http/errors.js';
import { domainEvents } from '../outbox/domain-events.js';
import { knownLanguage, languageOrDefault } from '../languages.js';

/**
 * What happens when a run reaches an end node, by where the run came from (`run.origin.kind`):
 * `direct` (GET /login) signs the browser in; the OpenID Provider registers `oidc`, /account `account`.
 */
export interface CompletionArgs {
  outcome: 'success' | 'failure';
  loaded: LoadedRun;
  req: Request;
  res: Response;
}

export type CompletionHandler = (args: CompletionArgs) => Promise<void>;

export class Completions {
  private readonly handlers = new Map<string, CompletionHandler>();

  register(kind: string, handler: CompletionHandler): void {
    this.handlers.set(kind, handler);
  }

  get(kind: string): CompletionHandler | undefined {
    return this.handlers.get(kind);
  }
}

type SignInDeps = Pick<HostedDeps, 'sessions' | 'cookies' | 'sessionTtlMs' | 'store' | 'now' | 'onSignIn' | 'logger' | 'shell'>;

/** Signs the browser in: a session cookie and an audit event. Shared by every completion. */
export function sessionSignIn(deps: SignInDeps) {
  return async (req: Request, res: Response, userId: string, proofs: Proof[], flowId: string, appId?: string) => {
    // Checked at the very end: an account blocked while its journey ran is not signed in either.
    const user = await deps.store.users.findById(userId);
    if (!user || isBlocked(user)) {
      await deps.store.audit.record({ at: new Date(), type: 'signin.blocked', userId, actor: userId, ip: req.ip ?? null, details: { flowId } });
      throw new Forbidden({ en: 'This account is blocked. Contact support.', id: 'Akun ini diblokir. Hubungi dukungan.' }, 'account_blocked');
    }
    // The same person signing in again (a step-up) keeps the browser's session; another replaces it.
    const cookie = deps.cookies.read(req, 'sid');
    let session = await deps.sessions.upgrade(cookie, userId, proofs);
    if (!session) {
      await deps.sessions.destroy(cookie);
      const created = await deps.sessions.create(userId, proofs, { userAgent: req.headers['user-agent'] ?? null, ip: req.ip ?? null });
      session = created.session;
      deps.cookies.set(res, 'sid', created.token, Math.floor(deps.sessionTtlMs / 1000));
    }
    // The language of this sign-in becomes the person's (their mails outside a page speak it); written only
    // when it changed, unknown counting as English, so a sign-in in the same language costs no statement.
    const lang = knownLanguage(deps.shell.languageOf(req));
    if (lang && lang !== languageOrDefault(user.language)) await deps.store.users.setLanguage(userId, lang);
    const at = deps.now?.() ?? new Date();
    await deps.store.audit.record(
      { at, type: 'signin', userId, actor: userId, ip: req.ip ?? null, details: { flowId, amr: session.amr, ...(appId ? { appId } : {}) } },
      domainEvents.userSignedIn(userId, at, { flowId, amr: session.amr }),
    );
    const bid = deps.cookies.read(req, 'bid');
    await deps
      .onSignIn?.({ userId, browserHash: bid ? sha256(bid) : null, ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 300) ?? null, lang: deps.shell.languageOf(req), at })
      .catch((err: unknown) => deps.logger.error('after sign-in: browser not recorded', { error: err instanceof Error ? err.message : String(err) }));
  };
}

/** The `direct` completion: a session cookie for the browser, then back to where the visitor came from. */
export function directCompletion(deps: SignInDeps): CompletionHandler {
  const signIn = sessionSignIn(deps);
  return async ({ outcome, loaded, req, res }) => {
    if (outcome === 'failure') return seeOther(res, `/flow/${loaded.run.id}`);
    await signIn(req, res, loaded.state.userId!, loaded.state.proofs ?? [], loaded.graph.id);
    seeOther(res, localPath(loaded.run.origin.returnTo));
  };
}

/** Runs started from /account run for the signed-in user and return there. */
export const accountCompletion: CompletionHandler = async ({ outcome, loaded, res }) => {
  seeOther(res, outcome === 'success' ? '/account' : `/flow/${loaded.run.id}`);
};
