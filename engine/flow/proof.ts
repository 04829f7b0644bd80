import type { FlowGraph, FlowNode, FlowPurpose } from './types.js';
import { FACT_WORDS, type Fact, type ReferenceKind, type StepCatalogue, type StepKind, type StepOutcome } from './steps.js';
import { flowWords, type FlowWords } from './problem-words.js';
import type { FlowProblem } from './checks.js';

/** One step of a path through the graph, and the outcome it leaves by (none for the last one). */
export interface PathStep {
  nodeId: string;
  outcome?: string;
}

/** How strong a set of proved factors is, given by the engine (the proof knows no level itself). */
export interface AssuranceLevels {
  /** The level (acr value) a run reaches with these amr values. */
  levelOf(amr: readonly string[]): string;
  /** Order of levels: higher is stronger. */
  rank(level: string): number;
  /** Plain words for a level, e.g. "two factors"; the acr value when absent. */
  describe?(level: string): string;
}

/** An app that starts this journey, and the level it requires at least. */
export interface BoundApp {
  id: string;
  name: string;
  minAcr: string;
}

/** What the proof needs from outside the graph; engine/flow looks nothing up itself. */
export interface ProofInputs {
  /** Facts every run of this journey has at its start; by default those of its purpose (entryFactsOf). */
  entry?: Fact[];
  /** What exists, per kind of reference; a kind left out is not checked. */
  known?: Partial<Record<ReferenceKind, ReadonlySet<string>>>;
  levels?: AssuranceLevels;
  /** Apps bound to this journey, for the step-up report (needs `levels`). */
  apps?: readonly BoundApp[];
  /** The language of the problems' sentences (English by default); the catalogue names the steps in it. */
  lang?: string;
}

/** A way to success that ends below what an app requires: customers of that app go through step-up. */
export interface StepUpPath {
  appId: string;
  appName: string;
  required: string;
  reached: string;
  path: PathStep[];
  message: string;
}

/**
 * What every run of a journey of this purpose has at its start: account actions run for the
 * signed-in customer and step-ups for the person who just signed in; other journeys start empty.
 */
export function entryFactsOf(purpose: FlowPurpose | undefined): Fact[] {
  return purpose === 'account-action' || purpose === 'step-up' ? ['user', 'email'] : [];
}

interface Move {
  from: string;
  to: string;
  outcome: StepOutcome;
}

interface Parent {
  key: string;
  outcome: string;
}

/** Bound on explored (step, factors) states for the level report; far above any real journey. */
const MAX_STATES = 200_000;

/**
 * The proof on publish: explores every path of a structurally sound graph with the steps'
 * declarations and reports, each with the path that shows it, a path that never ends, a step whose
 * requirement some path does not provide, a success reachable without an identified person, a cycle
 * in which no step waits for the person, and references to things that do not exist. For each bound
 * app it lists, as information, the ways to success below the app's required level.
 */
export function proveFlow(graph: FlowGraph, catalogue: StepCatalogue, inputs: ProofInputs = {}): { problems: FlowProblem[]; stepUps: StepUpPath[] } {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const kinds = new Map<string, StepKind>();
  for (const n of graph.nodes) {
    const kind = catalogue.step(n.type);
    if (kind) kinds.set(n.id, kind);
  }
  const moves = new Map<string, Move[]>();
  for (const e of graph.edges) {
    const kind = kinds.get(e.from);
    const from = nodes.get(e.from);
    if (!kind || !from || kind.terminal || !nodes.has(e.to)) continue;
    const outcome = kind.outcomes(from.settings).find((o) => o.name === e.outcome);
    if (outcome) moves.set(e.from, [...(moves.get(e.from) ?? []), { from: e.from, to: e.to, outcome }]);
  }

  const ctx: Ctx = { graph, nodes, kinds, moves, words: flowWords(inputs.lang) };
  const problems = [
    ...neverEnding(ctx),
    ...unmetRequirements(ctx, inputs.entry ?? entryFactsOf(graph.purpose)),
    ...cyclesWithoutPerson(ctx),
    ...missingReferences(ctx, inputs.known ?? {}),
  ];
  const stepUps = inputs.levels && inputs.apps?.length ? belowLevel(ctx, inputs.levels, inputs.apps) : [];
  return { problems, stepUps };
}

interface Ctx {
  graph: FlowGraph;
  nodes: Map<string, FlowNode>;
  kinds: Map<string, StepKind>;
  moves: Map<string, Move[]>;
  /** The problems' sentences, in the language asked for. */
  words: FlowWords;
}

/** A step as the designer shows it: its label, else its type's title. */
const nameOf = (ctx: Pick<Ctx, 'nodes' | 'kinds'>, id: string) => `"${ctx.nodes.get(id)?.label ?? ctx.kinds.get(id)?.title ?? id}"`;

