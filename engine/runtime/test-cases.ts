import type { Store } from '../store/port.js';
import type { FlowGraph } from '../flow/types.js';
import { CODE_PLACEHOLDER, isSealed, type JourneyTestCase, type TestCaseResult, type TestPathStep, type TestValue } from '../flow/test-cases.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { FieldType, FormInput, NodeServices, Page } from '../nodes/types.js';
import type { Mailer, SmsSender } from '../notifications/senders.js';
import type { SocialDirectory } from '../methods/social/connection.js';
import type { HttpCall, HttpCallResult } from '../orchestration/http-call.js';
import type { CaptchaChecker } from '../protection/captcha.js';
import type { HttpSecretReader } from '../orchestration/http-secrets.js';
import { FlowRuntime, type LoadedRun } from './runtime.js';
import { withSubflows } from './subflows.js';
import { DEFAULT_LANGUAGE, type Language } from '../languages.js';
import { testCaseWords } from '../flow/test-case-words.js';

/**
 * Runs a journey's saved test cases with the engine itself, in a sandbox: every case gets a store of
 * its own that nobody else sees (the organisation's configuration copied in, the persona created), and
 * the outside world is replaced: mails and text messages are kept for the case (so `{code}` can answer
 * a code step), identity providers and HTTP calls are not reached. Nothing a case does is visible
 * outside it: no account, no mail, no webhook, no audit event, no counted funnel.
 */

/** What a sandbox puts in place of the connectors. */
export interface SandboxOutside {
  mailer: Mailer;
  sms: SmsSender;
  social: SocialDirectory;
  http: (call: HttpCall) => Promise<HttpCallResult>;
  /** No secret is opened for a call that is never made. */
  httpSecrets: HttpSecretReader;
  /**
   * No CAPTCHA provider is asked: the sandbox stands in for it as the providers' test keys do, passing
   * any answer the case gives and refusing an empty one.
   */
  captcha: CaptchaChecker;
}

export interface TestCaseRunnerDeps {
  /** The real store: the organisation's configuration is read from it, never written. */
  store: Store;
  registry: NodeRegistry;
  translate: (lang: string, key: string, vars?: Record<string, string | number>) => string;
  /** Opens an empty store of its own (in memory) for one case. */
  openSandboxStore: () => Store;
  /** The step services over a sandbox store, with the sandbox's outside world. */
  servicesFor: (store: Store, outside: SandboxOutside) => NodeServices;
  /** Opens a case's sealed secret (a password), only inside the sandbox; throws when it cannot. */
  openSecret: (sealed: string) => string;
}

/** Fields whose answers are secrets: what the person types in them is sealed in a saved case. */
const SECRET_FIELD_TYPES: ReadonlySet<FieldType> = new Set(['password', 'code']);
/** Bound on the pages one case may go through (a loop the answers never leave). */
const MAX_PAGES = 200;
const BROWSER = 'test-case';
export const TEST_CASE_ORIGIN = 'test-case';

/** What the sandbox's connectors were asked to send, for the case's `{code}` answers. */
interface Sent {
  codes: string[];
}

function sandboxOutside(sent: Sent): SandboxOutside {
  const nothing = async () => {};
  return {
    mailer: {
      sendCode: async (m) => void sent.codes.push(m.code),
      sendLink: nothing,
      sendEmailChanged: nothing,
      sendAccountAttacked: nothing,
      sendIdentitiesRemoved: nothing,
      sendNewDevice: nothing,
      sendPasswordLink: nothing,
    },
    sms: { sendCode: async (m) => void sent.codes.push(m.code) },
    social: { get: async () => undefined, names: async () => [] },
    http: async () => ({ kind: 'error', status: null, message: 'A test case does not call other systems.' }),
    httpSecrets: { reveal: async () => null },
    captcha: {
      widget: async () => null,
      verify: async (_provider, token) => (token ? { result: 'passed' } : { result: 'failed', codes: ['missing-input-response'] }),
    },
  };
}

export class TestCaseRunner {
  constructor(private readonly deps: TestCaseRunnerDeps) {}

  /**
   * Runs every case of the graph, one after the other (each in its own sandbox); why one failed is
   * said in `lang`, the language its pages are shown in too.
   */
  async runAll(graph: FlowGraph, lang: Language = DEFAULT_LANGUAGE): Promise<TestCaseResult[]> {
    const results: TestCaseResult[] = [];
    for (const testCase of graph.tests ?? []) results.push(await this.run(graph, testCase, lang));
    return results;
  }

