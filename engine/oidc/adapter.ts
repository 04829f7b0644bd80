import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { OidcRepo, AppsRepo } from '../store/port.js';
import { clientMetadata } from './apps.js';
import type { SecretBox } from '../identity/secret-box.js';
import { sha256 } from '../runtime/crypto.js';

const EXPIRED_DEVICE_CODE_KEPT_SECONDS = 3600;
/** The provider's models it looks up by something else than their id (`findByUid`, `findByUserCode`). */
const FOUND_WITHOUT_ID = new Set(['Session', 'DeviceCode']);
/** Sealed ids kept opened in memory (the oldest forgotten first). */
const OPENED_IDS_KEPT = 10_000;

/**
 * oidc-provider's storage adapter on the store port: every model goes to the `oidc` repository,
 * except `Client`, which is read from the app registry.
 *
 * Secrets at rest: the id of an artifact is the bearer secret itself (access and refresh tokens,
 * authorization and device codes, the provider's session cookie...). The store only ever sees its
 * SHA-256, and every look-up hashes the presented id, as Gerbang's own sessions do; whoever reads
 * the database cannot present what is stored. The provider also keeps the id inside the payload
 * (`jti`): only the models found by something else than their id (a session by its uid, a device
 * code by its user code) need it back, so only theirs is kept, sealed with the encryption key; the
 * others (codes, tokens, grants, interactions...) are stored without it and get it back from the id
 * they are found by.
 */
/** `extraScopes`: scopes the identity schema releases, allowed to every app like the standard ones. */
export function adapterFactory(repo: OidcRepo, apps: AppsRepo, secrets: SecretBox, extraScopes: () => string[] = () => []) {
  const key = (id: string) => sha256(id);

  function toStored(model: string, payload: AdapterPayload): Record<string, unknown> {
    const { jti, ...rest } = payload as Record<string, unknown>;
    return typeof jti === 'string' && FOUND_WITHOUT_ID.has(model) ? { ...rest, jti: secrets.seal(jti) } : rest;
  }

  /** The provider's payload again, with the id it was found by (or the sealed copy opened). */
  function fromStored(stored: Record<string, unknown> | null, id?: string): AdapterPayload | undefined {
    if (!stored) return undefined;
    if (id !== undefined) return { ...stored, jti: id } as AdapterPayload;
    if (typeof stored.jti !== 'string') return stored as AdapterPayload;
    try {
      return { ...stored, jti: opened(stored.jti) } as AdapterPayload;
    } catch {
      return undefined; // written before ids were sealed, or under a key no longer configured
    }
  }

  /**
   * A sealed id opened, remembered for the next look-ups: a session is found by its uid on every
   * refresh grant of its apps, and its sealed id never changes (the process holds the key anyway).
   */
  const openedIds = new Map<string, string>();
  function opened(sealed: string): string {
    let id = openedIds.get(sealed);
    if (id === undefined) {
      id = secrets.open(sealed);
      if (openedIds.size >= OPENED_IDS_KEPT) openedIds.delete(openedIds.keys().next().value!);
      openedIds.set(sealed, id);
    }
    return id;
  }

  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      // An expired device code stays readable a while, so the device hears expired_token and the
      // person "expired" rather than "unknown code" (oidc-provider checks the expiry itself).
      const keep = this.model === 'DeviceCode' ? expiresIn + EXPIRED_DEVICE_CODE_KEPT_SECONDS : expiresIn;
      const expiresAt = expiresIn ? new Date(Date.now() + keep * 1000) : null;
      await repo.upsert(this.model, key(id), toStored(this.model, payload), expiresAt);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const app = await apps.get(id);
        return app ? (clientMetadata(app, secrets, extraScopes()) as AdapterPayload) : undefined;
      }
      return fromStored(await repo.find(this.model, key(id)), id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return fromStored(await repo.findByUserCode(this.model, userCode));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return fromStored(await repo.findByUid(this.model, uid));
    }

    /**
     * The provider checks `consumed` when it loads a code or refresh token and marks it afterwards:
     * two requests presenting it at once would both pass. Marking is a compare-and-set here, and the
     * request that loses it is refused like a reused one.
     */
    async consume(id: string): Promise<void> {
      if (!(await repo.consume(this.model, key(id), new Date()))) throw new errors.InvalidGrant('grant request is invalid');
    }

    async destroy(id: string): Promise<void> {
      await repo.destroy(this.model, key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await repo.revokeByGrantId(grantId);
    }
  };
}
