import type Database from 'better-sqlite3';
import type { Membership, MembershipsRepo, OrganisationSignIn } from '../port.js';
import { fromMs, json, parseJson } from './rows.js';

interface MembershipRow {
  org_id: string;
  user_id: string;
  roles: string;
  source: Membership['source'];
  joined_at: number;
}

const toMembership = (r: MembershipRow): Membership => ({
  orgId: r.org_id,
  userId: r.user_id,
  roles: parseJson<string[]>(r.roles),
  source: r.source,
  joinedAt: fromMs(r.joined_at),
});

interface SignInRow {
  grant_id: string;
  org_id: string;
  user_id: string;
  expires_at: number;
}

const toSignIn = (r: SignInRow): OrganisationSignIn => ({ grantId: r.grant_id, orgId: r.org_id, userId: r.user_id, expiresAt: fromMs(r.expires_at) });

export class SqliteMemberships implements MembershipsRepo {
  constructor(private readonly db: Database.Database) {}

  async add(m: Membership): Promise<'added' | 'exists'> {
    const r = this.db
      .prepare('INSERT INTO memberships (org_id, user_id, roles, source, joined_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(m.orgId, m.userId, json(m.roles), m.source, m.joinedAt.getTime());
    return r.changes === 1 ? 'added' : 'exists';
  }

  async get(orgId: string, userId: string): Promise<Membership | null> {
    const r = this.db.prepare('SELECT * FROM memberships WHERE org_id = ? AND user_id = ?').get(orgId, userId) as MembershipRow | undefined;
    return r ? toMembership(r) : null;
  }

  async listByOrganisation(orgId: string, limit = 1000): Promise<Membership[]> {
    return (this.db.prepare('SELECT * FROM memberships WHERE org_id = ? ORDER BY joined_at, user_id LIMIT ?').all(orgId, limit) as MembershipRow[]).map(toMembership);
  }

  async listByUser(userId: string): Promise<Membership[]> {
    return (this.db.prepare('SELECT * FROM memberships WHERE user_id = ? ORDER BY joined_at, org_id').all(userId) as MembershipRow[]).map(toMembership);
  }

  async setRoles(orgId: string, userId: string, roles: string[]): Promise<Membership | null> {
    const r = this.db.prepare('UPDATE memberships SET roles = ? WHERE org_id = ? AND user_id = ? RETURNING *').get(json(roles), orgId, userId) as MembershipRow | undefined;
    return r ? toMembership(r) : null;
  }

  async remove(orgId: string, userId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM memberships WHERE org_id = ? AND user_id = ?').run(orgId, userId).changes === 1;
  }

  async countWithRole(orgId: string, role: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM memberships, json_each(memberships.roles) WHERE org_id = ? AND json_each.value = ?').get(orgId, role) as { n: number }).n;
  }

  async removeRoleFromAll(orgId: string, role: string): Promise<number> {
    return this.db
      .prepare(
        `UPDATE memberships SET roles = (SELECT json_group_array(value) FROM json_each(memberships.roles) WHERE value <> @role)
         WHERE org_id = @orgId AND EXISTS (SELECT 1 FROM json_each(memberships.roles) WHERE value = @role)`,
      )
      .run({ orgId, role }).changes;
  }

  async deleteByUser(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM memberships WHERE user_id = ?').run(userId).changes;
  }

  async recordSignIn(s: OrganisationSignIn): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO organisation_sign_ins (grant_id, org_id, user_id, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(grant_id) DO UPDATE SET org_id = excluded.org_id, user_id = excluded.user_id, expires_at = excluded.expires_at`,
      )
      .run(s.grantId, s.orgId, s.userId, s.expiresAt.getTime());
  }

  async signInOf(grantId: string): Promise<OrganisationSignIn | null> {
    const r = this.db.prepare('SELECT * FROM organisation_sign_ins WHERE grant_id = ?').get(grantId) as SignInRow | undefined;
    return r ? toSignIn(r) : null;
  }

  async signInsOf(orgId: string, userId: string): Promise<OrganisationSignIn[]> {
    return (this.db.prepare('SELECT * FROM organisation_sign_ins WHERE org_id = ? AND user_id = ?').all(orgId, userId) as SignInRow[]).map(toSignIn);
  }

  async forgetSignIn(grantId: string): Promise<void> {
    this.db.prepare('DELETE FROM organisation_sign_ins WHERE grant_id = ?').run(grantId);
  }
}
