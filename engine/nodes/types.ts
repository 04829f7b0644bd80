import type { User } from '../store/port.js';
import type { Language, Words } from '../languages.js';
import type { AuditLog, NodeServices } from './services.js';

export type { AuditLog, Clock, NodeServices } from './services.js';

/** A JSON Schema object (draft 2020-12 subset that ajv and the designer's forms understand). */
export type JsonSchema = Record<string, unknown>;

/** Text in every language the hosted pages speak; a plain string is used for all of them. */
export type LocalisedText = string | Partial<Record<string, string>>;

export type { Notice, RunState } from '../flow/run-state.js';
import type { Notice, RunState } from '../flow/run-state.js';
import type { Fact, Reference, StepOutcome } from '../flow/steps.js';
import type { Said } from '../flow/said.js';

/** An outcome a node can end with, and what taking it provides (see flow/steps.ts). */
export type OutcomeDef = StepOutcome;

export type FieldType =
  | 'text'
  | 'email'
  | 'password'
  | 'tel'
  | 'date'
  | 'number'
  | 'url'
  | 'checkbox'
  | 'select'
  | 'hidden'
  | 'code';

export interface PageField {
  name: string;
  label: string;
  type: FieldType;
  value?: string;
  required?: boolean;
  readonly?: boolean;
  autocomplete?: string;
  /** The latest date (YYYY-MM-DD) a date field accepts, e.g. today for a date of birth. */
  max?: string;
  hint?: string;
  options?: Array<{ value: string; label: string }>;
  error?: string;
}

export interface PageAction {
  /** Submitted as the `action` form field; nodes tell their buttons apart by it. */
  value: string;
  label: string;
  kind?: 'primary' | 'secondary' | 'link';
  /** Submits without client-side required-field checks (e.g. "skip"). */
  formNoValidate?: boolean;
}

/** Extra content blocks a page may carry besides its form. */
export type PageBlock =
  | { kind: 'text'; text: string }
  | { kind: 'image'; src: string; alt: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; label: string }
  | { kind: 'script'; src: string }
  /** JSON for a page script (e.g. WebAuthn options), in a non-executed <script type="application/json">. */
  | { kind: 'data'; id: string; json: unknown };

/** The page a node shows, in words already localised; hosted/render.ts turns it into HTML. */
export interface Page {
  title: string;
  intro?: string;
  fields: PageField[];
  actions: PageAction[];
  blocks?: PageBlock[];
  /** Form-level error (e.g. "wrong password"), shown above the fields. */
  error?: string;
  info?: string;
  /** Origins outside ours the page needs (a CAPTCHA provider's widget): its scripts and its frames. */
  thirdParty?: ThirdPartyOrigins;
}

export interface ThirdPartyOrigins {
  scripts: string[];
  frames: string[];
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export interface NodeContext<S> {
  nodeId: string;
  settings: S;
  state: RunState;
  /** Typed services: the only way a step reaches the outside world. */
  services: NodeServices;
  /** The audit log of this request (time, client IP and the run's user filled in). */
  audit: AuditLog;
  lang: string;
  t: Translate;
  /** Picks the right language of a designer-provided text. */
  text: (value: LocalisedText | undefined, fallback?: string) => string;
  /** The identified user, loaded by the runtime when `state.userId` is set. */
  user: User | null;
  runId: string;
  /** The flow this run executes (for records such as consents: where they were given). */
  flowId: string;
  /** The version of the journey the run follows; 0 for a "Try it" run of a draft (never counted). */
  flowVersion?: number;
  /** The browser talking to us, for audit events and rate limits. */
  client: ClientMeta;
}

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
  /** A hash of the browser's long-lived id cookie (the run's binding); null when unknown. */
  browser?: string | null;
}

/** What came back to a step's callback: flat string query and form fields, and the full URL. */
export interface CallbackRequest {
  query: Record<string, string>;
  body: Record<string, string>;
  /** Path parameters of the route that received it (e.g. the social connection's name). */
  params: Record<string, string>;
  /** The absolute URL as received (an OAuth2 client needs it to read the answer). */
  url: string;
}

/** Form input as posted by the hosted page (CSRF field already removed). */
export type FormInput = Record<string, string>;

