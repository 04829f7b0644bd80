import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { join } from 'node:path';
import { openStore } from '../../engine/store/index.js';
import type { Store } from '../../engine/store/port.js';
import { migrations } from '../../engine/store/sqlite/migrations.js';
import { adapters } from '../support/adapters.js';
import { tempDataDir } from '../support/gerbang.js';

/** Two accounts linked to a provider, one of them with an email nobody ever verified. */
async function links(store: Store) {
  await store.users.create({ email: 'typed.by.someone@example.com', emailVerified: false }, undefined, { provider: 'acme', subject: 'a-1', email: 'typed.by.someone@example.com', emailVerified: true });
  await store.users.create({ email: 'owner@example.com', emailVerified: true }, undefined, { provider: 'acme', subject: 'a-2', email: 'owner@example.com', emailVerified: true });
}

async function expectUpgraded(store: Store) {
  expect(await store.identities.find('acme', 'a-1')).toMatchObject({ emailVerified: false });
  expect(await store.identities.find('acme', 'a-2')).toMatchObject({ emailVerified: true });
}

describe('upgrading a store whose linked identities did not record whether their email was proved', () => {
  it('counts links to accounts with an unverified email as unproved on SQLite', async () => {
    const data = tempDataDir();
    try {
      const before = await openStore({ dataDir: data.dir });
      await links(before);
      await before.close();
      // The upgrade step, run on these rows as it runs on a store from before it (it derives the
      // field from the accounts, whatever the rows said).
      const db = new Database(join(data.dir, 'gerbang.sqlite'));
      db.exec(migrations.find((m) => m.includes('identities_next'))!);
      db.close();
      const after = await openStore({ dataDir: data.dir });
      await expectUpgraded(after);
      await after.close();
    } finally {
      data.cleanup();
    }
  });

  it.each(adapters.filter((a) => a.name !== 'sqlite'))('counts links to accounts with an unverified email as unproved on $name', async (adapter) => {
    const { env, cleanup } = await adapter.env();
    try {
      const before = await openStore({ dataDir: '', mongodbUri: env.MONGODB_URI });
      await links(before);
      await before.close();
      // As if the documents came from before the field existed.
      const client = await mongoose.mongo.MongoClient.connect(env.MONGODB_URI);
      await client.db().collection('identities').updateMany({}, { $unset: { emailVerified: '' } });
      await client.db().collection('migrations').deleteOne({ _id: 'identities-email-proved' } as never);
      await client.close();
      const after = await openStore({ dataDir: '', mongodbUri: env.MONGODB_URI });
      await expectUpgraded(after);
      await after.close();
    } finally {
      await cleanup();
    }
  });
});
