import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuplicateError, type Store } from '../store/port.js';
import type { Logger } from '../logger.js';
import type { PasswordHasher } from '../methods/password/hashing.js';
import { ADMIN_ROLE } from './auth.js';

/** Earlier versions created the default administrator as admin@localhost, which sign-in refuses. */
const LEGACY_DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * On the first start (no administrator yet) creates one: ADMIN_EMAIL (see config/variables.ts for its
 * default) with ADMIN_PASSWORD when given, otherwise with a generated password, written once to the
 * data directory (mode 0600) and printed once.
 */
export async function ensureBootstrapAdmin(opts: {
  store: Store;
  passwords: PasswordHasher;
  logger: Logger;
  dataDir: string;
  email: string;
  password: string | undefined;
  /** The address used when ADMIN_EMAIL is unset: a legacy default administrator is moved to it. */
  defaultEmail?: string;
}): Promise<void> {
  if (opts.defaultEmail && opts.email === opts.defaultEmail) await moveLegacyDefaultAdmin({ ...opts, email: opts.defaultEmail });
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
  try {
    await opts.store.users.create(
      { email, roles: [ADMIN_ROLE], emailVerified: true, attributes: { given_name: 'Gerbang', family_name: 'Administrator' } },
      { type: 'password', data: { hash } },
    );
  } catch (err) {
    // Another instance starting on the same store at the same time created it (and tells its password).
    if (err instanceof DuplicateError) return;
    throw err;
  }
  if (opts.password) {
    opts.logger.info('bootstrap administrator created from ADMIN_EMAIL / ADMIN_PASSWORD', { email });
    return;
  }
  const file = join(opts.dataDir, 'admin-credentials.txt');
  writeFileSync(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 });
  opts.logger.info('bootstrap administrator created; sign in at /designer', { email, password, savedTo: file });
}

/**
 * A data directory from an earlier version holds its bootstrap administrator as admin@localhost,
 * which the sign-in page refuses: moved once to the current default, and the saved credentials file
 * follows, so the quick start's printed password keeps working.
 */
async function moveLegacyDefaultAdmin(opts: { store: Store; logger: Logger; dataDir: string; email: string }): Promise<void> {
  const legacy = await opts.store.users.findByEmail(LEGACY_DEFAULT_ADMIN_EMAIL);
  if (!legacy?.roles.includes(ADMIN_ROLE) || (await opts.store.users.findByEmail(opts.email))) return;
  await opts.store.users.changeEmail(legacy.id, opts.email);
  const file = join(opts.dataDir, 'admin-credentials.txt');
  if (existsSync(file)) {
    writeFileSync(file, readFileSync(file, 'utf8').replace(`email: ${LEGACY_DEFAULT_ADMIN_EMAIL}\n`, `email: ${opts.email}\n`), { mode: 0o600 });
  }
  opts.logger.warn('the bootstrap administrator admin@localhost could not sign in; it is now named by the default address', { email: opts.email });
}