export type StepResult =
  | {
      outcome: string;
      /** Shallow changes to the run state (data is merged per node). */
      patch?: Partial<RunState>;
      notice?: Notice | null;
    }
  | {
      /** Input rejected: re-render the same page with these errors and the typed values. */
      invalid: { fields?: Record<string, string>; form?: string };
    }
  | {
      /** Stay on this step but remember something (a pending secret, a code sent, an attempt). */
      update: Partial<RunState>;
      notice?: Notice | null;
      /** Send the browser elsewhere next (e.g. to an identity provider); it comes back to this run. */
      redirect?: string;
    };

/** The languages the designer speaks besides English, the language step types are declared in. */
export type DesignerLanguage = Exclude<Language, 'en'>;

/** What the designer shows of a step type, in one language other than English. */
export interface StepWords {
  /** The palette's and the settings panel's name of the step. */
  title: string;
  description: string;
  /**
   * The labels of the outcomes the step names itself, by outcome name (an outcome named in the
   * settings, such as a condition's rule, keeps the words the designer gave it).
   */
  outcomes: Record<string, string>;
  /** The settings form's field titles and descriptions, by their English text. */
  settings: Record<string, string>;
}

export interface NodeType<S = Record<string, unknown>> {
  type: string;
  /** The step's name in the palette and on the canvas, in English; `words` has the other languages. */
  title: string;
  description: string;
  /**
   * The designer's texts of this step in every other language (palette title and description,
   * outcome labels, settings form titles). A unit test holds every built-in step to all of them;
   * a step type without them is shown in English.
   */
  words?: Record<DesignerLanguage, StepWords>;
  /** The glyph the designer shows on the palette and the canvas (a character or two). */
  icon: string;
  /** Palette group; see STEP_CATEGORIES in registry.ts for their names and order. */
  category: 'identify' | 'authenticate' | 'profile' | 'logic' | 'end';
  settingsSchema: JsonSchema;
  defaultSettings: S;
  /**
   * What the run must have before this step (an identified user, an email...). The runtime refuses
   * to run the step without it and the proof on publish checks every path provides it, so the
   * step's code may rely on it.
   */
  requires?: Fact[] | ((settings: S) => Fact[]);
  /** The outcomes this node can end with, given its settings, with what each provides; each needs an edge. */
  outcomes: (settings: S) => OutcomeDef[];
  /** Things outside the journey the settings name (consent purposes, connections, journeys...). */
  references?: (settings: S) => Reference[];
  /** Profile attributes this step asks the person for (they exist once a journey collects them). */
  collects?: (settings: S) => string[];
  /** Terminal nodes end the run. */
  terminal?: 'success' | 'failure';
  /** Messages of this node's pages, per language, merged into the i18n catalogue. */
  messages?: Record<string, Record<string, string>>;
  /** Runs before rendering: returning a result moves on without showing a page. */
  auto?: (ctx: NodeContext<S>) => Promise<StepResult | null>;
  render?: (ctx: NodeContext<S>) => Promise<Page> | Page;
  submit?: (ctx: NodeContext<S>, input: FormInput) => Promise<StepResult>;
  /**
   * The outside world answers this step: a link sent by mail was opened, an identity provider sent the
   * browser back. GET/POST /flow/:runId/callback (and a provider's registered callback URL) hand the
   * request here; an outcome moves the run on, `invalid` re-renders with the error, `StepRejected`
   * refuses a request that does not belong to this run.
   */
  callback?: (ctx: NodeContext<S>, request: CallbackRequest) => Promise<StepResult>;
  /**
   * Extra graph checks beyond the settings schema: plain-language problems, each said in every
   * language of the designer (the settings panel and the publish checks speak the console's).
   */
  check?: (settings: S) => Said[];
  /**
   * Told when a run of a published version that went through this step ends (e.g. the A/B split
   * counts the result of the branch the person took). `ms`: from the run's start to its end.
   */
  runEnded?: (services: NodeServices, run: { flowId: string; nodeId: string; settings: S; state: RunState; end: 'success' | 'failure'; ms: number }) => Promise<void>;
}

// Node modules declare their own settings type; the registry stores them type-erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeType = NodeType<any>;

/**
 * A step refuses a request outright (e.g. a callback whose `state` does not belong to this run): the
 * HTTP kit answers 400 without touching the run.
 */
export class StepRejected extends Error {
  /** What the person reads, in every language (the refusal page says it in theirs). */
  readonly words: Words;

  constructor(words: Words) {
    super(words.en);
    this.name = 'StepRejected';
    this.words = words;
  }
}
