import { DuplicateError, type App, type AppsRepo, type AppUris } from '../port.js';
import { isDuplicateKey, type AppDoc, type Models } from './models.js';

const toApp = (d: AppDoc): App => ({
  id: d._id,
  name: d.name,
  type: d.type,
  redirectUris: d.redirectUris ?? [],
  postLogoutRedirectUris: d.postLogoutRedirectUris ?? [],
  flowId: d.flowId ?? null,
  branding: (d.branding ?? {}) as App['branding'],
  secretCiphertext: d.secretCiphertext ?? null,
  backchannelLogoutUri: d.backchannelLogoutUri ?? null,
  resources: d.resources ?? [],
  minAcr: d.minAcr ?? null,
  accountApi: d.accountApi === true,
  acceptsRememberedBrowser: d.acceptsRememberedBrowser !== false,
  idTokenSignedResponseAlg: d.idTokenSignedResponseAlg ?? 'RS256',
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export class MongoApps implements AppsRepo {
  constructor(private readonly m: Models) {}

  async create(app: App): Promise<App> {
    const { id, ...rest } = app;
    try {
      await this.m.apps.create({ _id: id, ...rest, branding: { ...rest.branding }, resources: rest.resources.map((r) => ({ ...r })) });
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
    return this.write({ _id: id }, patch);
  }

  async updateIfUris(id: string, expected: AppUris, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null> {
    // An array in a filter matches only the same elements in the same order: the lists exactly as read.
    return this.write({ _id: id, redirectUris: [...expected.redirectUris], postLogoutRedirectUris: [...expected.postLogoutRedirectUris] }, patch);
  }

  private async write(filter: { _id: string; redirectUris?: string[]; postLogoutRedirectUris?: string[] }, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null> {
    const d = await this.m.apps.findOneAndUpdate(filter, { $set: { ...patch, updatedAt: new Date() } }, { returnDocument: 'after' }).lean<AppDoc>();
    return d ? toApp(d) : null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.m.apps.deleteOne({ _id: id })).deletedCount === 1;
  }
}
