import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { ensureBootstrapAdmin } from './bootstrap.js';
import { ADMIN_ROLE } from './auth.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { createLogger } from '../logger.js';
import { argon2idHasher } from '../methods/password/hashing.js';
import { DEFAULT_ADMIN_EMAIL } from '../config/variables.js';
import { isEmail } from '../identity/attributes.js';
import { tempDataDir } from '../../test/support/gerbang.js';

describe('the bootstrap administrator', () => {
  let store: Store | undefined;
  let data: ReturnType<typeof tempDataDir> | undefined;
  afterEach(async () => {
    await store?.close();
    data?.cleanup();
  });

  it('is created under an address the sign-in page accepts, with the printed password saved once', async () => {
    data = tempDataDir();
    store = await openStore({ dataDir: data.dir });
    const logger = createLogger({ silent: true });
    await ensureBootstrapAdmin({ store, passwords: argon2idHasher, logger, dataDir: data.dir, email: DEFAULT_ADMIN_EMAIL, password: undefined, defaultEmail: DEFAULT_ADMIN_EMAIL });
    const admin = (await store.users.findByEmail(DEFAULT_ADMIN_EMAIL))!;
    expect(admin.roles).toContain(ADMIN_ROLE);
    expect(isEmail(admin.email)).toBe(true);
    expect(readFileSync(`${data.dir}/admin-credentials.txt`, 'utf8')).toMatch(new RegExp(`^email: ${DEFAULT_ADMIN_EMAIL}\\npassword: \\S{20}\\n$`));
  });

  it('moves an earlier default administrator admin@localhost (refused by sign-in) to the current default, credentials file included', async () => {
    data = tempDataDir();
    store = await openStore({ dataDir: data.dir });
    const legacy = await store.users.create({ email: 'admin@localhost', roles: [ADMIN_ROLE], emailVerified: true, attributes: {} }, { type: 'password', data: { hash: await argon2idHasher.hash('the printed password') } });
    writeFileSync(`${data.dir}/admin-credentials.txt`, 'email: admin@localhost\npassword: the printed password\n');
    const logger = createLogger({ silent: true });
    await ensureBootstrapAdmin({ store, passwords: argon2idHasher, logger, dataDir: data.dir, email: DEFAULT_ADMIN_EMAIL, password: undefined, defaultEmail: DEFAULT_ADMIN_EMAIL });
    expect((await store.users.findById(legacy.id))!.email).toBe(DEFAULT_ADMIN_EMAIL);
    expect(await store.users.countWithRole(ADMIN_ROLE)).toBe(1);
    expect(readFileSync(`${data.dir}/admin-credentials.txt`, 'utf8')).toBe(`email: ${DEFAULT_ADMIN_EMAIL}\npassword: the printed password\n`);
  });
});
