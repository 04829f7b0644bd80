import type { Store, User } from '../store/port.js';
import { dummyPasswordHash, type PasswordHasher } from '../methods/password/hashing.js';
import { attemptPassword, DEFAULT_LOCKOUT_POLICY, wrongPasswordCounters } from '../methods/password/lockout.js';
import type { SignInThrottles } from '../protection/sign-in-throttles.js';
import type { BreachedPasswords } from '../methods/password/breached.js';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from '../methods/password/policy.js';
import { checkAttribute } from '../identity/attributes.js';
import { fieldOf, loadSchema, type SchemaAttribute } from '../identity/schema.js';
import { sha256 } from '../runtime/crypto.js';
import { InputError } from '../http/errors.js';
import { deleteAccount } from '../identity/account-deletion.js';
import { domainEvents } from '../outbox/domain-events.js';


/** A failed self-service operation: per-field i18n keys, shown inline (pages) or as 422 (API). */
export class AccountError extends InputError {}

export interface Actor {
  ip: string | null;
  /** The session making the change (kept when other sessions are signed out). */
  sessionId: string | null;
}

/**
 * What a customer can do with their own account. Pages and the JSON API both call this, always with
 * the signed-in user's id: there is no way to name another user.
 */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly passwords: PasswordHasher,
    private readonly now: () => Date,
    private readonly throttles: SignInThrottles,
    private readonly breached: BreachedPasswords,
  ) {}

  private audit(user: User, type: string, actor: Actor, details: Record<string, unknown> = {}, by: string = user.id) {
    return this.store.audit.record({ at: this.now(), type, userId: user.id, actor: by, ip: actor.ip, details });
  }

  /** The attributes of the identity schema the customer may see and edit on /account. */
  async profileAttributes(): Promise<SchemaAttribute[]> {
    return (await loadSchema(this.store)).filter((a) => a.editable);
  }

  async updateProfile(user: User, input: Record<string, string | undefined>, actor: Actor): Promise<User> {
    const values: Record<string, unknown> = {};
    const errors: AccountError['fields'] = {};
    for (const attribute of await this.profileAttributes()) {
      if (!(attribute.key in input)) continue;
      // A required attribute may be corrected here, never emptied.
      const field = fieldOf(attribute, attribute.required && user.attributes[attribute.key] != null);
      const checked = checkAttribute(field, input[field.name], this.now());
      if (!checked.ok) errors[field.name] = { key: checked.key, vars: checked.vars };
      else values[field.name] = checked.value ?? null;
    }
    if (Object.keys(errors).length) throw new AccountError(errors);
    const updated = await this.store.users.updateAttributes(user.id, values, domainEvents.profileUpdated(Object.keys(values), this.now()));
    await this.audit(user, 'profile.updated', actor, { fields: Object.keys(values) });
    return updated!;
  }

  async changePassword(user: User, current: string, next: string, actor: Actor): Promise<void> {
    // The current password is guessed no more freely here than at sign-in: the same throttles.
    const [credential] = await this.store.credentials.listByUser(user.id, 'password');
    const spendTime = async () => this.passwords.verify(await dummyPasswordHash(this.passwords), current);
    const attempt = await attemptPassword(this.throttles, user.email, actor.ip, DEFAULT_LOCKOUT_POLICY, this.now(), {
      verify: async () => (credential ? this.passwords.verify(String(credential.data.hash), current) : (await spendTime(), false)),
      spendTime,
    });
    const lockedMinutes = attempt.result === 'blocked' ? attempt.minutes : attempt.result === 'wrong' ? attempt.blockedMinutes : 0;
    if (lockedMinutes > 0) throw new AccountError({ current_password: { key: 'account.password.locked', vars: { minutes: lockedMinutes } } });
    if (attempt.result !== 'ok' || !credential) throw new AccountError({ current_password: { key: 'account.password.wrong' } });
    const problems: Array<{ key: string; vars?: Record<string, number> }> = checkPasswordPolicy(next, DEFAULT_PASSWORD_POLICY, user.email);
    if (!problems.length && (await this.breached.isBreached(next))) problems.push({ key: 'password.policy.breached' });
    if (problems.length) throw new AccountError({ new_password: problems[0] });
    // One store operation: the new password, every other session signed out and the apps' tokens
    // revoked (they may belong to whoever knew the old password), the audit event; all or nothing.
    await this.store.credentials.setPassword({
      userId: user.id,
      hash: await this.passwords.hash(next),
      link: null,
      keepSession: actor.sessionId,
      forgetCounters: wrongPasswordCounters(user.email, actor.ip),
      audit: { at: this.now(), type: 'password.changed', userId: user.id, actor: user.id, ip: actor.ip, details: {} },
    });
  }

  async sessions(user: User) {
    return this.store.sessions.listByUser(user.id);
  }

  async signOutSession(user: User, sessionId: string, actor: Actor): Promise<boolean> {
    const mine = (await this.store.sessions.listByUser(user.id)).some((s) => s.id === sessionId);
    if (!mine) return false;
    await this.store.sessions.delete(sessionId);
    await this.audit(user, 'session.revoked', actor, { session: sessionId.slice(0, 8) });
    return true;
  }

  /** Signs out every other session and revokes the tokens every app holds for the user. */
  async signOutOthers(user: User, actor: Actor): Promise<number> {
    await this.store.oidc.revokeTokensByAccount(user.id);
    let n = 0;
    for (const s of await this.store.sessions.listByUser(user.id)) {
      if (s.id !== actor.sessionId) (await this.store.sessions.delete(s.id), n++);
    }
    return n;
  }

  /** Factors and other credentials, never their secrets. */
  async credentials(user: User) {
    return (await this.store.credentials.listByUser(user.id))
      // Known browsers are the risk check's memory, not a way to sign in.
      .filter((c) => c.type !== 'password' && c.type !== 'known-browsers')
      .map((c) => ({ id: c.id, type: c.type, createdAt: c.createdAt, name: typeof c.data.name === 'string' ? c.data.name : null }));
  }

  /** Ways this user can still sign in on their own: password, passkeys, linked providers. */
  private async signInMethods(user: User): Promise<number> {
    const [creds, identities] = await Promise.all([this.store.credentials.listByUser(user.id), this.store.identities.listByUser(user.id)]);
    return creds.filter((c) => c.type === 'password' || c.type === 'webauthn').length + identities.length;
  }

  async identities(user: User) {
    return this.store.identities.listByUser(user.id);
  }

  /** Unlinks a provider account, but never the last way to sign in. */
  async unlinkIdentity(user: User, provider: string, subject: string, actor: Actor): Promise<boolean> {
    const mine = (await this.store.identities.listByUser(user.id)).some((i) => i.provider === provider && i.subject === subject);
    if (!mine) return false;
    if ((await this.signInMethods(user)) <= 1) throw new AccountError({ identities: { key: 'account.lastMethod' } });
    await this.store.identities.unlink(user.id, provider, subject);
    await this.audit(user, 'identity.unlinked', actor, { provider });
    return true;
  }

  async removeCredential(user: User, credentialId: string, actor: Actor): Promise<boolean> {
    const credential = (await this.store.credentials.listByUser(user.id)).find((c) => c.id === credentialId && c.type !== 'password');
    if (!credential) return false;
    if (credential.type === 'webauthn' && (await this.signInMethods(user)) <= 1) throw new AccountError({ security: { key: 'account.lastMethod' } });
    await this.store.credentials.remove(credential.id);
    await this.audit(user, 'factor.removed', actor, { type: credential.type });
    return true;
  }

  async consents(user: User) {
    const [purposes, current] = await Promise.all([this.store.consents.listPurposes(), this.store.consents.current(user.id)]);
    const byPurpose = new Map(current.map((d) => [d.purposeId, d]));
    return purposes.map((p) => ({ purpose: p, decision: byPurpose.get(p.id) ?? null }));
  }

  async setConsent(user: User, purposeId: string, granted: boolean, channel: string, actor: Actor): Promise<boolean> {
    const purpose = await this.store.consents.getPurpose(purposeId);
    if (!purpose) return false;
    const decision = { userId: user.id, purposeId, version: purpose.version, granted, at: this.now(), channel };
    await this.store.consents.record(decision, domainEvents.consentChanged(decision));
    await this.audit(user, 'consent.changed', actor, { purposeId, version: purpose.version, granted, channel });
    return true;
  }

  /** Everything Gerbang holds about the user, secrets and hashes excepted; `by` an administrator, or the user. */
  async export(user: User, actor: Actor, by: string = user.id) {
    await this.audit(user, 'account.exported', actor, {}, by);
    const [credentials, sessions, consents, history, audit] = await Promise.all([
      this.credentials(user),
      this.store.sessions.listByUser(user.id),
      this.store.consents.current(user.id),
      this.store.consents.history(user.id),
      this.store.audit.list({ userId: user.id, limit: 1000 }),
    ]);
    const hasPassword = (await this.store.credentials.listByUser(user.id, 'password')).length > 0;
    return {
      exportedAt: this.now().toISOString(),
      profile: { id: user.id, email: user.email, emailVerified: user.emailVerified, attributes: user.attributes, language: user.language, createdAt: user.createdAt, updatedAt: user.updatedAt },
      signInMethods: { password: hasPassword, factors: credentials, linkedIdentities: (await this.store.identities.listByUser(user.id)).map((i) => ({ provider: i.provider, email: i.email, linkedAt: i.linkedAt })) },
      sessions: sessions.map((s) => ({ createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, userAgent: s.userAgent, ip: s.ip, amr: s.amr })),
      consents: { current: consents, history },
      auditEvents: audit.map((e) => ({ at: e.at, type: e.type, ip: e.ip, details: e.details })),
    };
  }

  /** Deletes everything about the user (the account-deletion rule); the audit trail keeps an anonymous proof. */
  async deleteAccount(user: User, confirmEmail: string, actor: Actor): Promise<void> {
    if (confirmEmail.trim().toLowerCase() !== user.email) throw new AccountError({ confirm_email: { key: 'account.delete.mismatch' } });
    await deleteAccount(this.store, user.id);
    await this.store.audit.record({ at: this.now(), type: 'account.deleted', userId: null, actor: 'self', ip: null, details: { subjectHash: sha256(user.id) } });
  }
}
