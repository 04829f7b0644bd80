/**
 * Assurance levels: how strongly a person proved who they are. Pure functions, no I/O.
 *
 * - level 1 (`urn:gerbang:loa:1`): one factor (a password, a code sent by email, a provider...);
 * - level 2 (`urn:gerbang:loa:2`): two factors of different kinds (e.g. a password and an
 *   authenticator app);
 * - level 3 (`urn:gerbang:loa:3`): phishing-resistant: a passkey (amr `hwk`), bound to our origin.
 */

export const ACR_LEVELS = ['urn:gerbang:loa:1', 'urn:gerbang:loa:2', 'urn:gerbang:loa:3'] as const;
export type Acr = (typeof ACR_LEVELS)[number];
/** 0 means "nothing proved yet". */
export type Level = 0 | 1 | 2 | 3;

/** One factor proved, with when (seconds since the epoch, like `auth_time`). */
export interface Proof {
  /** RFC 8176 amr value: `pwd`, `otp`, `sms`, `hwk`, `fed`, or `mfa` (a step verified a second factor). */
  method: string;
  at: number;
}

/** The kind of each method; two factors count as two only when their kinds differ. */
const KIND: Record<string, 'knowledge' | 'possession' | 'federated'> = {
  pwd: 'knowledge',
  pin: 'knowledge',
  otp: 'possession',
  sms: 'possession',
  hwk: 'possession',
  swk: 'possession',
  fed: 'federated',
};

/**
 * The amr value of a second factor not asked because this browser was remembered after one (for the
 * days the journey allows). It counts as a second factor, except for an app that does not accept a
 * remembered browser for its minimum level.
 */
export const REMEMBERED_BROWSER_AMR = 'remembered-browser';

/** The level the methods reach together. */
export function levelOf(amr: readonly string[]): Level {
  const methods = amr.filter((m) => m !== 'mfa' && m !== REMEMBERED_BROWSER_AMR);
  if (methods.length === 0) return 0;
  if (methods.includes('hwk')) return 3;
  const kinds = new Set(methods.map((m) => KIND[m] ?? m));
  // `mfa` is only ever added by a second-factor step after it verified an enrolled factor (or found
  // this browser remembered after one).
  if (kinds.size >= 2 || amr.includes('mfa') || amr.includes(REMEMBERED_BROWSER_AMR)) return 2;
  return 1;
}

/** The proofs without a remembered browser: what an app that does not accept one counts. */
export const withoutRememberedBrowser = (proofs: readonly Proof[]): Proof[] => proofs.filter((p) => p.method !== REMEMBERED_BROWSER_AMR);

/**
 * Whether a run's request refuses a remembered browser as its second factor: the app's minimum asks
 * two factors or more and the app does not accept a remembered browser for it.
 */
export function rememberedBrowserRefused(request: Readonly<Record<string, unknown>>): boolean {
  return request.appAcceptsRememberedBrowser === false && typeof request.appMinimum === 'number' && request.appMinimum >= 2;
}

export function acrOfLevel(level: Level): Acr | undefined {
  return level === 0 ? undefined : ACR_LEVELS[level - 1];
}

/** The acr value a set of methods earns (level 1 at least, as tokens always carry one). */
export function acrFor(amr: readonly string[]): Acr {
  return ACR_LEVELS[Math.max(levelOf(amr), 1) - 1];
}

/** The level an acr value names, or null for a value Gerbang does not know. */
export function levelOfAcr(acr: string | undefined | null): Level | null {
  const i = ACR_LEVELS.indexOf(acr as Acr);
  return i < 0 ? null : ((i + 1) as Level);
}

/** Adds methods proved at `at` (seconds); a method proved again keeps only its latest time. */
export function addProofs(proofs: readonly Proof[], methods: readonly string[], at: number): Proof[] {
  const fresh = new Set(methods);
  return [...proofs.filter((p) => !fresh.has(p.method)), ...[...fresh].map((method) => ({ method, at }))];
}

/** Proofs made within the last `maxAgeSeconds` (all of them when there is no bound). */
export function freshProofs(proofs: readonly Proof[], maxAgeSeconds: number | null | undefined, nowSeconds: number): Proof[] {
  if (maxAgeSeconds == null) return [...proofs];
  return proofs.filter((p) => nowSeconds - p.at <= maxAgeSeconds);
}

export const methodsOf = (proofs: readonly Proof[]): string[] => [...new Set(proofs.map((p) => p.method))];

