import { isDuplicateKey, type Models } from './models.js';

/**
 * One-time data changes of the MongoDB store, in order. Each is claimed by a conditional insert of
 * its id, so of several instances starting at once exactly one runs it. Never edit a released step:
 * append a new one.
 */
const steps: Array<{ id: string; run(m: Models): Promise<void> }> = [
  {
    // Provider artifacts are stored under a hash of their id since this step (engine/oidc/adapter.ts):
    // rows written before were keyed by the bearer token itself. Signing keys stay (sealed on start).
    id: 'oidc-artifacts-under-hashed-ids',
    run: async (m) => {
      await m.oidc.deleteMany({ model: { $ne: 'Gerbang:SigningKeys' } });
    },
  },
  {
    // Linked identities remember whether their email was proved when linked (federated email trust):
    // links made before to accounts whose email was never verified count as unproved.
    id: 'identities-email-proved',
    run: async (m) => {
      const unverified = (await m.users.find({ emailVerified: false }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((u) => u._id);
      if (unverified.length) await m.identities.updateMany({ userId: { $in: unverified }, emailVerified: { $exists: false } }, { $set: { emailVerified: false } });
      await m.identities.updateMany({ emailVerified: { $exists: false } }, { $set: { emailVerified: true } });
    },
  },
];

export async function migrate(m: Models): Promise<void> {
  for (const step of steps) {
    try {
      await m.migrations.create({ _id: step.id, at: new Date() });
    } catch (err) {
      if (isDuplicateKey(err)) continue; // done, or being done by another instance
      throw err;
    }
    await step.run(m);
  }
}
