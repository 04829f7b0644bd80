import { createHash } from 'node:crypto';
import type { CredentialsRepo } from '../store/port/credentials.js';

/**
 * The browsers and networks an account signed in from, kept as one credential of the account
 * (`known-browsers`, listed in `/account` where removing it forgets them all), and the browsers
 * remembered for the second factor (one `remembered-browser` credential each, removable one by one).
 * A browser is its long-lived browser-id cookie (random, HttpOnly), seen here only as a hash bound to
 * the account, so two accounts' lists cannot be matched; a network is the address's /24 (IPv4) or
 * /48 (IPv6).
 */
export const KNOWN_BROWSERS = 'known-browsers';
export const REMEMBERED_BROWSER = 'remembered-browser';
const KEEP = 20;

export const browserKey = (userId: string, browserHash: string) => createHash('sha256').update(`${userId}\n${browserHash}`).digest('base64url').slice(0, 32);

export function networkOf(address: string | null): string | null {
  if (!address) return null;
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (address.includes(':')) return `${address.split(':').slice(0, 3).join(':')}::/48`;
  return null;
}

interface Seen {
  browsers: string[];
  networks: string[];
}

export interface SignInPlace {
  browserHash: string | null;
  address: string | null;
}

export class KnownDevices {
  constructor(private readonly credentials: CredentialsRepo) {}

  private async seen(userId: string) {
    const [credential] = await this.credentials.listByUser(userId, KNOWN_BROWSERS);
    const data = (credential?.data ?? {}) as Partial<Seen>;
    return { credential, browsers: data.browsers ?? [], networks: data.networks ?? [] };
  }

  /** What is new about this place for the account (nothing known yet counts as new too). */
  async assess(userId: string, place: SignInPlace): Promise<{ newBrowser: boolean; newNetwork: boolean; firstSignIn: boolean }> {
    const { browsers, networks, credential } = await this.seen(userId);
    const network = networkOf(place.address);
    return {
      newBrowser: !place.browserHash || !browsers.includes(browserKey(userId, place.browserHash)),
      newNetwork: network !== null && !networks.includes(network),
      firstSignIn: !credential,
    };
  }

  /**
   * Records a completed sign-in's browser and network (by compare-and-set, the newest first, the
   * oldest dropped past 20). Answers whether the browser was new to an account that had known others.
   */
  async record(userId: string, place: SignInPlace, label: string): Promise<{ newBrowser: boolean }> {
    if (!place.browserHash) return { newBrowser: false };
    const key = browserKey(userId, place.browserHash);
    const network = networkOf(place.address);
    for (let tries = 0; tries < 5; tries++) {
      const { credential, browsers, networks } = await this.seen(userId);
      const known = browsers.includes(key);
      const data = {
        name: label,
        browsers: [key, ...browsers.filter((b) => b !== key)].slice(0, KEEP),
        networks: network ? [network, ...networks.filter((n) => n !== network)].slice(0, KEEP) : networks,
      };
      if (!credential) {
        await this.credentials.add(userId, { type: KNOWN_BROWSERS, data });
        return { newBrowser: false };
      }
      if (known && browsers[0] === key && (!network || networks[0] === network)) return { newBrowser: false };
      if (await this.credentials.compareAndSetData(credential.id, credential.revision, data)) return { newBrowser: !known };
    }
    return { newBrowser: false };
  }

  /** Whether this browser is remembered for the account's second factor now. */
  async rememberedForSecondFactor(userId: string, browserHash: string | null, now: Date): Promise<boolean> {
    if (!browserHash) return false;
    const key = browserKey(userId, browserHash);
    return (await this.credentials.listByUser(userId, REMEMBERED_BROWSER)).some((c) => c.data.browser === key && Date.parse(String(c.data.until)) > now.getTime());
  }

  /** Remembers this browser for the second factor for `days` (shown in /account, where it can be removed). */
  async rememberForSecondFactor(userId: string, browserHash: string, days: number, now: Date, label: string): Promise<void> {
    const key = browserKey(userId, browserHash);
    for (const old of await this.credentials.listByUser(userId, REMEMBERED_BROWSER)) {
      if (old.data.browser === key || Date.parse(String(old.data.until)) <= now.getTime()) await this.credentials.remove(old.id);
    }
    await this.credentials.add(userId, { type: REMEMBERED_BROWSER, data: { name: label, browser: key, until: new Date(now.getTime() + days * 86_400_000).toISOString() } });
  }

  /** "This wasn't me": forgets every known and remembered browser of the account. */
  async forgetAll(userId: string): Promise<void> {
    for (const c of await this.credentials.listByUser(userId)) if (c.type === KNOWN_BROWSERS || c.type === REMEMBERED_BROWSER) await this.credentials.remove(c.id);
  }
}

/** The browser's and the system's names in a user agent, null where it does not say (or is not one of the usual ones). */
export function browserOf(userAgent: string | null): { browser: string | null; os: string | null } {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return { browser, os };
}

/** The words around a browser's and a system's names, in the languages the hosted pages speak. */
const BROWSER_WORDS: Record<string, { on: (browser: string, os: string) => string; someBrowser: string; someSystem: string }> = {
  en: { on: (browser, os) => `${browser} on ${os}`, someBrowser: 'A browser', someSystem: 'an unknown system' },
  id: { on: (browser, os) => `${browser} di ${os}`, someBrowser: 'Sebuah peramban', someSystem: 'sistem yang tidak dikenal' },
};

/** "Firefox on Android" ("Firefox di Android"): a person's words for a user agent (unknown parts say so), in `lang`. */
export function describeBrowser(userAgent: string | null, lang = 'en'): string {
  const words = BROWSER_WORDS[lang] ?? BROWSER_WORDS.en;
  const { browser, os } = browserOf(userAgent);
  return words.on(browser ?? words.someBrowser, os ?? words.someSystem);
}
