import { Schema, type Connection, type Model } from 'mongoose';
import type { Invitation, Membership, Organisation, OrganisationSignIn } from '../port.js';

/**
 * Mongoose models of the organisation aggregates (organisations, memberships, invitations), kept
 * beside the others' models.ts so each aggregate reads as one unit.
 */
const options = { versionKey: false, minimize: false } as const;
const json = Schema.Types.Mixed;

export type OrganisationDoc = Omit<Organisation, 'id'> & { _id: string };
/** `_id` is `orgId:userId`, so a person is a member of an organisation at most once. */
export type MembershipDoc = Membership & { _id: string };
export type InvitationDoc = Omit<Invitation, 'id'> & { _id: string };
export type OrganisationSignInDoc = Omit<OrganisationSignIn, 'grantId'> & { _id: string };
export interface AppPermissionsDoc {
  _id: string;
  permissions: string[];
}

const organisationSchema = new Schema<OrganisationDoc>(
  {
    _id: String,
    name: String,
    domains: { type: [String], default: [] },
    branding: { type: json, default: {} },
    roles: { type: json, default: [] },
    policy: { type: json, default: {} },
    provider: { type: json, default: null },
    createdAt: Date,
    updatedAt: Date,
  },
  options,
);
// A domain belongs to one organisation: a unique multikey index over every organisation's domains
// (partial, so organisations without domains do not collide on the empty array).
organisationSchema.index({ domains: 1 }, { unique: true, partialFilterExpression: { 'domains.0': { $exists: true } } });

const membershipSchema = new Schema<MembershipDoc>(
  { _id: String, orgId: String, userId: { type: String, index: true }, roles: [String], source: String, joinedAt: Date },
  options,
);
membershipSchema.index({ orgId: 1, joinedAt: 1 });

const invitationSchema = new Schema<InvitationDoc>(
  {
    _id: String,
    orgId: String,
    email: String,
    roles: [String],
    tokenHash: { type: String, unique: true },
    invitedBy: { type: String, default: null },
    status: String,
    acceptedBy: { type: String, default: null },
    createdAt: Date,
    expiresAt: Date,
  },
  options,
);
invitationSchema.index({ orgId: 1, createdAt: -1 });
invitationSchema.index({ orgId: 1, email: 1, status: 1 });

const signInSchema = new Schema<OrganisationSignInDoc>({ _id: String, orgId: String, userId: String, expiresAt: Date }, options);
signInSchema.index({ orgId: 1, userId: 1 });
signInSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const appPermissionsSchema = new Schema<AppPermissionsDoc>({ _id: String, permissions: [String] }, options);

export interface OrganisationModels {
  organisations: Model<OrganisationDoc>;
  memberships: Model<MembershipDoc>;
  invitations: Model<InvitationDoc>;
  signIns: Model<OrganisationSignInDoc>;
  appPermissions: Model<AppPermissionsDoc>;
}

export function defineOrganisationModels(conn: Connection): OrganisationModels {
  return {
    organisations: conn.model<OrganisationDoc>('Organisation', organisationSchema, 'organisations'),
    memberships: conn.model<MembershipDoc>('Membership', membershipSchema, 'memberships'),
    invitations: conn.model<InvitationDoc>('Invitation', invitationSchema, 'invitations'),
    signIns: conn.model<OrganisationSignInDoc>('OrganisationSignIn', signInSchema, 'organisation_sign_ins'),
    appPermissions: conn.model<AppPermissionsDoc>('AppPermissions', appPermissionsSchema, 'app_permissions'),
  };
}

export const membershipId = (orgId: string, userId: string) => `${orgId}:${userId}`;
