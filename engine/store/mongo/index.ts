import mongoose from 'mongoose';
import type { Store } from '../port.js';
import { defineModels } from './models.js';
import { migrate } from './migrations.js';
import { atomicWrites } from './atomic.js';
import { MongoUsers } from './users.js';
import { MongoCredentials } from './credentials.js';
import { MongoFlows } from './flows.js';
import { MongoRuns } from './runs.js';
import { MongoSessions } from './sessions.js';
import { MongoAudit } from './audit.js';
import { MongoApps } from './apps.js';
import { MongoOidc } from './oidc.js';
import { MongoConsents } from './consents.js';
import { MongoIdentities } from './identities.js';
import { MongoCodes } from './codes.js';
import { MongoCounters } from './counters.js';
import { MongoEvents } from './events.js';
import { defineOrganisationModels } from './organisation-models.js';
import { MongoOrganisations } from './organisations.js';
import { MongoMemberships } from './memberships.js';
import { MongoInvitations } from './invitations.js';
import { MongoSettings } from './settings.js';
import { MongoOutbox } from './outbox.js';
import { MongoExperiments } from './experiments.js';
import { MongoDailyCounts } from './daily-counts.js';

/**
 * The production store: MongoDB through mongoose. Each store has its own connection (several can
 * live in one process, e.g. in tests). Indexes (unique email, unique flow version, TTL on runs and
 * sessions) are created, and one-time data changes applied, before the store is returned.
 * Atomicity: the port's primitives are single-document writes made conditional where they must be
 * (compare-and-set filters, `$inc`, pipeline updates, unique indexes for conditional inserts). Writes
 * that belong together (`users.create`, `flows.publish`, `codes.insert`, `credentials.replaceAll`,
 * `invitations.accept`, `organisations.delete`, `oidc.replaceAll`) are
 * one transaction on a replica set (atomic.ts); on a standalone they write in an order that never
 * exposes half a record. Every write asks for majority write concern (on a standalone: the one node).
 */
export async function openMongoStore(uri: string): Promise<Store> {
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, writeConcern: { w: 'majority' } }).asPromise();
  const atomic = await atomicWrites(conn);
  const models = defineModels(conn);
  const orgModels = defineOrganisationModels(conn);
  await Promise.all([...Object.values(models), ...Object.values(orgModels)].map((m) => m.init()));
  await migrate(models);
  return {
    kind: 'mongo',
    users: new MongoUsers(models, atomic),
    credentials: new MongoCredentials(models, atomic),
    flows: new MongoFlows(models, atomic),
    runs: new MongoRuns(models),
    sessions: new MongoSessions(models),
    audit: new MongoAudit(models),
    apps: new MongoApps(models),
    oidc: new MongoOidc(models, atomic),
    consents: new MongoConsents(models),
    identities: new MongoIdentities(models),
    codes: new MongoCodes(models, atomic),
    counters: new MongoCounters(models),
    events: new MongoEvents(models),
    organisations: new MongoOrganisations(orgModels, atomic),
    memberships: new MongoMemberships(orgModels),
    invitations: new MongoInvitations(orgModels, atomic),
    settings: new MongoSettings(models),
    outbox: new MongoOutbox(models),
    experiments: new MongoExperiments(models),
    dailyCounts: new MongoDailyCounts(models),
    async close() {
      await conn.close();
    },
  };
}
