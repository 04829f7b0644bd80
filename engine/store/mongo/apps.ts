import { DuplicateError, type App, type AppsRepo, type OidcRepo } from '../port.js';
import { isDuplicateKey, type AppDoc, type Models, type OidcDoc } from './models.js';

const toApp = (d: AppDoc): App => ({
  id: d._id,
  name: d.name,
  type: d.type,
  redirectUris: d.redirectUris ?? [],
  postLogoutRedirectUris: d.postLogoutRedirectUris ?? [],
  flowId: d.flowId,
  branding: (d.branding ?? {}) as App['branding'],
  secretCiphertext: d.secretCiphertext ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export class MongoApps implements AppsRepo {
  constructor(private readonly m: Models) {}

  async create(app: App): Promise<App> {
    const { id, ...rest } = app;
    try {
      await this.m.apps.create({ _id: id, ...rest, branding: { ...rest.branding } });
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateError('app', 'client id');
      throw err;
    }
    return app;
  }

  async get(id: string): Promise<App | null> {
    const d = await this.m.apps.findById(id).lean<AppDoc>();
    return d ? toApp(d) : null;
  }

  async list(): Promise<App[]> {
    return (await this.m.apps.find().sort({ name: 1 }).limit(1000).lean<AppDoc[]>()).map(toApp);
  }

  async update(id: string, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null> {
    const d = await this.m.apps
      .findOneAndUpdate({ _id: id }, { $set: { ...patch, updatedAt: new Date() } }, { returnDocument: 'after' })
      .lean<AppDoc>();
    return d ? toApp(d) : null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.m.apps.deleteOne({ _id: id })).deletedCount === 1;
  }
}

const key = (model: string, id: string) => `${model}:${id}`;
const live = (d: OidcDoc | null): Record<string, unknown> | null =>
  d && (!d.expiresAt || d.expiresAt.getTime() > Date.now()) ? d.payload : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export class MongoOidc implements OidcRepo {
  constructor(private readonly m: Models) {}

  async upsert(model: string, id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<void> {
    await this.m.oidc.replaceOne(
      { _id: key(model, id) },
      { model, payload, grantId: str(payload.grantId), uid: str(payload.uid), userCode: str(payload.userCode), expiresAt },
      { upsert: true },
    );
  }

  async find(model: string, id: string) {
    return live(await this.m.oidc.findById(key(model, id)).lean<OidcDoc>());
  }

  async findByUid(model: string, uid: string) {
    return live(await this.m.oidc.findOne({ model, uid }).lean<OidcDoc>());
  }

  async findByUserCode(model: string, userCode: string) {
    return live(await this.m.oidc.findOne({ model, userCode }).lean<OidcDoc>());
  }

  async consume(model: string, id: string, at: Date): Promise<void> {
    await this.m.oidc.updateOne({ _id: key(model, id) }, { $set: { 'payload.consumed': Math.floor(at.getTime() / 1000) } });
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.m.oidc.deleteOne({ _id: key(model, id) });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.m.oidc.deleteMany({ grantId });
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.m.oidc.deleteMany({ expiresAt: { $ne: null, $lte: now } })).deletedCount;
  }
}