  /**
   * The page the first of `nodeIds` that shows one draws, for the designer's and the branding's
   * previews: drawn in a sandbox like a case, so a step that sends something when it is shown (an email
   * code) sends it nowhere and keeps nothing (no code in the store, no mail to the sample person).
   */
  async previewPage(graph: FlowGraph, nodeIds: string[], lang: string): Promise<Page | null> {
    return this.inPreviewSandbox(graph.id, async (runtime) => {
      for (const nodeId of nodeIds) {
        const page = await runtime.previewPage(graph, nodeId, lang);
        if (page) return page;
      }
      return null;
    });
  }

  /**
   * The fields each of `steps` shows as a password or a one-time code, read from the step's own page
   * (a step of a journey it leads into, `subflow/step`, from that journey's live version): what a
   * saved test case keeps sealed. Null for a step whose page cannot be drawn here.
   */
  async secretFields(graph: FlowGraph, steps: string[]): Promise<Map<string, ReadonlySet<string> | null>> {
    return this.inPreviewSandbox(graph.id, async (runtime, sandbox) => {
      const expanded = await withSubflows(sandbox, this.deps.registry, graph).then((e) => e.graph, () => graph);
      const secret = new Map<string, ReadonlySet<string> | null>();
      for (const step of new Set(steps)) {
        const page = await runtime.previewPage(expanded, step, DEFAULT_LANGUAGE).catch(() => null);
        secret.set(step, page && new Set(page.fields.filter((f) => SECRET_FIELD_TYPES.has(f.type)).map((f) => f.name)));
      }
      return secret;
    });
  }

  /** A runtime over a sandbox holding the organisation's configuration, for drawing pages nobody answers. */
  private async inPreviewSandbox<T>(journeyId: string, draw: (runtime: FlowRuntime, sandbox: Store) => Promise<T>): Promise<T> {
    const sandbox = this.deps.openSandboxStore();
    try {
      await copyConfiguration(this.deps.store, sandbox, journeyId);
      const services = this.deps.servicesFor(sandbox, sandboxOutside({ codes: [] }));
      return await draw(new FlowRuntime({ store: sandbox, registry: this.deps.registry, services, runTtlMs: 60_000, translate: this.deps.translate }), sandbox);
    } finally {
      await sandbox.close();
    }
  }

  async run(graph: FlowGraph, testCase: JourneyTestCase, lang: Language = DEFAULT_LANGUAGE): Promise<TestCaseResult> {
    const sandbox = this.deps.openSandboxStore();
    const sent: Sent = { codes: [] };
    const path: TestPathStep[] = [];
    const w = testCaseWords(lang);
    // Steps and outcomes named as the canvas names them in `lang`.
    const catalogue = this.deps.registry.inLanguage(lang);
    // The graph the run walks: journeys it leads into are expanded there (their steps named "Journey: Step").
    let walked: FlowGraph = graph;
    const labelOf = (id: string) => {
      const node = walked.nodes.find((n) => n.id === id);
      return `"${node?.label ?? (node && catalogue.step(node.type)?.title) ?? id}"`;
    };
    const outcomeLabel = (from: string, outcome: string) => {
      const node = walked.nodes.find((n) => n.id === from);
      const kind = node && catalogue.step(node.type);
      return `"${(node && kind?.outcomes(node.settings).find((o) => o.name === outcome)?.label) ?? outcome}"`;
    };
    const ends = (end: 'success' | 'failure' | null) => (end ? w.ends[end] : String(end));
    const result = (stoppedAt: string | null, ended: 'success' | 'failure' | null, failure: string | null): TestCaseResult => {
      const expected = testCase.expect;
      let reason = failure;
      if (!reason && expected.end === 'waits') reason = w.endedButWaits(ends(ended), labelOf(stoppedAt!), labelOf(expected.step ?? graph.start));
      if (!reason && ended !== expected.end) reason = w.endedOtherwise(ends(ended), labelOf(stoppedAt!), ends(expected.end as 'success' | 'failure'));
      if (!reason && expected.step && stoppedAt !== expected.step) reason = w.endedElsewhere(labelOf(stoppedAt!), labelOf(expected.step));
      return { caseId: testCase.id, name: testCase.name, passed: reason === null, path, stoppedAt, ended, reason };
    };
    let at: string | null = graph.start;
    const reveal = (value: TestValue) => (isSealed(value) ? this.deps.openSecret(value.sealed) : value);
    try {
      await copyConfiguration(this.deps.store, sandbox, graph.id);
      const services = this.deps.servicesFor(sandbox, sandboxOutside(sent));
      await createPersona(sandbox, services, testCase, reveal);
      const runtime = new FlowRuntime({
        store: sandbox,
        registry: this.deps.registry,
        services,
        runTtlMs: 60 * 60_000,
        translate: this.deps.translate,
        observer: { started: () => {}, finished: () => {}, moved: (_run, move) => void path.push(move) },
      });
      let current: LoadedRun = await runtime.start({ flowId: graph.id, browserHash: BROWSER, origin: { kind: TEST_CASE_ORIGIN }, draft: { ...graph, version: 0 }, lang });
      walked = current.graph;
      const used = new Set<number>();
      let refusal: string | null = null;
      for (let pages = 0; ; pages++) {
        at = current.node.id;
        if (current.type.terminal) return result(at, current.type.terminal, null);
        if (pages >= MAX_PAGES) return result(at, null, w.goesRound(MAX_PAGES, labelOf(at)));
        const rendered = await runtime.render(current, lang);
        current = rendered.loaded;
        at = current.node.id;
        if (rendered.kind === 'ended') return result(at, rendered.outcome, null);
        if (!current.type.submit) return result(at, null, w.waitsForOutside(labelOf(at)));
        const index = testCase.answers.findIndex((a, i) => !used.has(i) && a.step === at);
        if (index < 0 && testCase.expect.end === 'waits') {
          // A case recorded half-way: it passes when the run waits where the recording stopped.
          const step = testCase.expect.step;
          const wrong = step && step !== at ? w.waitsElsewhere(labelOf(at), labelOf(step)) : null;
          return { caseId: testCase.id, name: testCase.name, passed: !wrong, path, stoppedAt: at, ended: null, reason: wrong };
        }
        if (index < 0) {
          const said = refusal ?? pageProblem(rendered.page);
          const answeredBefore = testCase.answers.some((a, i) => used.has(i) && a.step === at);
          return result(at, null, w.noAnswer(labelOf(at), answeredBefore, said));
        }
        used.add(index);
        const answer = testCase.answers[index]!;
        const submitted = await runtime.submit(current.run.id, BROWSER, fill(answer.values, answer.action, sent, reveal), lang);
        current = submitted.loaded;
        refusal = null;
        if (submitted.kind === 'invalid') refusal = pageProblem(submitted.page);
        else if (submitted.kind === 'redirect') return result(current.node.id, null, w.leavesForAnotherSite(labelOf(current.node.id)));
      }
    } catch (err) {
      const last = path[path.length - 1];
      const message = err instanceof Error ? err.message : String(err);
      const unconnected = /ended with outcome "([^"]+)", which is not connected/.exec(message);
      if (unconnected && at) return result(at, null, w.leadsNowhere(labelOf(at), outcomeLabel(at, unconnected[1]!)));
      return result(at ?? last?.to ?? null, null, w.stoppedWithError(labelOf(at ?? last?.to ?? graph.start), message));
    } finally {
      await sandbox.close();
    }
  }
}

