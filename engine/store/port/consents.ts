import type { DomainEvent } from './outbox.js';

/** Something the organisation asks consent for, with a versioned text (a new text = a new version). */
export interface ConsentPurpose {
  id: string;
  name: Record<string, string>;
  text: Record<string, string>;
  version: number;
  /** People cannot continue a journey without agreeing (a journey's consent step may also ask it). */
  required?: boolean;
  updatedAt: Date;
}

/** How many decisions answered one text version of a purpose, granted or refused. */
export interface ConsentTally {
  version: number;
  granted: boolean;
  count: number;
}

/** One grant or refusal, kept forever as proof: who agreed to which text version, when, where. */
export interface ConsentDecision {
  userId: string;
  purposeId: string;
  version: number;
  granted: boolean;
  at: Date;
  /** Where it was given, e.g. `flow:signup-consent` or `account`. */
  channel: string;
}

export interface ConsentsRepo {
  /** Conditional insert: false when a purpose with this id exists. */
  insertPurpose(purpose: ConsentPurpose): Promise<boolean>;
  /**
   * Compare-and-set: replaces the purpose only while its stored version still equals
   * `expectedVersion` (the engine decides the new version: a changed text is a new version).
   */
  replacePurpose(purpose: ConsentPurpose, expectedVersion: number): Promise<boolean>;
  getPurpose(id: string): Promise<ConsentPurpose | null>;
  listPurposes(): Promise<ConsentPurpose[]>;
  deletePurpose(id: string): Promise<boolean>;
  /**
   * Appends a decision to the user's history. The store orders a user's decisions itself (an atomic
   * sequence, not the clock): the history keeps the order in which they were recorded. The outbox
   * events are written with the decision.
   */
  record(decision: ConsentDecision, events?: DomainEvent[]): Promise<void>;
  deleteByUser(userId: string): Promise<number>;
  /** The latest decision per purpose. */
  current(userId: string): Promise<ConsentDecision[]>;
  /** Every decision, oldest first. */
  history(userId: string): Promise<ConsentDecision[]>;
  /** The decisions about one purpose, newest first (the acceptance history the console shows). */
  decisionsFor(purposeId: string, limit: number): Promise<ConsentDecision[]>;
  /** Every decision about one purpose counted per text version and answer. */
  tally(purposeId: string): Promise<ConsentTally[]>;
}
