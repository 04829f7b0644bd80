import type { Run, Store, User } from '../store/port.js';
import type { FlowGraph, FlowNode, FlowPurpose } from '../flow/types.js';
import { compileFlow, firstSnapshot, initialRunState, nextSnapshot, STAY_EVENT, type FlowMachine, type OutcomeEvent } from '../flow/compile.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { AnyNodeType, CallbackRequest, ClientMeta, FormInput, LocalisedText, NodeContext, NodeServices, Notice, Page, RunState, StepResult } from '../nodes/types.js';
import { boundAuditLog } from '../nodes/services.js';
import { RunError } from './errors.js';
import { safeEqual, randomBytesPooled } from './crypto.js';
import { DEFAULT_LANGUAGE } from '../languages.js';
import { unmetRequirement } from './requirements.js';
import { addProofs, nowSeconds } from '../identity/assurance.js';
import type { RunEvent } from '../store/port.js';
import { deviceClassOf } from './device-class.js';
import type { RunAudience, RunEventLog } from './run-events.js';
import { withSubflows, type PinnedSubflows } from './subflows.js';
import { subflowsAround, type ExpandedGraph } from '../flow/subflow.js';

export interface RuntimeOptions {
  store: Store;
  registry: NodeRegistry;
  /** The typed services every step receives. */
  services: NodeServices;
  /** A run that sees no step for this long expires. */
  runTtlMs: number;
  translate: (lang: string, key: string, vars?: Record<string, string | number>) => string;
  /** Told when a run starts and when it reaches an end (metrics). */
  observer?: RunObserver;
  /** Called before a new run starts; throws to refuse it (the server is overloaded). */
  admit?: () => void;
  /** Where the path of every run of a published journey is recorded (the funnel); absent = not recorded. */
  events?: RunEventLog;
  /** Keeps the answers of the runs it records ("Try it"); absent = no run is recorded. */
  recorder?: AnswerRecorder;
}

/** Keeps what a person answered at each step of some runs (a "Try it" run, to be saved as a test case). */
export interface AnswerRecorder {
  records(run: Run): boolean;
  /** An answer was handled: the run before it, the page the person answered, what they sent, the run after it. */
  record(answer: { before: LoadedRun; page: Page; input: FormInput; after: LoadedRun }): Promise<void>;
}

export interface RunObserver {
  started(flowId: string): void;
  finished(flowId: string, end: 'success' | 'failure'): void;
  /** A run took an outcome from one step to the next (a test case's path). */
  moved?(runId: string, move: { from: string; outcome: string; to: string }): void;
}

/** Where a run was started from; decides what happens when it ends (see hosted/completions). */
export interface RunOrigin {
  kind: string;
  [key: string]: unknown;
}

export interface StartOptions {
  flowId: string;
  browserHash: string;
  origin: RunOrigin;
  /** What the requester asked for (app, acr values...), readable by condition nodes. */
  request?: Record<string, unknown>;
  /** Run an unpublished graph ("Try it"); otherwise the flow's active version. */
  draft?: FlowGraph;
  /** Pre-filled run state, e.g. the signed-in user for account flows. */
  initial?: Partial<RunState>;
  client?: ClientMeta;
  /** Purposes the caller may start (a journey of another purpose is refused); absent: any. */
  purposes?: readonly FlowPurpose[];
  /** The language of the page that starts the run; its events count under it. */
  lang?: string;
}

/** A run loaded for one request, with its compiled machine and current node. */
export interface LoadedRun {
  run: Run;
  graph: FlowGraph;
  state: RunState;
  node: FlowNode;
  type: AnyNodeType;
  user: User | null;
}

export type RenderResult =
  | { kind: 'page'; page: Page; loaded: LoadedRun }
  | { kind: 'ended'; outcome: 'success' | 'failure'; page: Page | null; loaded: LoadedRun };

export type SubmitResult =
  | { kind: 'invalid'; page: Page; loaded: LoadedRun }
  | { kind: 'redirect'; url: string; loaded: LoadedRun }
  | { kind: 'moved'; loaded: LoadedRun }
  /** The form was for another step than the run's current one (a reload or the back button): nothing was submitted. */
  | { kind: 'stale'; loaded: LoadedRun }
  | { kind: 'ended'; outcome: 'success' | 'failure'; loaded: LoadedRun };

