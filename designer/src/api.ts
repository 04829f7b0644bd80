/** The admin API as the designer uses it (same-origin, administrator session cookie). */
export interface Outcome {
  name: string;
  label: string;
  /** It cannot happen with the step's settings: connecting it is optional. */
  optional?: boolean;
}

export interface NodeTypeInfo {
  type: string;
  title: string;
  description: string;
  /** The glyph of the step type, declared by the node module. */
  icon: string;
  category: string;
  categoryTitle: string;
  terminal: 'success' | 'failure' | null;
  /** The step shows a page and waits for the person. */
  interactive: boolean;
  /** What the run must have before this step (with the default settings). */
  requires: string[];
  /** The same in plain words, e.g. "a signed-in person". */
  needs: string[];
  settingsSchema: Record<string, unknown>;
  defaultSettings: Record<string, unknown>;
  outcomes: Outcome[];
  /** The labels of the outcomes the step type names itself, by name, in the language asked for (none in English). */
  outcomeLabels: Record<string, string>;
}

// The flow graph format is the engine's own: one definition for both sides.
export type { FlowEdge, FlowGraph, FlowNode } from '../../engine/flow/types';
import type { FlowGraph } from '../../engine/flow/types';
export type { JourneyTestCase, TestCaseResult, TestValue, SealedValue } from '../../engine/flow/test-cases';
import type { JourneyTestCase, TestCaseResult } from '../../engine/flow/test-cases';

/** A way through the graph: each step and the outcome it leaves by. */
export type PathStep = { nodeId: string; outcome?: string };

export interface Problem {
  code: string;
  message: string;
  nodeId?: string;
  outcome?: string;
  edgeId?: string;
  /** The offending path, drawn on the canvas. */
  path?: PathStep[];
}

/** A way to success below what a bound app requires (information: those customers get step-up). */
export interface StepUp {
  appId: string;
  appName: string;
  required: string;
  reached: string;
  path: PathStep[];
  message: string;
}

export interface Analysis {
  problems: Problem[];
  stepUps: StepUp[];
  outcomes: Record<string, Outcome[]>;
}

export interface VersionInfo {
  flowId: string;
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  /** How its saved test cases did when it was published (null: it had none). */
  testCases?: { passed: number; total: number } | null;
}

export interface FlowSummary {
  id: string;
  name: string;
  activeVersion: number | null;
  latestVersion: number | null;
  description?: string | null;
  /** The draft differs from the live version. */
  unpublishedChanges?: boolean;
}

/** A journey of the template gallery. */
export interface FlowTemplate {
  id: string;
  name: string;
  description: string | null;
}

/** The signed-in administrator; `permissions` lists what the roles allow (absent: everything). */
export interface Me {
  id: string;
  email: string | null;
  roles?: string[];
  permissions?: string[];
  /** For an organisation's own administrator (no console role): the organisations they manage. */
  organisations?: string[];
}

/** A `409 draft_changed`: the journey's draft was saved elsewhere since the revision this tab sent. */
export interface DraftChangedBody {
  error: 'draft_changed';
  savedBy: string;
  savedAt: string;
  /** The same administrator saved it (another tab or window). */
  savedByYou: boolean;
  /** The admin API token saved it (`savedBy` says so in English; the console says it in its language). */
  savedByAutomation?: boolean;
  revision: number;
}

export const isDraftChanged = (e: unknown): e is ApiError & { body: DraftChangedBody } => e instanceof ApiError && e.status === 409 && e.body.error === 'draft_changed';

/** One field a request's schema refused (a 400): where it is (a JSON pointer) and the words to show. */
export interface InvalidInput {
  in: 'params' | 'query' | 'body';
  pointer: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: {
      error?: string;
      message?: string;
      problems?: Problem[];
      stepUps?: StepUp[];
      testResults?: TestCaseResult[];
      /** The form field an `invalid_field` answer is about. */
      field?: string;
      /** Every field a 400 refused, in the console's words. */
      invalid?: InvalidInput[];
    } & Partial<DraftChangedBody>,
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
}

