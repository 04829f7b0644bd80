/** Something the organisation asks consent for, with a versioned text (a new text = a new version). */
export interface ConsentPurpose {
  id: string;
  name: Record<string, string>;
  text: Record<string, string>;
  version: number;
  updatedAt: Date;
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
  /** Creates the purpose, or updates it; a changed text bumps the version. */
  savePurpose(p: { id: string; name: Record<string, string>; text: Record<string, string> }, now: Date): Promise<ConsentPurpose>;
  getPurpose(id: string): Promise<ConsentPurpose | null>;
  listPurposes(): Promise<ConsentPurpose[]>;
  deletePurpose(id: string): Promise<boolean>;
  /** Appends a decision to the user's history. */
  record(decision: ConsentDecision): Promise<void>;
  /** The latest decision per purpose. */
  current(userId: string): Promise<ConsentDecision[]>;
  /** Every decision, oldest first. */
  history(userId: string): Promise<ConsentDecision[]>;
}
