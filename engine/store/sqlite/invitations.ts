import type Database from 'better-sqlite3';
import type { AcceptResult, Invitation, InvitationsRepo } from '../port.js';
import { fromMs, json, parseJson } from './rows.js';

interface InvitationRow {
  id: string;
  org_id: string;
  email: string;
  roles: string;
  token_hash: string;
  invited_by: string | null;
  status: Invitation['status'];
  accepted_by: string | null;
  created_at: number;
  expires_at: number;
}

const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  orgId: r.org_id,
  email: r.email,
  roles: parseJson<string[]>(r.roles),
  tokenHash: r.token_hash,
  invitedBy: r.invited_by,
  status: r.status,
  acceptedBy: r.accepted_by,
  createdAt: fromMs(r.created_at),
  expiresAt: fromMs(r.expires_at),
});

export class SqliteInvitations implements InvitationsRepo {
  constructor(private readonly db: Database.Database) {}

  async create(inv: Invitation): Promise<Invitation> {
    this.db.transaction(() => {
      this.db.prepare("UPDATE invitations SET status = 'revoked' WHERE org_id = ? AND email = ? AND status = 'pending'").run(inv.orgId, inv.email);
      this.db
        .prepare(
          `INSERT INTO invitations (id, org_id, email, roles, token_hash, invited_by, status, accepted_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(inv.id, inv.orgId, inv.email, json(inv.roles), inv.tokenHash, inv.invitedBy, inv.status, inv.acceptedBy, inv.createdAt.getTime(), inv.expiresAt.getTime());
    }).immediate();
    return inv;
  }

  async get(id: string): Promise<Invitation | null> {
    const r = this.db.prepare('SELECT * FROM invitations WHERE id = ?').get(id) as InvitationRow | undefined;
    return r ? toInvitation(r) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<Invitation | null> {
    const r = this.db.prepare('SELECT * FROM invitations WHERE token_hash = ?').get(tokenHash) as InvitationRow | undefined;
    return r ? toInvitation(r) : null;
  }

  async listByOrganisation(orgId: string): Promise<Invitation[]> {
    return (this.db.prepare('SELECT * FROM invitations WHERE org_id = ? ORDER BY created_at DESC LIMIT 1000').all(orgId) as InvitationRow[]).map(toInvitation);
  }

  async revoke(orgId: string, id: string): Promise<boolean> {
    return this.db.prepare("UPDATE invitations SET status = 'revoked' WHERE org_id = ? AND id = ? AND status = 'pending'").run(orgId, id).changes === 1;
  }

  async accept(tokenHash: string, userId: string, now: Date): Promise<AcceptResult> {
    return this.db.transaction((): AcceptResult => {
      const claimed = this.db
        .prepare("UPDATE invitations SET status = 'accepted', accepted_by = ? WHERE token_hash = ? AND status = 'pending' AND expires_at > ? RETURNING *")
        .get(userId, tokenHash, now.getTime()) as InvitationRow | undefined;
      if (!claimed) {
        const r = this.db.prepare('SELECT * FROM invitations WHERE token_hash = ?').get(tokenHash) as InvitationRow | undefined;
        const invitation = r ? toInvitation(r) : null;
        if (!invitation) return { result: 'not-found', invitation };
        return { result: invitation.status === 'accepted' ? 'used' : invitation.status === 'revoked' ? 'revoked' : 'expired', invitation };
      }
      const invitation = toInvitation(claimed);
      const added = this.db
        .prepare("INSERT INTO memberships (org_id, user_id, roles, source, joined_at) VALUES (?, ?, ?, 'invitation', ?) ON CONFLICT DO NOTHING")
        .run(invitation.orgId, userId, json(invitation.roles), now.getTime());
      return { result: 'accepted', invitation, membership: added.changes === 1 ? 'added' : 'exists' };
    }).immediate();
  }
}
