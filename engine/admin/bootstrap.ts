import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { PasswordHasher } from '../methods/password/hashing.js';
import { ADMIN_ROLE } from './auth.js';

/**
 * On the first start (no administrator yet) creates one: ADMIN_EMAIL (see config/variables.ts for its
 * default) with ADMIN_PASSWORD when given, otherwise with a generated password, written once to the data directory (mode 0600)
 * and printed once.
 */
export async function ensureBootstrapAdmin(opts: {
  store: Store;
  passwords: PasswordHasher;
  logger: Logger;
  dataDir: string;
  email: string;
  password: string | undefined;
}): Promise<void> {
  if ((await opts.store.users.countWithRole(ADMIN_ROLE)) > 0) return;
  const email = opts.email;
  const password = opts.password ?? randomBytes(15).toString('base64url');
  const existing = await opts.store.users.findByEmail(email);
  if (existing) {
    await opts.store.users.setRoles(existing.id, [...existing.roles, ADMIN_ROLE]);
    opts.logger.info('existing user made administrator', { email });
    return;
  }
  const hash = await opts.passwords.hash(password);
  await opts.store.users.create(
    { email, roles: [ADMIN_ROLE], emailVerified: true, attributes: { given_name: 'Gerbang', family_name: 'Administrator' } },
    { type: 'password', data: { hash } },
  );
  if (opts.password) {
    opts.logger.info('bootstrap administrator created from ADMIN_EMAIL / ADMIN_PASSWORD', { email });
    return;
  }
  const file = join(opts.dataDir, 'admin-credentials.txt');
  writeFileSync(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 });
  opts.logger.info('bootstrap administrator created; sign in at /designer', { email, password, savedTo: file });
}
