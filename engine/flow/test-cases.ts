/**
 * Saved test cases of a journey: a made-up person (the persona), what they answer at each step and
 * how the journey should end. They live in the journey itself (so a published version keeps the cases
 * it passed), are run by the engine in a sandbox (runtime/test-cases.ts) and all run on publish.
 */

/**
 * A secret of a case (a password typed in a step, the persona's password), sealed by the server's
 * secret box: the store, the designer and published versions only ever see the sealed form.
 */
export interface SealedValue {
  sealed: string;
}

/** What a case types into one field: plain text, or a sealed secret. */
export type TestValue = string | SealedValue;

/** In an answer, stands for the last code mailed or texted to the persona: no secret, kept as typed. */
export const CODE_PLACEHOLDER = '{code}';

export const isSealed = (value: TestValue | undefined): value is SealedValue => typeof value === 'object' && value !== null && typeof value.sealed === 'string';

/** The made-up person a case plays; `exists: false` is a newcomer (no account before the run). */
export interface TestPersona {
  email: string;
  exists: boolean;
  /** The existing account's password (made up: it only ever exists inside the sandbox); sealed at rest. */
  password?: TestValue;
  emailVerified?: boolean;
  attributes?: Record<string, string | number | boolean>;
}

/**
 * What the person submits on one step's page: the form fields and the button. Answers are used in
 * order; a step shown twice (a wrong password, then the right one) takes the next answer for it.
 * `{code}` in a value stands for the last code mailed or texted to the persona.
 */
export interface TestAnswer {
  step: string;
  values: Record<string, TestValue>;
  action?: string;
}

/**
 * How the run should end: at a success or a failure step, or (`waits`) waiting at a step for an
 * answer the case does not give (a case recorded half-way through a journey).
 */
export interface TestExpectation {
  end: 'success' | 'failure' | 'waits';
  /** The end step expected (any step of that kind when absent); for `waits`, the step it waits at. */
  step?: string;
}

export interface JourneyTestCase {
  id: string;
  name: string;
  persona: TestPersona;
  answers: TestAnswer[];
  expect: TestExpectation;
}

/** One move of a case's run: the step it left, by which outcome, and where it went. */
export interface TestPathStep {
  from: string;
  outcome: string;
  to: string;
}

export interface TestCaseResult {
  caseId: string;
  name: string;
  passed: boolean;
  /** The steps taken, in order (drawn on the canvas when the case fails). */
  path: TestPathStep[];
  /** Where the run stopped: an end step, or the step that waited for an answer. */
  stoppedAt: string | null;
  ended: 'success' | 'failure' | null;
  /** Why it failed, in the words of the canvas (step labels, never ids); null when it passed. */
  reason: string | null;
}

/** The results a version was published with. */
export interface TestRunRecord {
  ranAt: string;
  results: TestCaseResult[];
}

/** A step of the journey, or of a journey it leads into (`subflow/step`, as the run walks it). */
const STEP_ID = { type: 'string', maxLength: 300, pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}(/[A-Za-z][A-Za-z0-9_-]{0,63})*$' } as const;
const SHORT_TEXT = { type: 'string', maxLength: 500 } as const;
/** A sealed secret: `v1.<key>.<iv>.<data>.<tag>` (identity/secret-box.ts), opened only by the runner. */
const SEALED = {
  type: 'object',
  additionalProperties: false,
  required: ['sealed'],
  properties: { sealed: { type: 'string', maxLength: 1200, pattern: '^v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+$' } },
} as const;
const TEST_VALUE = { oneOf: [SHORT_TEXT, SEALED] } as const;

/** JSON Schema of one case (part of the flow schema). */
export const testCaseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'persona', 'answers', 'expect'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S' },
    persona: {
      type: 'object',
      additionalProperties: false,
      required: ['email', 'exists'],
      properties: {
        email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' },
        exists: { type: 'boolean' },
        password: { oneOf: [{ type: 'string', maxLength: 256 }, SEALED] },
        emailVerified: { type: 'boolean' },
        attributes: {
          type: 'object',
          maxProperties: 50,
          propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' },
          additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 500 },
        },
      },
    },
    answers: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['step', 'values'],
        properties: {
          step: STEP_ID,
          values: { type: 'object', maxProperties: 30, propertyNames: { maxLength: 64 }, additionalProperties: TEST_VALUE },
          action: { type: 'string', maxLength: 64 },
        },
      },
    },
    expect: {
      type: 'object',
      additionalProperties: false,
      required: ['end'],
      properties: { end: { enum: ['success', 'failure', 'waits'] }, step: STEP_ID },
    },
  },
} as const;

const PATH_STEP = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'outcome', 'to'],
  properties: { from: { type: 'string' }, outcome: { type: 'string' }, to: { type: 'string' } },
} as const;

/** JSON Schema of the results a version was published with (written by the engine, read back). */
export const testRunSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ranAt', 'results'],
  properties: {
    ranAt: { type: 'string', maxLength: 40 },
    results: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['caseId', 'name', 'passed', 'path', 'stoppedAt', 'ended', 'reason'],
        properties: {
          caseId: { type: 'string', maxLength: 64 },
          name: { type: 'string', maxLength: 120 },
          passed: { type: 'boolean' },
          path: { type: 'array', maxItems: 500, items: PATH_STEP },
          stoppedAt: { type: ['string', 'null'] },
          ended: { enum: ['success', 'failure', null] },
          reason: { type: ['string', 'null'], maxLength: 2000 },
        },
      },
    },
  },
} as const;

/** The most cases a journey keeps (each runs on every publish). */
export const MAX_TEST_CASES = 50;