/** A refusal sorted for a form: the words for each field it shows, and the rest (said beside the form). */
export interface FormProblems {
  fields: Record<string, string>;
  other: string;
}

/**
 * The problems of a refused save next to the fields of the form: `shown` are the form's fields as
 * dotted paths of the body it sends (`name`, `name.en`, `redirectUris`), `under` the object of the
 * body the form edits (`branding` of an app). A problem goes to the longest shown path its pointer
 * is at or below (`/redirectUris/1` to `redirectUris`); one about no shown field, or any other error,
 * goes to `other`.
 */
export function formProblems(e: unknown, shown: readonly string[], under = ''): FormProblems {
  if (!(e instanceof ApiError)) return { fields: {}, other: e instanceof Error ? e.message : String(e) };
  const escaped = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
  const problems: InvalidInput[] = e.body.invalid?.length ? e.body.invalid : e.body.field ? [{ in: 'body', pointer: `/${e.body.field.split('.').map(escaped).join('/')}`, message: e.message }] : [];
  const { fields, other } = problemsByField(problems, shown, { under });
  // Nothing said about the body's fields: the error's own words.
  if (!Object.keys(fields).length && !other.length) other.push(e.message);
  return { fields, other: other.join(' ') };
}

/**
 * Problems with pointers (a refusal's `invalid`, or what a check found) sorted by the form's fields as
 * formProblems sorts them. `item` words where in a list field a problem is, when the field shows the
 * list as lines of text ("Line 2: "; '' for none); the rest (`other`) is about no field of the form.
 */
export function problemsByField(problems: readonly InvalidInput[], shown: readonly string[], opts: { under?: string; item?: (field: string, index: number) => string } = {}): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const p of problems.filter((q) => q.in === 'body')) {
    const path = p.pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
    const within = opts.under && path.startsWith(`${opts.under}.`) ? path.slice(opts.under.length + 1) : path;
    const field = shown.filter((k) => within === k || within.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
    if (!field) {
      other.push(p.message);
      continue;
    }
    const index = within.slice(field.length + 1).split('.')[0];
    const message = opts.item && /^\d+$/.test(index) ? `${opts.item(field, Number(index))}${p.message}` : p.message;
    fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
  }
  return { fields, other };
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    // The console's language (set on the page by the language menu): the API's refusals are said in it.
    headers: { 'X-Requested-With': 'gerbang', 'Accept-Language': document.documentElement.lang || 'en', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    window.location.href = '/login?flow=admin-login&return_to=/designer/';
    throw new ApiError(401, { message: 'Signed out' });
  }
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new ApiError(res.status, data ?? {});
  return data as T;
}

/** An attribute of the identity schema, as the pickers show it. */
export interface SchemaAttribute {
  key: string;
  type: string;
  label: Record<string, string>;
  required: boolean;
  standard: boolean;
}