/** The form a case submits: its values (secrets opened), `{code}` replaced by the last code sent, and its button. */
function fill(values: Record<string, TestValue>, action: string | undefined, sent: Sent, reveal: (value: TestValue) => string): FormInput {
  const code = sent.codes[sent.codes.length - 1] ?? '';
  const input: FormInput = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, reveal(v).replaceAll(CODE_PLACEHOLDER, code)]));
  if (action) input.action = action;
  return input;
}

/** What a page said was wrong (its form error and field errors), quoted. */
function pageProblem(page: Page): string | null {
  const problems = [page.error, ...page.fields.map((f) => f.error)].filter((p): p is string => Boolean(p));
  return problems.length ? problems.map((p) => `"${p}"`).join(', ') : null;
}

/**
 * The organisation's configuration a journey reads: settings (attributes, policies, connections),
 * consent purposes, organisations, and the live versions of the other journeys (a subflow runs one).
 */
async function copyConfiguration(from: Store, to: Store, journeyId: string): Promise<void> {
  const [settings, purposes, organisations, flows] = await Promise.all([from.settings.list(''), from.consents.listPurposes(), from.organisations.list(), from.flows.list()]);
  for (const s of settings) await to.settings.put(s.key, s.value, 0, s.updatedBy);
  for (const p of purposes) await to.consents.insertPurpose(p);
  for (const o of organisations) await to.organisations.create(o);
  for (const f of flows) {
    if (f.id === journeyId || f.activeVersion === null) continue;
    const live = await from.flows.getActive(f.id);
    if (!live) continue;
    await to.flows.saveDraft({ id: f.id, name: f.name, graph: live.graph, updatedBy: null }, 0, live.publishedAt);
    await to.flows.publish(live);
  }
}

async function createPersona(store: Store, services: NodeServices, testCase: JourneyTestCase, reveal: (value: TestValue) => string): Promise<void> {
  const p = testCase.persona;
  if (!p.exists) return;
  const password = p.password === undefined ? '' : reveal(p.password);
  const credential = password ? { type: 'password', data: { hash: await services.passwords.hash(password) } } : undefined;
  await store.users.create({ email: p.email, emailVerified: p.emailVerified ?? true, attributes: p.attributes ?? {} }, credential);
}
