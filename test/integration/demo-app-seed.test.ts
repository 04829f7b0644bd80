import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Store } from '../../engine/store/port.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { LEGACY_DEMO_APP_URIS, seedDemoApp } from '../../engine/oidc/apps.js';
import { adapters, useAdapterEnv } from '../support/adapters.js';
import { mongoTargets } from '../support/mongo.js';
import { freePort, tempDataDir, useGerbang } from '../support/gerbang.js';
import { appAuthorization } from '../support/openid-journey.js';
import { TestBrowser } from '../support/browser.js';

const PUBLIC_URL = 'https://id.example.com';
const SERVED = { redirectUris: [`${PUBLIC_URL}/demo-app/callback`, ...LEGACY_DEMO_APP_URIS.redirectUris], postLogoutRedirectUris: [`${PUBLIC_URL}/demo-app/`, ...LEGACY_DEMO_APP_URIS.postLogoutRedirectUris] };

/**
 * Two instances' views of one store: two connections to one MongoDB database; for SQLite (one process
 * per data directory) the one store, whose callers still interleave.
 */
const sharedStores: Array<{ name: string; open(): Promise<{ stores: [Store, Store]; close(): Promise<void> }> }> = [
  {
    name: 'sqlite',
    async open() {
      const data = tempDataDir();
      const store = openSqliteStore(join(data.dir, 'gerbang.sqlite'));
      return { stores: [store, store], close: async () => (await store.close(), data.cleanup()) };
    },
  },
  ...mongoTargets.map((target) => ({
    name: target.name,
    async open() {
      const db = await target.fresh();
      const [a, b] = await Promise.all([openMongoStore(db.uri), openMongoStore(db.uri)]);
      return { stores: [a, b] as [Store, Store], close: async () => (await Promise.all([a.close(), b.close()]), await db.drop()) };
    },
  })),
];

describe.each(sharedStores)('seeding the demo app on $name', (shared) => {
  let opened: Awaited<ReturnType<(typeof shared)['open']>> | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  const startTogether = (stores: Store[]) => Promise.all(stores.flatMap((store) => [seedDemoApp(store, PUBLIC_URL), seedDemoApp(store, PUBLIC_URL)]));

  it('creates it once when several instances start at once on an empty store, with the page at the public URL and the legacy addresses', async () => {
    opened = await shared.open();
    await startTogether(opened.stores);
    const apps = await opened.stores[0].apps.list();
    expect(apps.map((a) => a.id)).toEqual(['demo-app']);
    expect(apps[0]).toMatchObject({ type: 'public', flowId: 'login-signup', secretCiphertext: null, ...SERVED });
  });

  it('gives a demo app seeded the old way the new addresses, once, whoever of several instances starting at once does it', async () => {
    opened = await shared.open();
    const [store] = opened.stores;
    await seedDemoApp(store, PUBLIC_URL);
    await store.apps.update('demo-app', LEGACY_DEMO_APP_URIS); // as an older Gerbang left it
    await startTogether(opened.stores);
    expect(await store.apps.get('demo-app')).toMatchObject(SERVED);
    await startTogether(opened.stores); // and again: nothing more to add
    expect(await store.apps.get('demo-app')).toMatchObject(SERVED);
  });

  it('leaves the addresses an administrator changed as they are', async () => {
    opened = await shared.open();
    const [store] = opened.stores;
    await seedDemoApp(store, PUBLIC_URL);
    const chosen = { redirectUris: ['https://shop.example.com/callback'], postLogoutRedirectUris: [] };
    await store.apps.update('demo-app', chosen);
    await startTogether(opened.stores);
    expect(await store.apps.get('demo-app')).toMatchObject(chosen);
    // A list still as the old seed left it is upgraded, the other one left alone.
    await store.apps.update('demo-app', { redirectUris: LEGACY_DEMO_APP_URIS.redirectUris });
    await startTogether(opened.stores);
    expect(await store.apps.get('demo-app')).toMatchObject({ redirectUris: SERVED.redirectUris, postLogoutRedirectUris: [] });
  });
});

/**
 * A store on which an administrator's edit lands between the moment the starting instance reads the
 * demo app and the moment it writes the upgrade (once, on the first read of the demo app).
 */
const editedAfterFirstRead = (store: Store, edit: () => Promise<unknown>): Store => {
  let edited = false;
  const apps = new Proxy(store.apps, {
    get: (target, name) =>
      name === 'get'
        ? async (id: string) => {
            const read = await target.get(id);
            if (!edited) {
              edited = true;
              await edit();
            }
            return read;
          }
        : Reflect.get(target, name, target),
  });
  return new Proxy(store, { get: (target, name) => (name === 'apps' ? apps : Reflect.get(target, name, target)) });
};

