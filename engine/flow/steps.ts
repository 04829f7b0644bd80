/**
 * How engine/flow sees steps: a catalogue of step kinds, each declaring what it needs from the run
 * before it and what each of its outcomes provides. The node registry implements this interface;
 * engine/flow never looks at node modules themselves.
 */

/**
 * Something a run can have established before a step. Steps require some and their outcomes
 * provide (or forget) some; the proof on publish follows them along every path.
 */
export type Fact =
  /** The person is identified: the run knows which account it is about. */
  | 'user'
  /** An email address is known (typed in, or the account's). */
  | 'email'
  /** A new email address, different from the account's, was typed in (email change). */
  | 'new-email'
  /** Control of the run's email address was proved (a code or link came back). */
  | 'email-verified'
  /** The person answered the consent purposes of a consent step. */
  | 'consent'
  /** A social account waits to be linked to the account that proves ownership next. */
  | 'social-pending';

/** Plain words for each fact, for the problems shown in the designer. */
export const FACT_WORDS: Record<Fact, { needs: string; missing: string }> = {
  user: { needs: 'a signed-in person', missing: 'no step before it signs the person in' },
  email: { needs: 'an email address', missing: 'no step before it asks for the email address' },
  'new-email': { needs: 'a new email address', missing: 'no step before it asks for the new email address' },
  'email-verified': { needs: 'a verified email address', missing: 'no step before it verifies the email address' },
  consent: { needs: 'the person\'s consent answers', missing: 'no consent step comes before it' },
  'social-pending': { needs: 'a social account waiting to be linked', missing: 'no social sign-in step before it asks to link an account' },
};

/**
 * Authentication method references (RFC 8176 `amr` values, and Gerbang's own for email codes and
 * software keys): what an outcome proves about the person.
 */
export type AmrKind = 'pwd' | 'otp' | 'hwk' | 'swk' | 'sms' | 'email' | 'fed' | 'mfa';

/** What an outcome of a step gives the run. */
export interface Provision {
  /** Facts true after this outcome. */
  facts?: Fact[];
  /** Factors proved, all of them. */
  amr?: AmrKind[];
  /** A factor proved, one of these at the person's choice (e.g. the second factor they enrolled). */
  amrOneOf?: AmrKind[];
  /** Facts no longer true after this outcome (e.g. a new email typed in is not verified yet). */
  forgets?: Fact[];
}

/** An outcome of a step: the handle the designer offers and what taking it provides. */
export interface StepOutcome {
  name: string;
  label: string;
  description?: string;
  provides?: Provision;
  /**
   * The step can take this outcome without waiting for the person (it shows no page, or it skips
   * its page when it has nothing to ask). A cycle made only of such outcomes would never stop.
   */
  automatic?: boolean;
  /**
   * It cannot happen with these settings (a consent step with no purpose needed is never refused):
   * the designer shows it as optional and the checks do not ask for it to be connected.
   */
  optional?: boolean;
}

/** Something a step names that must exist outside the journey. */
export type ReferenceKind = 'consent-purpose' | 'social-connection' | 'attribute' | 'journey' | 'http-secret';

export interface Reference {
  kind: ReferenceKind;
  id: string;
}

export const REFERENCE_WORDS: Record<ReferenceKind, string> = {
  'consent-purpose': 'consent purpose',
  'social-connection': 'social sign-in connection',
  attribute: 'profile attribute',
  journey: 'journey',
  'http-secret': 'API secret',
};

/** One step type as the graph checks, the proof and the compiler need it. */
export interface StepKind {
  type: string;
  title: string;
  /** Terminal steps end the run. */
  terminal?: 'success' | 'failure';
  /** The step shows the person a page and waits for them. */
  interactive: boolean;
  /** Facts the run must have before this step. Call only with valid settings. */
  requires(settings: Record<string, unknown>): Fact[];
  /** Outcomes given these settings, each with what it provides. Call only with valid settings. */
  outcomes(settings: Record<string, unknown>): StepOutcome[];
  /** Things outside the journey that these settings name. Call only with valid settings. */
  references(settings: Record<string, unknown>): Reference[];
  /** Plain-language problems of the settings; empty when they are valid. */
  validateSettings(settings: unknown): string[];
}

/** Where engine/flow looks step types up. */
export interface StepCatalogue {
  step(type: string): StepKind | undefined;
}
