import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcRepo, AppsRepo } from '../store/port.js';
import { clientMetadata } from './apps.js';
import type { SecretBox } from '../identity/secret-box.js';

const EXPIRED_DEVICE_CODE_KEPT_SECONDS = 3600;

/**
 * oidc-provider's storage adapter on the store port: every model goes to the `oidc` repository,
 * except `Client`, which is read from the app registry.
 */
export function adapterFactory(repo: OidcRepo, apps: AppsRepo, secrets: SecretBox) {
  return class StoreAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      // An expired device code stays readable a while, so the device hears expired_token and the
      // person "expired" rather than "unknown code" (oidc-provider checks the expiry itself).
      const keep = this.model === 'DeviceCode' ? expiresIn + EXPIRED_DEVICE_CODE_KEPT_SECONDS : expiresIn;
      const expiresAt = expiresIn ? new Date(Date.now() + keep * 1000) : null;
      await repo.upsert(this.model, id, payload as Record<string, unknown>, expiresAt);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const app = await apps.get(id);
        return app ? (clientMetadata(app, secrets) as AdapterPayload) : undefined;
      }
      return ((await repo.find(this.model, id)) as AdapterPayload | null) ?? undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return ((await repo.findByUserCode(this.model, userCode)) as AdapterPayload | null) ?? undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return ((await repo.findByUid(this.model, uid)) as AdapterPayload | null) ?? undefined;
    }

    async consume(id: string): Promise<void> {
      await repo.consume(this.model, id, new Date());
    }

    async destroy(id: string): Promise<void> {
      await repo.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await repo.revokeByGrantId(grantId);
    }
  };
}
