import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { OidcRepo, SessionsRepo, Store, UsersRepo } from '../store/port.js';
import type { Logger } from '../logger.js';
import { sha256 } from '../runtime/crypto.js';

/** oidc-provider's Client sends the logout token itself (the method its own logout uses; untyped in @types). */
interface BackchannelClient {
  backchannelLogout(sub: string, sid: string): Promise<void>;
}

/** Which provider session (by its stable uid) a Gerbang session was signed in together with. */
const LINK_MODEL = 'Gerbang:SessionLink';

/**
 * OpenID Connect Back-Channel Logout for sessions that end outside the provider's own logout
 * endpoint: signing out of Gerbang, a session revoked from the account page or by support, every
 * session ended by a password reset or an account deletion. The provider session that was signed in
 * together with the ended Gerbang session is ended the way oidc-provider ends its own: each app of
 * that session with a back-channel logout URI receives a signed logout token, the session's grants
 * (and so its tokens) are revoked, and the session is destroyed.
 * RP-initiated logout (/session/end) is oidc-provider's own and sends the same logout tokens.
 */
export class ProviderSessionEnder {
  constructor(
    private readonly deps: {
      provider: () => Provider;
      oidc: OidcRepo;
      sessions: SessionsRepo;
      logger: Logger;
    },
  ) {}

  /** After each authorization, remembers the provider session of the browser's Gerbang session. */
  watch(provider: Provider, sessionCookie: string): void {
    provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
      const providerSession = ctx.oidc.session;
      const token = ctx.cookies.get(sessionCookie);
      if (!providerSession?.accountId || !token || token.length > 100) return;
      this.link(sha256(token), providerSession.uid, providerSession.accountId).catch((err) =>
        this.deps.logger.error('could not link sessions', { error: String(err) }),
      );
    });
  }

  private async link(gerbangSessionId: string, uid: string, accountId: string): Promise<void> {
    const session = await this.deps.sessions.get(gerbangSessionId);
    if (!session || session.userId !== accountId) return;
    // `uid` is indexed by the store: the provider session finds its Gerbang session back.
    await this.deps.oidc.upsert(LINK_MODEL, gerbangSessionId, { uid, gerbangSessionId, accountId }, session.expiresAt);
  }

  /** The Gerbang session signed in together with this provider session (e.g. of an access token). */
  async gerbangSessionOf(providerSessionUid: string): Promise<string | null> {
    const link = await this.deps.oidc.findByUid(LINK_MODEL, providerSessionUid);
    return typeof link?.gerbangSessionId === 'string' ? link.gerbangSessionId : null;
  }

  /**
   * Ends the provider sessions linked to these (ended) Gerbang sessions. `revokeOffline` also revokes
   * grants the person chose to keep past sign-out (offline access): a revocation or a password reset
   * leaves nothing of the old sessions behind.
   */
  async endLinked(gerbangSessionIds: string[], opts: { revokeOffline: boolean }): Promise<void> {
    for (const id of gerbangSessionIds) {
      const link = await this.deps.oidc.find(LINK_MODEL, id);
      if (!link) continue;
      await this.deps.oidc.destroy(LINK_MODEL, id);
      if (typeof link.uid === 'string') await this.endProviderSession(link.uid, opts);
    }
  }

  private async endProviderSession(uid: string, opts: { revokeOffline: boolean }): Promise<void> {
    const provider = this.deps.provider();
    const session = await provider.Session.findByUid(uid);
    if (!session) return;
    const accountId = session.accountId;
    const authorizations = Object.entries(session.authorizations ?? {});
    await Promise.all(
      authorizations.map(async ([clientId, authorization]) => {
        const client = await provider.Client.find(clientId);
        if (client?.backchannelLogoutUri && accountId) {
          await (client as unknown as BackchannelClient).backchannelLogout(accountId, authorization.sid ?? '').then(
            () => this.deps.logger.info('back-channel logout sent', { clientId }),
            (err: unknown) => this.deps.logger.warn('back-channel logout failed', { clientId, error: String(err) }),
          );
        }
        if (authorization.grantId && (opts.revokeOffline || !authorization.persistsLogout)) await this.deps.oidc.revokeByGrantId(authorization.grantId);
      }),
    );
    await session.destroy();
  }
}

/**
 * The sessions repository, ending the linked provider sessions whenever Gerbang sessions end, so
 * every way a session ends (sign-out, revocation, password reset) tells the apps the same way.
 */
export function sessionsEndingProviderSessions(repo: SessionsRepo, ender: () => ProviderSessionEnder, logger: Logger): SessionsRepo {
  const end = (ids: string[], revokeOffline: boolean) =>
    ender()
      .endLinked(ids, { revokeOffline })
      .catch((err) => logger.error('could not end provider sessions', { error: String(err) }));
  return Object.assign(Object.create(repo) as SessionsRepo, {
    async delete(id: string) {
      await repo.delete(id);
      await end([id], false);
    },
    async deleteByUser(userId: string) {
      const ids = (await repo.listByUser(userId)).map((s) => s.id);
      const n = await repo.deleteByUser(userId);
      await end(ids, true);
      return n;
    },
  });
}

/**
 * The store with session endings wired to back-channel logout. Deleting an account ends its
 * provider sessions too: the account-deletion rule removes its sessions through `deleteByUser`; a
 * new password, through the sessions its store operation answers it ended.
 */
export function storeEndingProviderSessions(store: Store, ender: () => ProviderSessionEnder, logger: Logger): Store {
  const sessions = sessionsEndingProviderSessions(store.sessions, ender, logger);
  // A new password ends the sessions inside the credentials' own store operation: those too.
  const credentials: Store['credentials'] = Object.assign(Object.create(store.credentials) as Store['credentials'], {
    async setPassword(...args: Parameters<Store['credentials']['setPassword']>) {
      const changed = await store.credentials.setPassword(...args);
      if (changed?.endedSessions.length)
        await ender()
          .endLinked(changed.endedSessions, { revokeOffline: true })
          .catch((err) => logger.error('could not end provider sessions', { error: String(err) }));
      return changed;
    },
  });
  return Object.assign(Object.create(store) as Store, { sessions, credentials });
}