/** When the person last authenticated (the latest proof), as `auth_time`. */
export function authTimeOf(proofs: readonly Proof[]): number | undefined {
  return proofs.length ? Math.max(...proofs.map((p) => p.at)) : undefined;
}

/**
 * The level a set of proofs reaches when only those within `maxAgeSeconds` count: what single sign-on,
 * `max_age` and re-authentication compare with the required level.
 */
export function levelWithin(proofs: readonly Proof[], maxAgeSeconds: number | null | undefined, nowSeconds: number): Level {
  return levelOf(methodsOf(freshProofs(proofs, maxAgeSeconds, nowSeconds)));
}

/** Proofs for a session that only recorded methods and one time (older records, the provider's session). */
export function proofsFromAmr(amr: readonly string[], at: number): Proof[] {
  return addProofs([], amr, at);
}

export const nowSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** What a sign-in must reach: the highest of every rule, and how recent its proofs must be. */
export interface Requirement {
  level: Level;
  /** Seconds: only proofs this recent count (null: any age). */
  maxAge: number | null;
  /** Which rules asked for the level, for the audit trail and error messages. */
  because: string[];
  /**
   * The level the proofs must reach without a remembered browser (the app's minimum, when the app does
   * not accept one); absent when a remembered browser counts.
   */
  withoutRememberedBrowser?: Level;
}

export interface RequirementInput {
  /** The app's minimum level (an app setting). */
  appMinimum?: Level | null;
  /** Whether a browser remembered after a second factor counts for the app's minimum (default: it does). */
  appAcceptsRememberedBrowser?: boolean;
  /** `acr_values` of the request: the lowest known value is what the app accepts. */
  acrValues?: readonly string[];
  /** Values of an essential `acr` claim in `claims` (any of them satisfies). */
  essentialAcr?: readonly string[];
  maxAge?: number | null;
  /** The account has an enrolled second factor: it is always asked. */
  accountHasSecondFactor?: boolean;
  /** Administrators need two factors. */
  isAdministrator?: boolean;
  /** A sensitive action: a recent sign-in at the account's level. */
  sensitiveAction?: { windowSeconds: number };
}

/** Raised for a request naming only acr values Gerbang does not know. */
export class UnknownAcrError extends Error {
  constructor(readonly values: readonly string[]) {
    super(`Unknown acr value(s): ${values.join(', ')}. Known values: ${ACR_LEVELS.join(', ')}.`);
  }
}

/** The lowest level among acr values (each satisfies the request); unknown values are ignored. */
function requestedLevel(values: readonly string[] | undefined): Level | null {
  if (!values || values.length === 0) return null;
  const known = values.map(levelOfAcr).filter((l): l is Level => l !== null);
  if (known.length === 0) throw new UnknownAcrError(values);
  return Math.min(...known) as Level;
}

/** The required level: the highest of the app's minimum, the request, the account, the role and the action. */
export function requiredLevel(i: RequirementInput): Requirement {
  const because: string[] = [];
  let level: Level = 1;
  const raise = (l: Level | null | undefined, why: string) => {
    if (l && l > level) level = l;
    if (l && l > 1) because.push(why);
  };
  raise(i.appMinimum ?? null, 'app');
  raise(requestedLevel(i.acrValues), 'acr_values');
  raise(requestedLevel(i.essentialAcr), 'claims');
  if (i.accountHasSecondFactor) raise(2, 'account');
  if (i.isAdministrator) raise(2, 'role');
  let maxAge = i.maxAge ?? null;
  if (i.sensitiveAction) {
    maxAge = maxAge == null ? i.sensitiveAction.windowSeconds : Math.min(maxAge, i.sensitiveAction.windowSeconds);
    because.push('action');
  }
  const strict = i.appAcceptsRememberedBrowser === false && i.appMinimum && i.appMinimum >= 2 ? i.appMinimum : undefined;
  return { level, maxAge, because, ...(strict ? { withoutRememberedBrowser: strict } : {}) };
}

/** Whether proofs meet a requirement at `nowSeconds`. */
export function meets(proofs: readonly Proof[], req: Pick<Requirement, 'level' | 'maxAge' | 'withoutRememberedBrowser'>, now: number): boolean {
  if (levelWithin(proofs, req.maxAge, now) < req.level) return false;
  return !req.withoutRememberedBrowser || levelWithin(withoutRememberedBrowser(proofs), req.maxAge, now) >= req.withoutRememberedBrowser;
}