const NO_CLIENT: ClientMeta = { ip: null, userAgent: null };

/** Bound on consecutive automatic steps, so a loop of non-interactive nodes cannot spin forever. */
const MAX_AUTO_STEPS = 50;

/**
 * Starts, renders and advances flow runs. Every transition is persisted (snapshot + revision) before
 * the response, so a run survives restarts and can continue on any instance.
 */
export class FlowRuntime {
  private readonly machines = new Map<string, FlowMachine>();

  constructor(private readonly opts: RuntimeOptions) {}

  async start(o: StartOptions): Promise<LoadedRun> {
    this.opts.admit?.();
    const drawn = o.draft ?? (await this.activeGraph(o.flowId));
    if (o.purposes && !o.purposes.includes(purposeOf(drawn))) {
      throw new RunError('not-allowed', `The journey "${drawn.id}" cannot be started from here.`);
    }
    // Subflow steps run the child journeys' active versions; the run keeps those versions to its end.
    const { graph, versions: subflows } = await this.expand(drawn);
    const machine = this.machine(graph, Boolean(o.draft), subflows);
    const initial = firstSnapshot(machine, { ...initialRunState(o.request), ...o.initial });
    const now = this.now();
    const lang = o.lang ?? DEFAULT_LANGUAGE;
    const audience: RunAudience = { app: typeof o.origin.clientId === 'string' ? o.origin.clientId : null, lang, device: deviceClassOf(o.client?.userAgent ?? null) };
    const run: Run = {
      id: randomBytesPooled(18).toString('base64url'),
      flowId: graph.id,
      flowVersion: o.draft ? 0 : graph.version,
      graph: o.draft ? graph : null,
      snapshot: machine.getPersistedSnapshot(initial),
      revision: 0,
      browserHash: o.browserHash,
      origin: o.draft ? o.origin : { ...o.origin, audience, ...(Object.keys(subflows).length ? { subflows } : {}) },
      status: 'active',
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + this.opts.runTtlMs),
    };
    // Checked before the run is stored: a journey whose first step needs what this start lacks is refused.
    const loaded = await this.hydrate(run, graph);
    await this.opts.store.runs.create(run);
    this.opts.observer?.started(graph.id);
    this.recordPath(run, now, [...subflowsAround(loaded.node.id).map(enteredStep), enteredStep(loaded.node.id), ...this.ending(loaded.node.id, loaded.type.terminal)]);
    return this.autoAdvance(loaded, lang, o.client ?? NO_CLIENT);
  }

  /** Loads a run for the browser that started it; refuses other browsers and expired runs. */
  async load(runId: string, browserHash: string): Promise<LoadedRun> {
    const run = await this.opts.store.runs.get(runId);
    if (!run) throw new RunError('not-found', 'This sign-in page does not exist.');
    if (!safeEqual(run.browserHash, browserHash)) {
      throw new RunError('wrong-browser', 'This sign-in page belongs to another browser.');
    }
    if (run.expiresAt.getTime() <= this.now().getTime()) throw new RunError('expired', 'This sign-in page has expired.');
    const graph = run.graph ?? (await this.expand(await this.versionGraph(run.flowId, run.flowVersion), pinnedOf(run))).graph;
    return this.hydrate(run, graph);
  }

  async render(shown: LoadedRun, lang: string, client: ClientMeta = NO_CLIENT): Promise<RenderResult> {
    // A step that decides by itself (a second factor when none is left, a profile already complete)
    // decides again when its page is shown: the account may have changed in another tab meanwhile.
    const loaded = shown.run.status === 'active' && !shown.type.terminal && shown.type.auto ? await this.autoAdvance(shown, lang, client) : shown;
    const ctx = this.context(loaded, lang, client);
    if (loaded.type.terminal) {
      const page = loaded.type.render ? await loaded.type.render(ctx) : null;
      return { kind: 'ended', outcome: loaded.type.terminal, page, loaded };
    }
    return { kind: 'page', page: await this.page(loaded, ctx), loaded };
  }

  /** Renders the current node's page with the errors of a rejected submit and the typed values. */
  async renderInvalid(
    loaded: LoadedRun,
    lang: string,
    input: FormInput,
    invalid: { fields?: Record<string, string>; form?: string },
    client: ClientMeta = NO_CLIENT,
  ): Promise<Page> {
    // The same client as the request: a page may depend on it (the bot challenge of a busy address).
    const page = await this.page(loaded, this.context(loaded, lang, client));
    return {
      ...page,
      error: invalid.form ?? page.error,
      fields: page.fields.map((f) => ({
        ...f,
        // Passwords are never echoed back into the page; hidden fields keep what the step put there.
        value: f.type === 'password' ? '' : f.type === 'hidden' ? f.value : (input[f.name] ?? f.value),
        error: invalid.fields?.[f.name] ?? f.error,
      })),
    };
  }

  /** `step`: the step whose form the input comes from, when the page said so; another step's form is not submitted. */
  async submit(runId: string, browserHash: string, input: FormInput, lang: string, client: ClientMeta = NO_CLIENT, step?: string): Promise<SubmitResult> {
    const loaded = await this.load(runId, browserHash);
    if (loaded.run.status !== 'active' || loaded.type.terminal) throw new RunError('finished', 'This journey has already ended.');
    if (step !== undefined && step !== loaded.node.id) return { kind: 'stale', loaded };
    if (!loaded.type.submit) throw new RunError('conflict', 'This step does not take input.');
    const ctx = this.context(loaded, lang, client);
    const recorder = this.opts.recorder?.records(loaded.run) ? this.opts.recorder : null;
    // The page the person answered, as they saw it (which fields are passwords or codes).
    const page = recorder ? await this.page(loaded, ctx) : null;
    const result = await loaded.type.submit(ctx, input);
    const advanced = await this.advance(loaded, result, lang, input, client);
    if (recorder && page) await recorder.record({ before: loaded, page, input, after: advanced.loaded });
    return advanced;
  }

  /** Applies what a step decided: re-render with errors, stay (maybe redirecting), or take an outcome. */
  private async advance(loaded: LoadedRun, result: StepResult, lang: string, input: FormInput, client: ClientMeta): Promise<SubmitResult> {
    if ('invalid' in result) {
      return { kind: 'invalid', page: await this.renderInvalid(loaded, lang, input, result.invalid, client), loaded };
    }
    if ('update' in result) {
      const stayed = await this.step(loaded, { outcome: STAY_EVENT, patch: result.update, notice: result.notice });
      return result.redirect ? { kind: 'redirect', url: result.redirect, loaded: stayed } : { kind: 'moved', loaded: stayed };
    }
    const moved = await this.autoAdvance(await this.step(loaded, result), lang, client);
    if (moved.type.terminal) return { kind: 'ended', outcome: moved.type.terminal, loaded: moved };
    return { kind: 'moved', loaded: moved };
  }

  /**
   * The page a node of a (draft) graph shows, for the designer's preview: rendered by the node itself
   * for a sample visitor, exactly as the hosted page would, without starting a run.
   */
  async previewPage(graph: FlowGraph, nodeId: string, lang: string): Promise<Page | null> {
    const node = graph.nodes.find((n) => n.id === nodeId);
    const type = node && this.opts.registry.get(node.type);
    if (!node || !type?.render) return null;
    const now = this.now();
    const sample: User = {
      id: 'preview',
      email: 'person@example.com',
      emailVerified: true,
      attributes: {},
      roles: [],
      failedLogins: 0,
      lockedUntil: null,
      language: null,
      createdAt: now,
      updatedAt: now,
    };
    const state = { ...initialRunState(), email: sample.email, userId: sample.id };
    const run: Run = { id: 'preview', flowId: graph.id, flowVersion: 0, graph, snapshot: null, revision: 0, browserHash: '', origin: { kind: 'preview' }, status: 'active', createdAt: now, updatedAt: now, expiresAt: now };
    return type.render(this.context({ run, graph, state, node, type, user: sample }, lang, NO_CLIENT));
  }

  /**
   * The outside world answered the current step (a mailed link opened, an identity provider's
   * redirect): the step's `callback` decides. Same browser binding as every other request of the run.
   */
  async callback(runId: string, browserHash: string, request: CallbackRequest, lang: string, client: ClientMeta = NO_CLIENT): Promise<SubmitResult> {
    const loaded = await this.load(runId, browserHash);
    if (loaded.run.status !== 'active' || loaded.type.terminal) throw new RunError('finished', 'This journey has already ended.');
    if (!loaded.type.callback) throw new RunError('conflict', 'This step does not expect an answer from elsewhere.');
    const result = await loaded.type.callback(this.context(loaded, lang, client), request);
    return this.advance(loaded, result, lang, {}, client);
  }

  /** Deletes runs past their expiry; returns how many. */
  sweepExpired(): Promise<number> {
    return this.opts.store.runs.deleteExpired(this.now());
  }

  private async page(loaded: LoadedRun, ctx: NodeContext<unknown>): Promise<Page> {
    if (!loaded.type.render) throw new Error(`Node type ${loaded.type.type} has no page`);
    const page = await loaded.type.render(ctx);
    const notice = loaded.state.notice;
    if (!notice) return page;
    const text = ctx.t(notice.key, notice.vars);
    return notice.kind === 'error' ? { ...page, error: page.error ?? text } : { ...page, info: page.info ?? text };
  }

  /** Takes one outcome: XState transition, then a conditional write (no lost step when requests race). */
  private async step(loaded: LoadedRun, result: { outcome: string; patch?: Partial<RunState>; notice?: Notice | null }): Promise<LoadedRun> {
    const machine = this.machine(loaded.graph, loaded.run.flowVersion === 0, pinnedOf(loaded.run));
    // The input only seeds a fresh run; a restored snapshot carries its own context. The transition is
    // computed without an actor (the machine's only actions are assignments): same snapshot, less work.
    const current = loaded.run.snapshot
      ? machine.resolveState(loaded.run.snapshot as Parameters<FlowMachine['resolveState']>[0])
      : firstSnapshot(machine, loaded.state);
    const event: OutcomeEvent = { type: result.outcome, patch: withProofTimes(loaded.state, result.patch, this.now()), notice: result.notice ?? null };
    if (!current.can(event)) throw new Error(`Step ${loaded.node.id} ended with outcome "${result.outcome}", which is not connected`);
    const snapshot = machine.getPersistedSnapshot(nextSnapshot(machine, current, event));
    const now = this.now();
    const nextNode = loaded.graph.nodes.find((n) => n.id === currentNodeId(snapshot))!;
    const terminal = this.opts.registry.get(nextNode.type)?.terminal;
    const status = terminal === 'success' ? 'completed' : terminal === 'failure' ? 'failed' : 'active';
    const run: Run = {
      ...loaded.run,
      snapshot,
      status,
      revision: loaded.run.revision + 1,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + this.opts.runTtlMs),
    };
    // The next step's requirements are checked before the move is stored: the run stays where it was.
    const moved = await this.hydrate(run, loaded.graph);
    const written = await this.opts.store.runs.update(loaded.run.id, loaded.run.revision, {
      snapshot,
      status,
      updatedAt: now,
      expiresAt: run.expiresAt,
    });
    if (!written) throw new RunError('conflict', 'This page was submitted twice; the journey continues from the latest step.');
    if (terminal) this.opts.observer?.finished(loaded.graph.id, terminal);
    if (terminal && run.flowVersion !== 0) await this.tellRunEnded(loaded.graph, moved.state, terminal, now.getTime() - run.createdAt.getTime());
    if (result.outcome !== STAY_EVENT) {
      this.opts.observer?.moved?.(run.id, { from: loaded.node.id, outcome: result.outcome, to: nextNode.id });
      // Subflow steps count in the funnel like steps: entered with the child's first step, left by how the child ended.
      const exits = (loaded.graph as ExpandedGraph).subflowExits?.[`${loaded.node.id}|${result.outcome}`] ?? [];
      const inside = new Set(subflowsAround(loaded.node.id));
      const entering = subflowsAround(nextNode.id).filter((id) => !inside.has(id) || exits.some((x) => x.step === id));
      this.recordPath(run, now, [
        { step: loaded.node.id, kind: 'left', outcome: result.outcome, ms: Math.max(0, now.getTime() - loaded.run.updatedAt.getTime()) },
        ...exits.map((x) => ({ step: x.step, kind: 'left' as const, outcome: x.outcome, ms: null })),
        ...entering.map(enteredStep),
        enteredStep(nextNode.id),
        ...this.ending(nextNode.id, terminal),
      ]);
    }
    return moved;
  }

  /** Runs non-interactive nodes (conditions, steps with nothing to ask) until a page or an end. */
  private async autoAdvance(loaded: LoadedRun, lang: string, client: ClientMeta): Promise<LoadedRun> {
    let current = loaded;
    for (let i = 0; i < MAX_AUTO_STEPS; i++) {
      if (current.type.terminal || !current.type.auto) return current;
      const result = await current.type.auto(this.context(current, lang, client));
      if (!result) return current;
      if ('invalid' in result) return current;
      if ('update' in result) return this.step(current, { outcome: STAY_EVENT, patch: result.update, notice: result.notice });
      current = await this.step(current, result);
    }
    throw new Error(`Flow ${loaded.graph.id} took more than ${MAX_AUTO_STEPS} automatic steps without a page`);
  }

  /** Steps that count results (the A/B split) are told how a published run that went through them ended. */
  private async tellRunEnded(graph: FlowGraph, state: RunState, end: 'success' | 'failure', ms: number): Promise<void> {
    for (const node of graph.nodes) {
      const type = this.opts.registry.get(node.type);
      if (!type?.runEnded || !state.data[node.id]) continue;
      try {
        await type.runEnded(this.opts.services, { flowId: graph.id, nodeId: node.id, settings: node.settings, state, end, ms });
      } catch (err) {
        // Results are observations: a failed count never fails the person's journey.
        this.opts.services.logger.error('step result not counted', { flowId: graph.id, step: node.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  /** Records a published run's path (never a "Try it" run of a draft). */
  private recordPath(run: Run, at: Date, path: Array<Pick<RunEvent, 'step' | 'kind' | 'outcome' | 'ms'>>): void {
    if (!this.opts.events || run.flowVersion === 0) return;
    const { app, lang, device } = audienceOf(run);
    this.opts.events.record(path.map((p) => ({ runId: run.id, at, flowId: run.flowId, version: run.flowVersion, app, lang, device, ...p })));
  }

  private ending(step: string, terminal: 'success' | 'failure' | undefined): Array<Pick<RunEvent, 'step' | 'kind' | 'outcome' | 'ms'>> {
    return terminal ? [{ step, kind: 'ended', outcome: terminal, ms: null }] : [];
  }

  private async hydrate(run: Run, graph: FlowGraph): Promise<LoadedRun> {
    const { at: nodeId, state } = runPosition(run);
    const node = graph.nodes.find((n) => n.id === nodeId);
    if (!node) throw new RunError('flow-unavailable', 'This journey refers to a step that no longer exists.');
    const type = this.opts.registry.get(node.type);
    if (!type) throw new RunError('flow-unavailable', `This journey uses an unknown step type "${node.type}".`);
    const user = state.userId ? await this.opts.store.users.findById(state.userId) : null;
    const unmet = unmetRequirement(this.opts.registry.requires(type, node.settings), state, user);
    if (unmet) throw new RunError('requirement-unmet', `Step ${node.id} of journey ${graph.id} needs ${unmet}, which this run does not have.`);
    return { run, graph, state, node, type, user };
  }

  context(loaded: LoadedRun, lang: string, client: ClientMeta): NodeContext<Record<string, unknown>> {
    const t = (key: string, vars?: Record<string, string | number>) => this.opts.translate(lang, key, vars);
    return {
      nodeId: loaded.node.id,
      settings: loaded.node.settings,
      state: loaded.state,
      services: this.opts.services,
      audit: boundAuditLog(this.opts.services.store.audit, this.opts.services.clock, client.ip, loaded.user),
      lang,
      t,
      text: (value: LocalisedText | undefined, fallback = '') => localise(value, lang) ?? fallback,
      user: loaded.user,
      runId: loaded.run.id,
      flowId: loaded.graph.id,
      flowVersion: loaded.run.flowVersion,
      // The run is bound to its browser: that binding is also the browser a risk check looks at.
      client: { ...client, browser: client.browser ?? (loaded.run.browserHash || null) },
    };
  }

  private machine(graph: FlowGraph, isDraft: boolean, subflows: PinnedSubflows = {}): FlowMachine {
    if (isDraft) return compileFlow(graph, this.opts.registry);
    // The same version runs other child versions once a child is published again.
    const key = `${graph.id}@${graph.version}${Object.entries(subflows).map(([id, v]) => ` ${id}@${v}`).join('')}`;
    let machine = this.machines.get(key);
    if (!machine) {
      machine = compileFlow(graph, this.opts.registry);
      this.machines.set(key, machine);
    }
    return machine;
  }

  /** The graph a run walks: subflow steps replaced by their journeys' steps (the pinned versions, else the active ones). */
  private async expand(graph: FlowGraph, pinned?: PinnedSubflows): Promise<{ graph: FlowGraph; versions: PinnedSubflows }> {
    try {
      return await withSubflows(this.opts.store, this.opts.registry, graph, pinned);
    } catch (err) {
      // The proof refuses such journeys on publish; a child unpublished since is a journey that cannot run.
      throw new RunError('flow-unavailable', err instanceof Error ? err.message : String(err));
    }
  }

  private async activeGraph(flowId: string): Promise<FlowGraph> {
    const version = await this.opts.store.flows.getActive(flowId);
    // Asked for by id (a link, ?flow=, an account action): no such published journey is a 404.
    if (!version) throw new RunError('not-found', `The journey "${flowId}" is not published.`);
    return { ...version.graph, version: version.version };
  }

  private async versionGraph(flowId: string, v: number): Promise<FlowGraph> {
    const version = await this.opts.store.flows.getVersion(flowId, v);
    if (!version) throw new RunError('flow-unavailable', `The journey "${flowId}" version ${v} no longer exists.`);
    return { ...version.graph, version: version.version };
  }

  private now(): Date {
    return this.opts.services.clock.now();
  }
}

/** A step that proved methods (`amr`) gets them timed in `proofs`: the run's record of what it proved, when. */
function withProofTimes(state: RunState, patch: Partial<RunState> | undefined, now: Date): Partial<RunState> | undefined {
  if (!patch?.amr?.length) return patch;
  return { ...patch, proofs: addProofs(state.proofs ?? [], patch.amr, nowSeconds(now)) };
}

/** A journey's purpose; one without is a sign-in. */
export const purposeOf = (graph: Pick<FlowGraph, 'purpose'>): FlowPurpose => graph.purpose ?? 'sign-in';

const enteredStep = (step: string): Pick<RunEvent, 'step' | 'kind' | 'outcome' | 'ms'> => ({ step, kind: 'entered', outcome: null, ms: null });

/** The child journey versions a published run started with. */
function pinnedOf(run: Run): PinnedSubflows | undefined {
  return run.origin.subflows as PinnedSubflows | undefined;
}

/** The audience stored when the run started (runs started before it was stored count as unknown). */
function audienceOf(run: Run): RunAudience {
  const a = run.origin.audience as Partial<RunAudience> | undefined;
  const clientId = typeof run.origin.clientId === 'string' ? run.origin.clientId : null;
  return { app: a?.app ?? clientId, lang: a?.lang ?? DEFAULT_LANGUAGE, device: a?.device ?? 'unknown' };
}

function currentNodeId(snapshot: unknown): string {
  return String((snapshot as { value: unknown }).value);
}

/** Where a stored run is (its current step's id) and what it knows, read from its persisted snapshot. */
export function runPosition(run: Pick<Run, 'snapshot'>): { at: string; state: RunState } {
  return { at: currentNodeId(run.snapshot), state: (run.snapshot as { context: RunState }).context };
}

export function localise(value: LocalisedText | undefined, lang: string): string | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return value;
  return value[lang] ?? value[DEFAULT_LANGUAGE] ?? Object.values(value)[0];
}