export const api = {
  attributes: () => call<SchemaAttribute[]>('GET', '/attributes'),
  consentPurposes: () => call<Array<{ id: string; name: Record<string, string> }>>('GET', '/consent-purposes'),
  socialConnections: () => call<Array<{ name: string; label?: string }>>('GET', '/social-connections'),
  me: () => call<Me>('GET', '/me'),
  /** The step types, their texts in the console's language. */
  nodeTypes: (lang: string) => call<NodeTypeInfo[]>('GET', `/node-types?lang=${encodeURIComponent(lang)}`),
  /** The server's check of a step's settings (nothing saved): each problem at its field, `said` as the form shows it. */
  checkSettings: (type: string, settings: Record<string, unknown>, lang = 'en') =>
    call<{ invalid: Array<InvalidInput & { said: string }> }>('POST', `/node-types/${encodeURIComponent(type)}/check?lang=${encodeURIComponent(lang)}`, { settings }),
  flows: () => call<FlowSummary[]>('GET', '/flows'),
  createFlow: (body: { name: string; id?: string; template?: string }, lang = 'en') => call<{ id: string; graph: FlowGraph } & Analysis>('POST', `/flows?lang=${encodeURIComponent(lang)}`, body),
  flowTemplates: (lang = 'en') => call<FlowTemplate[]>('GET', `/flow-templates?lang=${encodeURIComponent(lang)}`),
  describeFlow: (id: string, body: { name?: string; description?: string }) => call<unknown>('PATCH', `/flows/${id}`, body),
  duplicateFlow: (id: string, name: string, lang = 'en') => call<{ id: string }>('POST', `/flows/${id}/duplicate?lang=${encodeURIComponent(lang)}`, { name }),
  deleteFlow: (id: string, lang = 'en') => call<null>('DELETE', `/flows/${id}?lang=${encodeURIComponent(lang)}`),
  /** What publishing would change, each line said in `lang` (English by default). */
  changes: (id: string, lang = 'en') => call<{ liveVersion: number | null; changed: boolean; lines: string[] }>('GET', `/flows/${id}/changes?lang=${encodeURIComponent(lang)}`),
  /** A journey with its problems, said in `lang` (English by default). */
  flow: (id: string, lang = 'en') => call<{ graph: FlowGraph; revision: number; activeVersion: number | null; versions: VersionInfo[] } & Analysis>('GET', `/flows/${id}?lang=${encodeURIComponent(lang)}`),
  /** Saves the draft made from `revision` (the one this tab holds): 409 `draft_changed` when it was saved elsewhere since. */
  save: (graph: FlowGraph, revision: number, lang = 'en') => call<Analysis & { revision: number }>('PUT', `/flows/${graph.id}?lang=${encodeURIComponent(lang)}`, { graph, revision }),
  check: (graph: FlowGraph) => call<Analysis>('POST', `/flows/${graph.id}/check`, { graph }),
  /** Publishes the draft at `revision` (the one reviewed); the answer's revision is the draft's after it learnt its version (null: saved elsewhere meanwhile). */
  publish: (id: string, revision: number, lang = 'en') => call<{ version: number; testResults?: TestCaseResult[]; revision: number | null }>('POST', `/flows/${id}/publish?lang=${encodeURIComponent(lang)}`, { revision }),
  versions: (id: string) => call<{ activeVersion: number | null; versions: VersionInfo[] }>('GET', `/flows/${id}/versions`),
  version: (id: string, v: number, lang = 'en') => call<{ graph: FlowGraph }>('GET', `/flows/${id}/versions/${v}?lang=${encodeURIComponent(lang)}`),
  rollback: (id: string, version: number, reset: { revision: number } | null = null, lang = 'en') =>
    call<{ activeVersion: number; revision?: number }>('POST', `/flows/${id}/rollback?lang=${encodeURIComponent(lang)}`, { version, ...(reset ? { resetDraft: true, revision: reset.revision } : {}) }),
  /** A step's page in `lang` (the page's language); a refusal in `consoleLang`. */
  preview: (graph: FlowGraph, nodeId: string, lang: string, consoleLang = 'en') =>
    call<{ html: string }>('POST', `/flows/${graph.id}/preview?lang=${encodeURIComponent(consoleLang)}`, { graph, nodeId, lang }),
  /** Runs the saved test cases of `graph`; why one failed is said in `lang`. */
  runTests: (graph: FlowGraph, caseId?: string, lang = 'en') =>
    call<{ results: TestCaseResult[] }>('POST', `/flows/${graph.id}/tests/run?lang=${encodeURIComponent(lang)}`, { graph, ...(caseId ? { caseId } : {}) }),
  tryIt: (id: string, lang = 'en') => call<{ url: string; runId: string }>('POST', `/flows/${id}/try?lang=${encodeURIComponent(lang)}`),
  /** Saves a "Try it" run as a test case of the draft (stored by the server; passwords come back sealed). */
  recordTestCase: (id: string, runId: string, revision: number, lang = 'en') =>
    call<{ testCase: JourneyTestCase; revision: number }>('POST', `/flows/${id}/try/${runId}/test-case?lang=${encodeURIComponent(lang)}`, { revision }),
  /** Seals a secret a test case types (a password): the case keeps only the sealed form. */
  sealTestValue: (id: string, value: string) => call<{ sealed: string }>('POST', `/flows/${id}/tests/seal`, { value }),
};