/** A path in words: "Ask for email" (New user) → "Sign up" (Account created) → "Change email". */
function describePath(ctx: Pick<Ctx, 'nodes' | 'kinds' | 'moves'>, path: PathStep[]): string {
  return path
    .map((step) => {
      const name = nameOf(ctx, step.nodeId);
      if (!step.outcome) return name;
      const label = ctx.moves.get(step.nodeId)?.find((m) => m.outcome.name === step.outcome)?.outcome.label ?? step.outcome;
      return `${name} (${label})`;
    })
    .join(' → ');
}

/** Breadth-first search over states; returns the visited states with their parents (shortest paths). */
function explore<S>(
  start: S,
  key: (s: S) => string,
  next: (s: S) => Array<{ state: S; outcome: string }>,
  limit = MAX_STATES,
): { visited: Map<string, S>; parents: Map<string, Parent | null> } {
  const visited = new Map<string, S>([[key(start), start]]);
  const parents = new Map<string, Parent | null>([[key(start), null]]);
  const queue = [start];
  for (let i = 0; i < queue.length && visited.size < limit; i++) {
    const current = queue[i];
    for (const { state, outcome } of next(current)) {
      const k = key(state);
      if (visited.has(k)) continue;
      visited.set(k, state);
      parents.set(k, { key: key(current), outcome });
      queue.push(state);
    }
  }
  return { visited, parents };
}

/** The path that led to a state, from its parents; `nodeOf` reads the step id out of a state key. */
function pathTo(parents: Map<string, Parent | null>, key: string, nodeOf: (key: string) => string): PathStep[] {
  const path: PathStep[] = [{ nodeId: nodeOf(key) }];
  for (let p = parents.get(key); p; p = parents.get(p.key)) path.unshift({ nodeId: nodeOf(p.key), outcome: p.outcome });
  return path;
}

const nodePart = (key: string) => key.slice(0, key.indexOf('|'));

/** Shortest path from the start to a step (ignoring what the run knows). */
function shortestPath(ctx: Ctx, target: string): PathStep[] {
  const { parents } = explore(`${ctx.graph.start}|`, (k) => k, (k) => (ctx.moves.get(nodePart(k)) ?? []).map((m) => ({ state: `${m.to}|`, outcome: m.outcome.name })));
  return parents.has(`${target}|`) ? pathTo(parents, `${target}|`, nodePart) : [{ nodeId: target }];
}

/** Steps the start reaches from which no way leads to an end step; the path shows the way in and round. */
function neverEnding(ctx: Ctx): FlowProblem[] {
  const problems: FlowProblem[] = [];
  // A step with an outcome not wired yet counts as finishing: "not connected" is the problem to show there.
  const unwired = ctx.graph.nodes.filter((n) => {
    const kind = ctx.kinds.get(n.id);
    return kind && !kind.terminal && kind.outcomes(n.settings).some((o) => !o.optional && !ctx.moves.get(n.id)?.some((m) => m.outcome.name === o.name));
  });
  const canFinish = new Set([...[...ctx.kinds].filter(([, k]) => k.terminal).map(([id]) => id), ...unwired.map((n) => n.id)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [from, list] of ctx.moves) {
      if (!canFinish.has(from) && list.some((m) => canFinish.has(m.to))) (canFinish.add(from), (grew = true));
    }
  }
  const reached = explore(ctx.graph.start, (id) => id, (id) => (ctx.moves.get(id) ?? []).map((m) => ({ state: m.to, outcome: m.outcome.name }))).visited;
  for (const node of ctx.graph.nodes) {
    if (!reached.has(node.id) || canFinish.has(node.id)) continue;
    // In: the shortest way here. Round: follow the outcomes until a step repeats.
    const path = shortestPath(ctx, node.id);
    const seen = new Set([node.id]);
    for (let at = node.id; ; ) {
      const move = ctx.moves.get(at)?.[0];
      if (!move) break;
      path[path.length - 1].outcome = move.outcome.name;
      path.push({ nodeId: move.to });
      if (seen.has(move.to)) break;
      seen.add(move.to);
      at = move.to;
    }
    problems.push({
      code: 'never-ends',
      nodeId: node.id,
      path,
      message: ctx.words.neverEnds(nameOf(ctx, node.id), describePath(ctx, path)),
    });
  }
  const successReached = [...reached.keys()].some((id) => ctx.kinds.get(id)?.terminal === 'success');
  if (!successReached) problems.push({ code: 'no-success', message: ctx.words.noSuccess });
  return problems;
}

const ALL_FACTS = Object.keys(FACT_WORDS) as Fact[];

/** An identified person has an email address: every account has one. */
const grants = (facts: readonly Fact[] | undefined, fact: Fact) => Boolean(facts?.includes(fact) || (fact === 'email' && facts?.includes('user')));

/**
 * For each fact, explores (step, fact known?) along every path: a step reached without a fact it
 * requires is a problem, shown with the shortest path that reaches it so.
 */
