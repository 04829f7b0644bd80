import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * Known-breached passwords, refused when a password is chosen (sign-up, change, reset):
 * - offline, always: the most common passwords of public breaches, shipped with Gerbang (the
 *   frequency list of `@zxcvbn-ts/language-common`, MIT, about 49,000 passwords) kept as a sorted
 *   table of 8-byte SHA-1 prefixes and searched by bisection; compared case-insensitively, as the
 *   list is lower case;
 * - when a range API is configured (Have I Been Pwned's Pwned Passwords or one like it), by
 *   k-anonymity: only the first 5 hex characters of the password's SHA-1 leave the server, the
 *   API answers every suffix under that prefix and the match is made here.
 */
export interface BreachedPasswords {
  isBreached(password: string): Promise<boolean>;
}

const PREFIX_BYTES = 8;

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest();

/** The shipped list as sorted SHA-1 prefixes (built on first use, about 400 kB). */
class OfflineList {
  private table: Buffer | null = null;

  load(): Buffer {
    if (this.table) return this.table;
    const require = createRequire(import.meta.url);
    const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: { passwords: string[] } };
    const prefixes = dictionary.passwords.map((p) => sha1(p).subarray(0, PREFIX_BYTES));
    prefixes.sort(Buffer.compare);
    return (this.table = Buffer.concat(prefixes));
  }

  has(password: string): boolean {
    const table = this.load();
    const key = sha1(password.toLowerCase()).subarray(0, PREFIX_BYTES);
    let lo = 0;
    let hi = table.length / PREFIX_BYTES - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = Buffer.compare(table.subarray(mid * PREFIX_BYTES, (mid + 1) * PREFIX_BYTES), key);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

const offline = new OfflineList();

/** Builds the shipped list now (about 0.2 s of CPU) rather than during the first person's sign-up. */
export function loadShippedBreachedList(): void {
  offline.load();
}

/** Checks against the shipped list only. */
export const offlineBreachedPasswords: BreachedPasswords = {
  isBreached: async (password) => offline.has(password),
};

export interface RangeApiOptions {
  /** Base URL; `GET <url>/range/<5 hex>` answers `SUFFIX:COUNT` lines. */
  url: string;
  timeoutMs?: number;
  /** An unreachable API never stops a person choosing a password; the failure is reported. */
  onError?: (err: unknown) => void;
}

/** The shipped list first, then the range API (only the first 5 hex characters of the SHA-1 are sent). */
export function breachedPasswords(api?: RangeApiOptions): BreachedPasswords {
  if (!api) return offlineBreachedPasswords;
  return {
    async isBreached(password) {
      if (offline.has(password)) return true;
      const hex = sha1(password).toString('hex').toUpperCase();
      const prefix = hex.slice(0, 5);
      const suffix = hex.slice(5);
      try {
        const res = await fetch(new URL(`range/${prefix}`, api.url.endsWith('/') ? api.url : `${api.url}/`), {
          headers: { 'add-padding': 'true', 'user-agent': 'Gerbang' },
          signal: AbortSignal.timeout(api.timeoutMs ?? 3000),
        });
        if (!res.ok) throw new Error(`breached-password API answered ${res.status}`);
        const body = await res.text();
        return body.split('\n').some((line) => {
          const [s, count] = line.trim().split(':');
          return s?.toUpperCase() === suffix && Number(count) > 0;
        });
      } catch (err) {
        api.onError?.(err);
        return false;
      }
    },
  };
}
