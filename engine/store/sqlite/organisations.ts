import type Database from 'better-sqlite3';
import { DuplicateError, type Organisation, type OrganisationsRepo } from '../port.js';
import { fromMs, isUniqueViolation, json, parseJson } from './rows.js';

interface OrganisationRow {
  id: string;
  name: string;
  branding: string;
  roles: string;
  policy: string;
  provider: string | null;
  created_at: number;
  updated_at: number;
}

const toOrganisation = (r: OrganisationRow, domains: string[]): Organisation => ({
  id: r.id,
  name: r.name,
  domains,
  branding: parseJson<Organisation['branding']>(r.branding),
  roles: parseJson<Organisation['roles']>(r.roles),
  policy: parseJson<Organisation['policy']>(r.policy),
  provider: parseJson<Organisation['provider']>(r.provider),
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
});

const isPrimaryKeyViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

/**
 * Organisations with their domains (a table of their own whose primary key makes a domain belong to
 * one organisation). Writes touching both are one immediate transaction.
 */
export class SqliteOrganisations implements OrganisationsRepo {
  constructor(private readonly db: Database.Database) {}

  private domainsOf(id: string): string[] {
    return (this.db.prepare('SELECT domain FROM organisation_domains WHERE org_id = ? ORDER BY domain').all(id) as Array<{ domain: string }>).map((r) => r.domain);
  }

  private claimDomains(id: string, domains: string[]): void {
    const insert = this.db.prepare('INSERT INTO organisation_domains (domain, org_id) VALUES (?, ?)');
    for (const domain of domains) {
      try {
        insert.run(domain, id);
      } catch (err) {
        if (isUniqueViolation(err) || isPrimaryKeyViolation(err)) throw new DuplicateError('organisation', 'domain');
        throw err;
      }
    }
  }

  async create(org: Organisation): Promise<Organisation> {
    this.db.transaction(() => {
      try {
        this.db
          .prepare(
            `INSERT INTO organisations (id, name, branding, roles, policy, provider, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(org.id, org.name, json(org.branding), json(org.roles), json(org.policy), org.provider ? json(org.provider) : null, org.createdAt.getTime(), org.updatedAt.getTime());
      } catch (err) {
        if (isUniqueViolation(err) || isPrimaryKeyViolation(err)) throw new DuplicateError('organisation', 'id');
        throw err;
      }
      this.claimDomains(org.id, org.domains);
    }).immediate();
    return { ...org, domains: [...org.domains].sort() };
  }

  async get(id: string): Promise<Organisation | null> {
    const r = this.db.prepare('SELECT * FROM organisations WHERE id = ?').get(id) as OrganisationRow | undefined;
    return r ? toOrganisation(r, this.domainsOf(id)) : null;
  }

  async list(): Promise<Organisation[]> {
    const rows = this.db.prepare('SELECT * FROM organisations ORDER BY name LIMIT 1000').all() as OrganisationRow[];
    return rows.map((r) => toOrganisation(r, this.domainsOf(r.id)));
  }

  async findByDomain(domain: string): Promise<Organisation | null> {
    const r = this.db.prepare('SELECT org_id FROM organisation_domains WHERE domain = ?').get(domain) as { org_id: string } | undefined;
    return r ? this.get(r.org_id) : null;
  }

  async update(id: string, patch: Partial<Omit<Organisation, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Organisation | null> {
    return this.db.transaction(() => {
      const current = this.db.prepare('SELECT * FROM organisations WHERE id = ?').get(id) as OrganisationRow | undefined;
      if (!current) return null;
      const next: Organisation = { ...toOrganisation(current, this.domainsOf(id)), ...patch, id, updatedAt: new Date() };
      this.db
        .prepare('UPDATE organisations SET name = ?, branding = ?, roles = ?, policy = ?, provider = ?, updated_at = ? WHERE id = ?')
        .run(next.name, json(next.branding), json(next.roles), json(next.policy), next.provider ? json(next.provider) : null, next.updatedAt.getTime(), id);
      if (patch.domains) {
        this.db.prepare('DELETE FROM organisation_domains WHERE org_id = ?').run(id);
        this.claimDomains(id, patch.domains);
      }
      return { ...next, domains: this.domainsOf(id) };
    }).immediate();
  }

  async delete(id: string): Promise<{ members: number; invitations: number } | null> {
    return this.db.transaction(() => {
      const members = (this.db.prepare('SELECT COUNT(*) AS n FROM memberships WHERE org_id = ?').get(id) as { n: number }).n;
      const invitations = (this.db.prepare("SELECT COUNT(*) AS n FROM invitations WHERE org_id = ? AND status = 'pending'").get(id) as { n: number }).n;
      // Domains, memberships, invitations and sign-in records go with it (ON DELETE CASCADE).
      if (this.db.prepare('DELETE FROM organisations WHERE id = ?').run(id).changes !== 1) return null;
      return { members, invitations };
    }).immediate();
  }

  async appPermissions(appId: string): Promise<string[]> {
    const r = this.db.prepare('SELECT permissions FROM app_permissions WHERE app_id = ?').get(appId) as { permissions: string } | undefined;
    return r ? parseJson<string[]>(r.permissions) : [];
  }

  async setAppPermissions(appId: string, permissions: string[]): Promise<void> {
    this.db
      .prepare('INSERT INTO app_permissions (app_id, permissions) VALUES (?, ?) ON CONFLICT(app_id) DO UPDATE SET permissions = excluded.permissions')
      .run(appId, json(permissions));
  }
}