function unmetRequirements(ctx: Ctx, entry: Fact[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const key = (s: { node: string; has: boolean }) => `${s.node}|${s.has ? 1 : 0}`;
  for (const fact of ALL_FACTS) {
    const needed = ctx.graph.nodes.filter((n) => ctx.kinds.get(n.id)?.requires(n.settings).includes(fact));
    if (!needed.length) continue;
    const { visited, parents } = explore({ node: ctx.graph.start, has: grants(entry, fact) }, key, (s) =>
      (ctx.moves.get(s.node) ?? []).map((m) => {
        const p = m.outcome.provides;
        const has = grants(p?.facts, fact) ? true : p?.forgets?.includes(fact) ? false : s.has;
        return { state: { node: m.to, has }, outcome: m.outcome.name };
      }),
    );
    for (const node of needed) {
      const k = key({ node: node.id, has: false });
      if (!visited.has(k)) continue;
      const path = pathTo(parents, k, nodePart);
      const kind = ctx.kinds.get(node.id)!;
      if (kind.terminal === 'success' && fact === 'user') {
        problems.push({
          code: 'success-without-user',
          nodeId: node.id,
          path,
          message: ctx.words.successWithoutUser(nameOf(ctx, node.id), describePath(ctx, path)),
        });
      } else {
        problems.push({
          code: 'requirement-unmet',
          nodeId: node.id,
          path,
          message: path.length === 1 ? ctx.words.needsAtStart(nameOf(ctx, node.id), fact) : ctx.words.needsOnTheWay(nameOf(ctx, node.id), fact, describePath(ctx, path)),
        });
      }
    }
  }
  return problems;
}

/** Cycles whose every outcome can be taken without the person: the run would go round forever. */
function cyclesWithoutPerson(ctx: Ctx): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const covered = new Set<string>();
  const automatic = (id: string) => (ctx.moves.get(id) ?? []).filter((m) => m.outcome.automatic);
  for (const node of ctx.graph.nodes) {
    if (covered.has(node.id)) continue;
    // A way back to this step through automatic outcomes only?
    const { parents } = explore(`${node.id}|0`, (k) => k, (k) =>
      automatic(nodePart(k)).map((m) => ({ state: m.to === node.id ? `${m.to}|1` : `${m.to}|0`, outcome: m.outcome.name })),
    );
    const back = `${node.id}|1`;
    if (!parents.has(back)) continue;
    const cycle = pathTo(parents, back, nodePart);
    for (const step of cycle) covered.add(step.nodeId);
    const into = shortestPath(ctx, node.id);
    const path = [...into.slice(0, -1), ...cycle];
    problems.push({
      code: 'cycle-without-person',
      nodeId: node.id,
      path,
      message: ctx.words.cycle(describePath(ctx, cycle)),
    });
  }
  return problems;
}

/** References to consent purposes, connections, attributes or journeys that do not exist. */
function missingReferences(ctx: Ctx, known: NonNullable<ProofInputs['known']>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of ctx.graph.nodes) {
    const seen = new Set<string>();
    for (const ref of ctx.kinds.get(node.id)?.references(node.settings) ?? []) {
      const existing = known[ref.kind];
      const id = `${ref.kind}:${ref.id}`;
      if (!existing || existing.has(ref.id) || seen.has(id)) continue;
      seen.add(id);
      problems.push({
        code: 'unknown-reference',
        nodeId: node.id,
        path: shortestPath(ctx, node.id),
        message: ctx.words.unknownReference(nameOf(ctx, node.id), ref.kind, ref.id),
      });
    }
  }
  return problems;
}

/**
 * Explores (step, factors proved) along every path; at each success, the level reached is compared
 * with what each bound app requires. One path per app, success step and level, the shortest.
 */
function belowLevel(ctx: Ctx, levels: AssuranceLevels, apps: readonly BoundApp[]): StepUpPath[] {
  const key = (s: { node: string; amr: string[] }) => `${s.node}|${s.amr.join(' ')}`;
  const { visited, parents } = explore({ node: ctx.graph.start, amr: [] as string[] }, key, (s) =>
    (ctx.moves.get(s.node) ?? []).flatMap((m) => {
      const p = m.outcome.provides;
      const base = [...s.amr, ...(p?.amr ?? [])];
      const choices = p?.amrOneOf?.length ? p.amrOneOf.map((a) => [...base, a]) : [base];
      return choices.map((amr) => ({ state: { node: m.to, amr: [...new Set(amr)].sort() }, outcome: m.outcome.name }));
    }),
  );
  const words = (level: string) => levels.describe?.(level) ?? level;
  const out: StepUpPath[] = [];
  const reported = new Set<string>();
  for (const [k, state] of visited) {
    if (ctx.kinds.get(state.node)?.terminal !== 'success') continue;
    const reached = levels.levelOf(state.amr);
    for (const app of apps) {
      if (levels.rank(reached) >= levels.rank(app.minAcr)) continue;
      const id = `${app.id}|${state.node}|${reached}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const path = pathTo(parents, k, nodePart);
      out.push({
        appId: app.id,
        appName: app.name,
        required: app.minAcr,
        reached,
        path,
        message: ctx.words.stepUp(app.name, nameOf(ctx, state.node), words(reached), words(app.minAcr), describePath(ctx, path)),
      });
    }
  }
  return out;
}
