import type Database from 'better-sqlite3';
import { DuplicateError, type App, type AppsRepo, type AppUris } from '../port.js';
import { fromMs, isUniqueViolation, json, parseJson } from './rows.js';

interface AppRow {
  id: string;
  name: string;
  type: App['type'];
  redirect_uris: string;
  post_logout_redirect_uris: string;
  flow_id: string | null;
  branding: string;
  secret_ciphertext: string | null;
  backchannel_logout_uri: string | null;
  resources: string;
  min_acr: string | null;
  account_api: number;
  accepts_remembered_browser: number;
  id_token_alg: 'RS256' | 'ES256';
  created_at: number;
  updated_at: number;
}

const toApp = (r: AppRow): App => ({
  id: r.id,
  name: r.name,
  type: r.type,
  redirectUris: parseJson<string[]>(r.redirect_uris),
  postLogoutRedirectUris: parseJson<string[]>(r.post_logout_redirect_uris),
  flowId: r.flow_id,
  branding: parseJson<App['branding']>(r.branding),
  secretCiphertext: r.secret_ciphertext,
  backchannelLogoutUri: r.backchannel_logout_uri,
  resources: parseJson<App['resources']>(r.resources),
  minAcr: r.min_acr ?? null,
  accountApi: r.account_api === 1,
  acceptsRememberedBrowser: r.accepts_remembered_browser !== 0,
  idTokenSignedResponseAlg: r.id_token_alg,
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
});

const toRow = (a: App): AppRow => ({
  id: a.id,
  name: a.name,
  type: a.type,
  redirect_uris: json(a.redirectUris),
  post_logout_redirect_uris: json(a.postLogoutRedirectUris),
  flow_id: a.flowId,
  branding: json(a.branding),
  secret_ciphertext: a.secretCiphertext,
  backchannel_logout_uri: a.backchannelLogoutUri,
  resources: json(a.resources),
  min_acr: a.minAcr ?? null,
  account_api: a.accountApi ? 1 : 0,
  accepts_remembered_browser: a.acceptsRememberedBrowser === false ? 0 : 1,
  id_token_alg: a.idTokenSignedResponseAlg ?? 'RS256',
  created_at: a.createdAt.getTime(),
  updated_at: a.updatedAt.getTime(),
});

export class SqliteApps implements AppsRepo {
  constructor(private readonly db: Database.Database) {}

  async create(app: App): Promise<App> {
    try {
      this.db
        .prepare(
          `INSERT INTO apps (id, name, type, redirect_uris, post_logout_redirect_uris, flow_id, branding, secret_ciphertext, backchannel_logout_uri, resources, min_acr, account_api, accepts_remembered_browser, id_token_alg, created_at, updated_at)
           VALUES (@id, @name, @type, @redirect_uris, @post_logout_redirect_uris, @flow_id, @branding, @secret_ciphertext, @backchannel_logout_uri, @resources, @min_acr, @account_api, @accepts_remembered_browser, @id_token_alg, @created_at, @updated_at)`,
        )
        .run(toRow(app));
    } catch (err) {
      if (isUniqueViolation(err) || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateError('app', 'client id');
      throw err;
    }
    return app;
  }

  async get(id: string): Promise<App | null> {
    const r = this.db.prepare('SELECT * FROM apps WHERE id = ?').get(id) as AppRow | undefined;
    return r ? toApp(r) : null;
  }

  async list(): Promise<App[]> {
    return (this.db.prepare('SELECT * FROM apps ORDER BY name LIMIT 1000').all() as AppRow[]).map(toApp);
  }

  async update(id: string, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null> {
    return this.write(id, null, patch);
  }

  async updateIfUris(id: string, expected: AppUris, patch: Partial<Omit<App, 'id' | 'createdAt'>>): Promise<App | null> {
    return this.write(id, expected, patch);
  }

  /** Read, check and write in one immediate transaction: no other write lands in between. */
  private write(id: string, expected: AppUris | null, patch: Partial<Omit<App, 'id' | 'createdAt'>>): App | null {
    return this.db.transaction(() => {
      const current = this.db.prepare('SELECT * FROM apps WHERE id = ?').get(id) as AppRow | undefined;
      if (!current) return null;
      if (expected && (current.redirect_uris !== json(expected.redirectUris) || current.post_logout_redirect_uris !== json(expected.postLogoutRedirectUris))) return null;
      const next: App = { ...toApp(current), ...patch, id, updatedAt: new Date() };
      this.db
        .prepare(
          `UPDATE apps SET name = @name, type = @type, redirect_uris = @redirect_uris, post_logout_redirect_uris = @post_logout_redirect_uris,
             flow_id = @flow_id, branding = @branding, secret_ciphertext = @secret_ciphertext, backchannel_logout_uri = @backchannel_logout_uri,
             resources = @resources, min_acr = @min_acr, account_api = @account_api, accepts_remembered_browser = @accepts_remembered_browser, id_token_alg = @id_token_alg, updated_at = @updated_at WHERE id = @id`,
        )
        .run(toRow(next));
      return next;
    }).immediate();
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM apps WHERE id = ?').run(id).changes === 1;
  }
}
