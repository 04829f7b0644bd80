import type { Store, User } from '../store/port.js';
import {
  freshProofs,
  levelOfAcr,
  levelWithin,
  meets,
  methodsOf,
  nowSeconds,
  requiredLevel,
  type Level,
  type Proof,
  type Requirement,
} from '../identity/assurance.js';
import type { RunState } from '../nodes/types.js';

/** The flow the engine continues with when a sign-in is below the required level. */
export const STEP_UP_FLOW = 'step-up';

/**
 * What the app and the request ask for, taken from the authorization request when the run starts and
 * kept in the run's `request` (so a run continues on any instance with the same demands).
 */
export interface RequestedAssurance {
  /** The app's minimum level (app setting `minAcr`). */
  appMinimum?: Level | null;
  /** App setting: whether a browser remembered after a second factor counts for its minimum (default: yes). */
  appAcceptsRememberedBrowser?: boolean;
  acrValues?: string[];
  /** Values of an essential `acr` claim requested in `claims`. */
  essentialAcr?: string[];
  /** `max_age` in seconds. */
  maxAge?: number | null;
  /** For a step-up or re-authentication run: the user it must be about, and what it must reach. */
  stepUpFor?: string;
  requiredLevel?: Level;
  /** Re-authentication for a sensitive action: only proofs of this run count. */
  reauthentication?: boolean;
}

/** Factor credentials that make an account "protected by a second factor". */
const SECOND_FACTOR_CREDENTIALS = ['totp', 'webauthn'];
export const ADMIN_ROLE = 'admin';

/**
 * The engine's side of assurance: what a sign-in must reach (app, request, account, role, action) and
 * whether what a run or a session proved reaches it. Journeys never decide this.
 */
export class Assurance {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    /** How recent a sign-in must be for sensitive account actions, in seconds. */
    readonly reauthWindowSeconds: number,
  ) {}

  nowSeconds(): number {
    return nowSeconds(this.now());
  }

  /** An account with an authenticator app, a passkey or a verified phone is always asked for it. */
  async hasSecondFactor(user: User): Promise<boolean> {
    const creds = await this.store.credentials.listByUser(user.id);
    if (creds.some((c) => SECOND_FACTOR_CREDENTIALS.includes(c.type))) return true;
    return user.attributes.phone_number_verified === true && typeof user.attributes.phone_number === 'string';
  }

  /** The account's own level: two factors when it has one enrolled or is an administrator. */
  async accountLevel(user: User): Promise<Level> {
    return (await this.hasSecondFactor(user)) || user.roles.includes(ADMIN_ROLE) ? 2 : 1;
  }

  /** The required level of a sign-in of `user` for this request (null: the request's own demands only). */
  async requirement(user: User | null, request: RequestedAssurance, action?: 'sensitive'): Promise<Requirement> {
    const req = requiredLevel({
      appMinimum: request.appMinimum ?? null,
      appAcceptsRememberedBrowser: request.appAcceptsRememberedBrowser,
      acrValues: request.acrValues,
      essentialAcr: request.essentialAcr,
      maxAge: request.maxAge ?? null,
      accountHasSecondFactor: user ? await this.hasSecondFactor(user) : false,
      isAdministrator: user?.roles.includes(ADMIN_ROLE) ?? false,
      sensitiveAction: action === 'sensitive' ? { windowSeconds: this.reauthWindowSeconds } : undefined,
    });
    if (request.requiredLevel && request.requiredLevel > req.level) return { ...req, level: request.requiredLevel, because: [...req.because, 'step-up'] };
    return req;
  }

  meets(proofs: readonly Proof[], req: Pick<Requirement, 'level' | 'maxAge' | 'withoutRememberedBrowser'>): boolean {
    return meets(proofs, req, this.nowSeconds());
  }

  levelOf(proofs: readonly Proof[], maxAge: number | null = null): Level {
    return levelWithin(proofs, maxAge, this.nowSeconds());
  }

  /** The proofs that still count for a requirement (recent enough), to seed a step-up run with. */
  fresh(proofs: readonly Proof[], maxAge: number | null): Proof[] {
    return freshProofs(proofs, maxAge, this.nowSeconds());
  }

  /** Initial state of a step-up run for `user`: what still counts, and what it must reach. */
  stepUpStart(user: User, proofs: readonly Proof[], req: Requirement, request: Record<string, unknown>): { request: Record<string, unknown>; initial: Partial<RunState> } {
    const kept = this.fresh(proofs, req.maxAge);
    return {
      request: { ...request, stepUpFor: user.id, requiredLevel: req.level, maxAge: req.maxAge, currentLevel: this.levelOf(kept) },
      initial: { userId: user.id, email: user.email, amr: methodsOf(kept), proofs: kept },
    };
  }
}

/** The assurance demands of a run's `request` (set when the run started). */
export function requestedOf(state: Pick<RunState, 'request'>): RequestedAssurance {
  const r = state.request as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
  const level = (v: unknown) => (v === 1 || v === 2 || v === 3 ? (v as Level) : null);
  return {
    appMinimum: level(r.appMinimum),
    appAcceptsRememberedBrowser: r.appAcceptsRememberedBrowser !== false,
    acrValues: list(r.acrValues),
    essentialAcr: list(r.essentialAcr),
    maxAge: typeof r.maxAge === 'number' ? r.maxAge : null,
    stepUpFor: typeof r.stepUpFor === 'string' ? r.stepUpFor : undefined,
    requiredLevel: level(r.requiredLevel) ?? undefined,
    reauthentication: r.reauthentication === true,
  };
}

/** The app's minimum as a level (null: none set or not a known value). */
export const appMinimumLevel = (minAcr: string | null | undefined): Level | null => levelOfAcr(minAcr ?? null);
