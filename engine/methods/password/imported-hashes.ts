import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { verify as verifyArgon2 } from '@node-rs/argon2';
import { verify as verifyBcrypt } from '@node-rs/bcrypt';
import type { Words } from '../../languages.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/**
 * Password hashes brought from another system, in their standard encodings:
 * - argon2: `$argon2id$v=19$m=…,t=…,p=…$salt$hash` (and `$argon2i$`), as argon2's reference encodes it;
 * - bcrypt: `$2a$`, `$2b$`, `$2y$` + two-digit cost + 53 characters;
 * - PBKDF2-SHA256 in the PHC string format: `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>`
 *   (passlib's `$pbkdf2-sha256$<iterations>$…` too), salt and hash in base64 without padding
 *   (passlib's `.` for `+` accepted);
 * - scrypt in the PHC string format: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`, the same base64.
 * Each is verified with its own scheme and compared in constant time; the parameters are bounded so
 * an imported hash cannot make a sign-in cost more than a second or so of one core.
 */
export type ImportedScheme = 'argon2' | 'bcrypt' | 'pbkdf2-sha256' | 'scrypt';

type Parsed =
  | { scheme: 'argon2' | 'bcrypt' }
  | { scheme: 'pbkdf2-sha256'; iterations: number; salt: Buffer; hash: Buffer }
  | { scheme: 'scrypt'; ln: number; r: number; p: number; salt: Buffer; hash: Buffer };

/** Why a hash cannot be used, in every language (each completes "The password hash …"). */
type Problem = { problem: Words };

const B64 = '[A-Za-z0-9+/.]+';
const PBKDF2 = new RegExp(`^\\$pbkdf2-sha256\\$(?:i=)?(\\d{1,8})\\$(${B64})\\$(${B64})$`);
const SCRYPT = new RegExp(`^\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,2}),p=(\\d{1,2})\\$(${B64})\\$(${B64})$`);
const ARGON2 = /^\$argon2(id|i)\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

const LIMITS = {
  pbkdf2Iterations: { min: 1_000, max: 2_000_000 },
  scrypt: { lnMin: 10, lnMax: 20, rMax: 32, pMax: 16, memoryMax: 256 * 1024 * 1024 },
  argon2: { memoryKibMax: 256 * 1024, timeMax: 20, parallelismMax: 8 },
  bcryptCost: { min: 4, max: 16 },
};

const NOT_BCRYPT: Problem = { problem: { en: 'is not a bcrypt hash ($2a$, $2b$ or $2y$, a cost and 53 characters)', id: 'bukan hash bcrypt ($2a$, $2b$, atau $2y$, sebuah cost, dan 53 karakter)' } };

const bytes = (b64: string) => Buffer.from(b64.replace(/\./g, '+'), 'base64');

/** The hash read as one of the imported schemes, or why it cannot be used. */
function parse(encoded: string): Parsed | Problem {
  if (encoded.startsWith('$argon2')) {
    const m = ARGON2.exec(encoded);
    if (!m) return { problem: { en: 'is not an argon2 hash in its standard encoding ($argon2id$v=19$m=…,t=…,p=…$salt$hash)', id: 'bukan hash argon2 dalam pengodean standarnya ($argon2id$v=19$m=…,t=…,p=…$salt$hash)' } };
    const [memory, time, parallelism] = [Number(m[2]), Number(m[3]), Number(m[4])];
    if (memory > LIMITS.argon2.memoryKibMax || time > LIMITS.argon2.timeMax || parallelism > LIMITS.argon2.parallelismMax) return { problem: { en: 'has argon2 parameters beyond what a sign-in may cost (m ≤ 262144, t ≤ 20, p ≤ 8)', id: 'memiliki parameter argon2 di luar biaya yang boleh dipakai satu proses masuk (m ≤ 262144, t ≤ 20, p ≤ 8)' } };
    return { scheme: 'argon2' };
  }
  if (encoded.startsWith('$2')) {
    const m = BCRYPT.exec(encoded);
    if (!m) return NOT_BCRYPT;
    const cost = Number(m[1]);
    if (cost < LIMITS.bcryptCost.min || cost > LIMITS.bcryptCost.max) return { problem: { en: `has a bcrypt cost outside ${LIMITS.bcryptCost.min}–${LIMITS.bcryptCost.max}`, id: `memiliki cost bcrypt di luar ${LIMITS.bcryptCost.min}–${LIMITS.bcryptCost.max}` } };
    return { scheme: 'bcrypt' };
  }
  if (encoded.startsWith('$pbkdf2-sha256$')) {
    const m = PBKDF2.exec(encoded);
    if (!m) return { problem: { en: 'is not a PBKDF2-SHA256 hash in the PHC format ($pbkdf2-sha256$i=<iterations>$<salt>$<hash>)', id: 'bukan hash PBKDF2-SHA256 dalam format PHC ($pbkdf2-sha256$i=<iterations>$<salt>$<hash>)' } };
    const iterations = Number(m[1]);
    if (iterations < LIMITS.pbkdf2Iterations.min || iterations > LIMITS.pbkdf2Iterations.max) return { problem: { en: `has PBKDF2 iterations outside ${LIMITS.pbkdf2Iterations.min}–${LIMITS.pbkdf2Iterations.max}`, id: `memiliki jumlah iterasi PBKDF2 di luar ${LIMITS.pbkdf2Iterations.min}–${LIMITS.pbkdf2Iterations.max}` } };
    const hash = bytes(m[3]);
    if (hash.length < 16 || hash.length > 64) return { problem: { en: 'has a PBKDF2 hash of an unusual length (16 to 64 bytes)', id: 'memiliki hash PBKDF2 dengan panjang yang tidak lazim (16 sampai 64 byte)' } };
    return { scheme: 'pbkdf2-sha256', iterations, salt: bytes(m[2]), hash };
  }
  if (encoded.startsWith('$scrypt$')) {
    const m = SCRYPT.exec(encoded);
    if (!m) return { problem: { en: 'is not a scrypt hash in the PHC format ($scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>)', id: 'bukan hash scrypt dalam format PHC ($scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>)' } };
    const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const { lnMin, lnMax, rMax, pMax, memoryMax } = LIMITS.scrypt;
    if (ln < lnMin || ln > lnMax || r < 1 || r > rMax || p < 1 || p > pMax || 128 * 2 ** ln * r > memoryMax) return {
        problem: {
          en: `has scrypt parameters beyond what a sign-in may cost (ln ${lnMin}–${lnMax}, r ≤ ${rMax}, p ≤ ${pMax}, at most 256 MiB)`,
          id: `memiliki parameter scrypt di luar biaya yang boleh dipakai satu proses masuk (ln ${lnMin}–${lnMax}, r ≤ ${rMax}, p ≤ ${pMax}, paling banyak 256 MiB)`,
        },
      };
    const hash = bytes(m[5]);
    if (hash.length < 16 || hash.length > 64) return { problem: { en: 'has a scrypt hash of an unusual length (16 to 64 bytes)', id: 'memiliki hash scrypt dengan panjang yang tidak lazim (16 sampai 64 byte)' } };
    return { scheme: 'scrypt', ln, r, p, salt: bytes(m[4]), hash };
  }
  return { problem: { en: 'is in no encoding Gerbang reads (argon2, bcrypt, PBKDF2-SHA256 or scrypt in the PHC format)', id: 'tidak dalam pengodean yang dibaca Gerbang (argon2, bcrypt, PBKDF2-SHA256, atau scrypt dalam format PHC)' } };
}

/** Why this hash cannot be imported (in every language, after "The password hash "), or null when it can. */
export function importedHashProblem(encoded: string): Words | null {
  const parsed = parse(encoded);
  return 'problem' in parsed ? parsed.problem : null;
}

/** The scheme of an importable hash, or null. */
export function importedSchemeOf(encoded: string): ImportedScheme | null {
  const parsed = parse(encoded);
  return 'problem' in parsed ? null : parsed.scheme;
}

/** Checks a password against a hash of any imported scheme; false for an unreadable hash. */
export async function verifyImportedHash(encoded: string, password: string): Promise<boolean> {
  const parsed = parse(encoded);
  if ('problem' in parsed) return false;
  try {
    switch (parsed.scheme) {
      case 'argon2':
        return await verifyArgon2(encoded, password);
      case 'bcrypt':
        return await verifyBcrypt(password, encoded);
      case 'pbkdf2-sha256': {
        const derived = await pbkdf2Async(password, parsed.salt, parsed.iterations, parsed.hash.length, 'sha256');
        return timingSafeEqual(derived, parsed.hash);
      }
      case 'scrypt': {
        const N = 2 ** parsed.ln;
        const derived = await scryptAsync(password, parsed.salt, parsed.hash.length, { N, r: parsed.r, p: parsed.p, maxmem: 128 * N * parsed.r * 2 + 1024 * 1024 });
        return timingSafeEqual(derived, parsed.hash);
      }
    }
  } catch {
    return false;
  }
}