describe.each(sharedStores)('the demo app upgrade racing an administrator on $name', (shared) => {
  let opened: Awaited<ReturnType<(typeof shared)['open']>> | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  it("never overwrites addresses an administrator saved after the starting instance read the app", async () => {
    opened = await shared.open();
    const [admin, starting] = opened.stores;
    await seedDemoApp(admin, PUBLIC_URL);
    await admin.apps.update('demo-app', LEGACY_DEMO_APP_URIS); // as an older Gerbang left it
    const chosen = { redirectUris: ['https://shop.example.com/callback'], postLogoutRedirectUris: ['https://shop.example.com/'] };
    await seedDemoApp(editedAfterFirstRead(starting, () => admin.apps.update('demo-app', chosen)), PUBLIC_URL);
    expect(await admin.apps.get('demo-app')).toMatchObject(chosen);
  });

  it('still upgrades when what the administrator saved meanwhile leaves the old addresses, keeping the edit', async () => {
    opened = await shared.open();
    const [admin, starting] = opened.stores;
    await seedDemoApp(admin, PUBLIC_URL);
    await admin.apps.update('demo-app', LEGACY_DEMO_APP_URIS);
    await seedDemoApp(editedAfterFirstRead(starting, () => admin.apps.update('demo-app', { name: 'Our demo' })), PUBLIC_URL);
    expect(await admin.apps.get('demo-app')).toMatchObject({ name: 'Our demo', ...SERVED });
  });

  it('decides again from what the administrator saved meanwhile: a list put back as the old seed left it is upgraded, the changed one kept', async () => {
    opened = await shared.open();
    const [admin, starting] = opened.stores;
    await seedDemoApp(admin, PUBLIC_URL);
    await admin.apps.update('demo-app', LEGACY_DEMO_APP_URIS);
    const edit = { redirectUris: LEGACY_DEMO_APP_URIS.redirectUris, postLogoutRedirectUris: ['https://shop.example.com/'] };
    await seedDemoApp(editedAfterFirstRead(starting, () => admin.apps.update('demo-app', edit)), PUBLIC_URL);
    expect(await admin.apps.get('demo-app')).toMatchObject({ redirectUris: SERVED.redirectUris, postLogoutRedirectUris: ['https://shop.example.com/'] });
  });
});

describe.each(adapters)('a data store from an older Gerbang, restarted ($name)', (adapter) => {
  const database = useAdapterEnv(adapter);
  // Restarted on the same address: the demo app's callback names it.
  let base: string;
  beforeAll(async () => {
    base = `http://127.0.0.1:${await freePort()}`;
  });
  const gerbang = useGerbang(() => ({ ...database.env, PORT: new URL(base).port, PUBLIC_URL: base }));

  it('lets its demo app sign in at /demo-app/ after the restart, and restarting again changes nothing', { timeout: 60_000 }, async () => {
    await gerbang.store.apps.update('demo-app', LEGACY_DEMO_APP_URIS); // the demo app as an older Gerbang seeded it

    await gerbang.restart();
    const upgraded = await gerbang.store.apps.get('demo-app');
    expect(upgraded).toMatchObject({
      redirectUris: [`${base}/demo-app/callback`, ...LEGACY_DEMO_APP_URIS.redirectUris],
      postLogoutRedirectUris: [`${base}/demo-app/`, ...LEGACY_DEMO_APP_URIS.postLogoutRedirectUris],
    });
    // The provider accepts the page's callback: the authorization request goes on to the journey.
    const { path } = appAuthorization({ clientId: 'demo-app', redirectUri: `${base}/demo-app/callback` });
    const browser = new TestBrowser(base);
    await browser.get(path);
    expect({ status: browser.page!.status, title: browser.title() }).toEqual({ status: 200, title: 'Sign in or create an account' });
    // (an address it was not given is refused, as before)
    await browser.get(appAuthorization({ clientId: 'demo-app', redirectUri: `${base}/demo-app/elsewhere` }).path);
    expect(browser.title()).toBe('Something went wrong');

    await gerbang.restart();
    expect(await gerbang.store.apps.get('demo-app')).toMatchObject({ redirectUris: upgraded!.redirectUris, postLogoutRedirectUris: upgraded!.postLogoutRedirectUris, updatedAt: upgraded!.updatedAt });
  });
});
