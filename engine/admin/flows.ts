import type { Request } from 'express';
import { PERMISSIONS } from './roles.js';
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/port.js';
import { STEP_CATEGORIES, type NodeRegistry } from '../nodes/registry.js';
import type { FlowProver } from '../runtime/flow-proof.js';
import { runPosition, type FlowRuntime } from '../runtime/runtime.js';
import type { FlowGraph } from '../flow/types.js';
import { checkFlowShape } from '../flow/checks.js';
import { describeFlowShapeErrors } from '../flow/shape-words.js';
import { stepInLanguage } from '../nodes/designer-words.js';
import { flowSchema } from '../flow/schema.js';
import { FieldsRefused, HttpError } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import type { InputExplainer } from '../http/validate.js';
import { idSchema, paramsSchema } from '../http/ids.js';
import type { Cookies } from '../http/cookies.js';
import type { Translator } from '../hosted/i18n.js';
import { layout, pageBody } from '../hosted/render.js';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, isLanguage, type Language } from '../languages.js';
import type { Theme } from '../hosted/theme.js';
import { sha256 } from '../runtime/crypto.js';
import { idFromName, journeyChanges, journeyIdFrom } from '../flow/changes.js';
import { publishWords } from '../flow/publish-words.js';
import { journeyRefusalWords } from './journey-refusal-words.js';
import { whereUsed } from '../runtime/where-used.js';
import { FLOWS_DIR, shippedFlows } from '../runtime/seed-flows.js';
import { TRY_ORIGIN } from '../hosted/try-runs.js';
import type { TestCaseRunner } from '../runtime/test-cases.js';
import { MAX_TEST_CASES, type JourneyTestCase } from '../flow/test-cases.js';
import { stepsAnsweredInClear, type TestCaseSecrets } from '../runtime/test-case-secrets.js';
import { answerDraftChanged, changeDraft, DraftChanged, draftOf as storedDraft } from './drafts.js';
import { accountAsRecorded, type TryRecorder } from '../runtime/try-recording.js';
import { caseFromRecording, recordedCaseName } from '../runtime/recorded-case.js';

export const FLOW_ID = idSchema('slug');
const NAME = { type: 'string', title: 'Name', minLength: 1, maxLength: 120, pattern: '\\S', examples: ['Sign in or sign up'] };
const DESCRIPTION = { type: 'string', title: 'Description', maxLength: 2000 };
const NEW_ID = { ...FLOW_ID, title: 'Id (in links and the API)', examples: ['sign-in'] };
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: FLOW_ID } };
const TRY_RUN_PARAMS = paramsSchema({ id: 'slug', runId: 'run' });
/** The language of the texts a person reads in the answer (the graph's problems, step types); English by default. */
const LANG_QUERY = { type: 'object', additionalProperties: false, properties: { lang: { title: 'Language', enum: [...LANGUAGE_CODES] } } };
/** The route's `lang` (validated by LANG_QUERY where the route declares it; anything else is English). */
const langOf = (req: Request): Language => {
  const asked = (req.query as { lang?: unknown }).lang;
  return isLanguage(asked) ? asked : DEFAULT_LANGUAGE;
};
/** The revision of the draft a change was made from: a save made since by someone else is refused (409). */
const REVISION = { type: 'integer', title: 'Revision', minimum: 1, description: 'the revision of the draft the change was made from, as read; when someone has saved the draft since, the change is refused with 409 (who saved it and when)' };
const VERSION_PARAMS = { type: 'object', required: ['id', 'version'], properties: { id: FLOW_ID, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } } };

export const schemas = {
  createFlow: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: NAME,
      /** Derived from the name when absent (the console's advanced field). */
      id: NEW_ID,
      description: DESCRIPTION,
      purpose: flowSchema.properties.purpose,
      /** A shipped journey to start from (the template gallery); blank when absent. */
      template: { ...FLOW_ID, title: 'Start from' },
    },
  },
  describe: { type: 'object', additionalProperties: false, anyOf: [{ required: ['name'] }, { required: ['description'] }], properties: { name: NAME, description: DESCRIPTION, revision: REVISION } },
  duplicate: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: NAME, id: NEW_ID } },
  graphBody: { type: 'object', required: ['graph'], additionalProperties: false, properties: { graph: flowSchema, revision: REVISION } },
  publish: { type: 'object', additionalProperties: false, properties: { revision: { ...REVISION, description: 'the revision of the draft the person reviewed; when someone has saved the draft since, nothing is published (409)' } } },
  rollback: {
    type: 'object',
    required: ['version'],
    additionalProperties: false,
    properties: { version: { type: 'integer', title: 'Version', minimum: 1 }, resetDraft: { type: 'boolean', title: 'Also reset the draft', description: 'Also make the draft that version (unpublished changes are dropped)' }, revision: REVISION },
  },
  runTests: {
    type: 'object',
    additionalProperties: false,
    properties: {
      graph: { ...flowSchema, description: 'the journey as edited (the saved draft when absent)' },
      caseId: { type: 'string', title: 'Test case', maxLength: 64, description: 'only this case (every case when absent)' },
    },
  },
  recordCase: {
    type: 'object',
    additionalProperties: false,
    properties: { name: { ...NAME, title: 'Name of the test case', description: 'the name of the test case (one is made up from how the run went when absent)' }, revision: REVISION },
  },
  sealValue: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: { type: 'string', title: 'Value', minLength: 1, maxLength: 500 } } },
  preview: {
    type: 'object',
    required: ['nodeId'],
    additionalProperties: false,
    properties: { nodeId: { type: 'string', title: 'Step', maxLength: 64 }, graph: flowSchema, lang: { title: 'Language', enum: [...LANGUAGE_CODES] } },
  },
} as const;

/**
 * Everything the designer needs about the node types, straight from the registry, palette order; the
 * texts a person reads (titles, descriptions, outcome labels, settings form titles) in `lang`.
 */
export function nodeTypesView(registry: NodeRegistry, lang: Language = DEFAULT_LANGUAGE) {
  const order = STEP_CATEGORIES.map((c) => c.id);
  const types = [...registry.list()].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
  return types.map((t) => {
    const said = stepInLanguage(t, lang);
    const category = STEP_CATEGORIES.find((c) => c.id === t.category)!;
    return {
      type: t.type,
      title: said.title,
      description: said.description,
      icon: t.icon,
      category: t.category,
      categoryTitle: lang === 'en' ? category.title : category.words[lang],
      terminal: t.terminal ?? null,
      interactive: Boolean(t.render),
      requires: registry.requires(t, t.defaultSettings),
      /** The same, in words for the palette and the settings panel. */
      needs: registry.requires(t, t.defaultSettings).map(said.needs),
      settingsSchema: said.settingsSchema,
      defaultSettings: t.defaultSettings,
      outcomes: t.outcomes(t.defaultSettings).map(said.outcome),
      /** The labels of the outcomes the step names itself, by name, in `lang` (empty in English: the labels are as the server says). */
      outcomeLabels: said.outcomeLabels,
    };
  });
}

/** The outcomes of each node of a graph given its current settings (they can depend on them). */
function outcomesOf(graph: FlowGraph, registry: NodeRegistry): Record<string, Array<{ name: string; label: string; optional?: boolean }>> {
  const out: Record<string, Array<{ name: string; label: string; optional?: boolean }>> = {};
  for (const node of graph.nodes) {
    const type = registry.get(node.type);
    if (!type) continue;
    out[node.id] = registry.validateSettings(node.type, node.settings).length ? type.outcomes(type.defaultSettings) : type.outcomes(node.settings);
  }
  return out;
}

/** The proof's findings and each step's outcomes: what the designer draws after every change. */
async function analysis(graph: FlowGraph, registry: NodeRegistry, prover: FlowProver, lang: Language = DEFAULT_LANGUAGE) {
  const { problems, stepUps } = await prover.analyse(graph, {}, lang);
  return { problems, stepUps, outcomes: outcomesOf(graph, registry) };
}

/** Journeys the engine starts by their id, and when (in English; the refusals say it in their language). */
const ENGINE_JOURNEYS: Record<string, string> = journeyRefusalWords('en').engineJourneys;

export interface FlowsApiDeps {
  store: Store;
  registry: NodeRegistry;
  prover: FlowProver;
  runtime: FlowRuntime;
  /** Runs the saved test cases in a sandbox (on publish and on request). */
  testCases: TestCaseRunner;
  /** Seals the secrets of test cases (they never reach the store in clear). */
  testCaseSecrets: TestCaseSecrets;
  /** The answers kept by "Try it" runs. */
  tryRecorder: TryRecorder;
  cookies: Cookies;
  translate: Translator;
  /** The global theme as customers see it now (the console's branding over the environment's): a step's preview draws it. */
  theme: () => Promise<Theme>;
  /** The journey /login starts. */
  defaultFlowId: string;
  publicUrl: string;
  /** The template gallery (the shipped journeys by default). */
  templates?: (lang: Language) => FlowGraph[];
}

/**
 * A body whose `graph` is not a journey, refused in the canvas's words (the step by its label, the
 * connection by its outcome's label) rather than as JSON paths, in the route's `lang` (its query is
 * checked before the body); other refusals keep the kit's words.
 */
function graphRefusedInWords(registry: NodeRegistry): InputExplainer {
  return (part, errors, value, req) => {
    if (part !== 'body' || !errors.length || !errors.every((e) => e.instancePath.startsWith('/graph'))) return undefined;
    const inGraph = errors.map((e) => ({ ...e, instancePath: e.instancePath.slice('/graph'.length) }));
    const lang = langOf(req);
    return describeFlowShapeErrors(inGraph, (value as { graph?: unknown }).graph, flowSchema, registry.inLanguage(lang), lang).map((p) => p.message);
  };
}

/** Admin API of flows: drafts, checks, versions, preview and "try it". */
export function flowsRouter(deps: FlowsApiDeps): RouteTable {
  const router = new RouteTable();
  const graphWords = graphRefusedInWords(deps.registry);
  const { store, registry, prover } = deps;

  const draftOf = (id: string, lang: Language = DEFAULT_LANGUAGE) => storedDraft(store, id, journeyRefusalWords(lang).noJourney(id));
  /** How drafts record who wrote them. */
  const writer = (req: Request) => req.admin!.email ?? req.admin!.id;
  // The shipped journeys, their names, descriptions and labels in the language asked (a new journey copies them).
  const templates = deps.templates ?? ((lang: Language) => shippedFlows(FLOWS_DIR, lang));
  /** Apps bound to the journey, journeys leading to it, and whether the engine or /login starts it. */
  const usageOf = async (id: string, purpose: string) => {
    const apps = (await store.apps.list()).filter((a) => a.flowId === id).map((a) => ({ id: a.id, name: a.name }));
    const journeys = (await whereUsed(store, registry, 'journey', id)).filter((u) => u.journeyId !== id);
    const starts = purpose === 'sign-in' || purpose === 'recovery' || purpose === 'admin-sign-in';
    return {
      apps,
      journeys,
      isDefault: id === deps.defaultFlowId,
      engine: ENGINE_JOURNEYS[id] ?? null,
      link: starts ? `${deps.publicUrl}/login?flow=${id}` : null,
    };
  };
  /**
   * The graph as it is stored: what its test cases type in clear in a password or one-time code field
   * (as the step's own page shows it) sealed, and a persona's password; a sealed value from elsewhere is refused.
   */
  const withSealedTests = async (graph: FlowGraph, lang: Language = DEFAULT_LANGUAGE): Promise<FlowGraph> => {
    if (!graph.tests?.length) return graph;
    const secretFields = await deps.testCases.secretFields(graph, stepsAnsweredInClear(graph.tests));
    const sealed = deps.testCaseSecrets.sealCases(graph.tests, (step) => secretFields.get(step) ?? null);
    if ('unreadable' in sealed) throw new HttpError(400, 'invalid_request', journeyRefusalWords(lang).sealedUnreadable(sealed.unreadable));
    return { ...graph, tests: sealed.cases };
  };
  /** The id is another journey's: said under the field it came from (the id typed, or the name it was made of). */
  const idTaken = (id: string, from: '/id' | '/name', lang: Language) =>
    new FieldsRefused(409, 'conflict', [{ in: 'body', pointer: from, message: journeyRefusalWords(lang).idTaken(id, from === '/id' ? 'id' : 'name') }]);
  const audit = (type: string, actor: string | undefined, details: Record<string, unknown>) =>
    store.audit.record({ at: new Date(), type, userId: null, actor: actor ?? null, ip: null, details });

  router.get(
    '/node-types',
    {
      permission: PERMISSIONS.journeysRead,
      summary: 'The node types of the registry: palette, settings schemas, outcomes; their texts in the language asked for (English by default)',
      query: LANG_QUERY,
    },
    (req, res) => {
      res.json(nodeTypesView(registry, langOf(req)));
    },
  );

  router.get('/flows', { permission: PERMISSIONS.journeysRead, summary: 'List journeys: name, description, live version and whether the draft differs from it' }, async (_req, res) => {
    const summaries = await store.flows.list();
    res.json(
      await Promise.all(
        summaries.map(async (f) => {
          const [draft, live] = await Promise.all([store.flows.getDraft(f.id), f.activeVersion === null ? null : store.flows.getActive(f.id)]);
          return {
            ...f,
            description: draft?.graph.description ?? null,
            purpose: draft?.graph.purpose ?? 'sign-in',
            unpublishedChanges: draft ? journeyChanges(live?.graph ?? null, draft.graph).changed : false,
          };
        }),
      ),
    );
  });

  // A step type the console was built without (added to the registry since) has no validator compiled
  // in the console: its settings form is checked here instead, as it is typed, with nothing saved.
  router.post(
    '/node-types/:type/check',
    {
      permission: PERMISSIONS.journeysRead,
      summary: "Check a step's settings without saving: each problem at its field (`pointer` within the body, `said` as the settings form shows it under the field), in the language asked for",
      params: paramsSchema({ type: 'slug' }),
      query: LANG_QUERY,
      body: { type: 'object', required: ['settings'], additionalProperties: false, properties: { settings: { type: 'object', title: 'Settings' } } },
    },
    (req, res) => {
      const type = String(req.params.type);
      const problems = registry.settingsProblems(type, (req.body as { settings: unknown }).settings, langOf(req));
      if (!problems) throw new HttpError(404, 'not_found', journeyRefusalWords(langOf(req)).noStepType(type));
      res.json({ invalid: problems.map((p) => ({ in: 'body', pointer: `/settings${p.pointer}`, message: p.message, said: p.said })) });
    },
  );

  router.get('/flow-templates', { permission: PERMISSIONS.journeysRead, summary: 'The template gallery: shipped journeys a new one can start from, named in the language asked (`?lang=`)', query: LANG_QUERY }, (req, res) => {
    res.json(templates(langOf(req)).map((t) => ({ id: t.id, name: t.name, description: t.description ?? null, purpose: t.purpose ?? 'sign-in', steps: t.nodes.length })));
  });

  router.post('/flows', { permission: PERMISSIONS.journeysWrite, summary: 'Create a journey from a name (the id derives from it unless given), blank or from a template', query: LANG_QUERY, body: schemas.createFlow, status: 201 }, async (req, res) => {
    const body = req.body as { id?: string; name: string; description?: string; purpose?: FlowGraph['purpose']; template?: string };
    const lang = langOf(req);
    const name = body.name.trim();
    const taken = new Set((await store.flows.list()).map((f) => f.id));
    const id = body.id ?? journeyIdFrom(name, (candidate) => taken.has(candidate));
    const idFrom = body.id ? '/id' : '/name';
    if (taken.has(id)) throw idTaken(id, idFrom, lang);
    const template = body.template ? templates(lang).find((t) => t.id === body.template) : null;
    if (body.template && !template) throw new FieldsRefused(404, 'not_found', [{ in: 'body', pointer: '/template', message: journeyRefusalWords(lang).noTemplate(body.template) }]);
    const base: FlowGraph = template ?? {
      id,
      name,
      version: 0,
      start: 'identify',
      nodes: [
        { id: 'identify', type: 'identify', settings: {}, position: { x: 0, y: 0 } },
        { id: 'success', type: 'success', settings: {}, position: { x: 600, y: 0 } },
      ],
      edges: [],
    };
    const description = body.description ?? template?.description;
    const purpose = body.purpose ?? template?.purpose;
    const graph: FlowGraph = { ...base, id, name, version: 0, ...(description ? { description } : {}), ...(purpose ? { purpose } : {}) };
    if (!description) delete graph.description;
    const draft = await store.flows.saveDraft({ id, name, graph: await withSealedTests(graph, lang), updatedBy: writer(req) }, 0, new Date());
    if (!draft) throw idTaken(id, idFrom, lang);
    await audit('flow.created', req.admin!.id, { flowId: id, template: template?.id ?? null });
    res.status(201).json({ ...draft, ...(await analysis(graph, registry, prover, lang)) });
  });

  router.patch('/flows/:id', { permission: PERMISSIONS.journeysWrite, summary: 'Rename or describe a journey (its id stays)', params: ID_PARAMS, body: schemas.describe }, async (req, res) => {
    const body = req.body as { name?: string; description?: string; revision?: number };
    const saved = await changeDraft(
      store,
      String(req.params.id),
      writer(req),
      (draft) => {
        const name = body.name?.trim() ?? draft.name;
        const graph: FlowGraph = { ...draft.graph, name };
        if (body.description !== undefined) {
          if (body.description.trim()) graph.description = body.description.trim();
          else delete graph.description;
        }
        return { name, graph };
      },
      body.revision,
    );
    await audit('flow.renamed', req.admin!.id, { flowId: saved.id });
    res.json(saved);
  });

  router.post('/flows/:id/duplicate', { permission: PERMISSIONS.journeysWrite, summary: "Copy a journey's draft under a new name (and id)", params: ID_PARAMS, query: LANG_QUERY, body: schemas.duplicate, status: 201 }, async (req, res) => {
    const lang = langOf(req);
    const source = await draftOf(String(req.params.id), lang);
    const body = req.body as { name: string; id?: string };
    const name = body.name.trim();
    const taken = new Set((await store.flows.list()).map((f) => f.id));
    const id = body.id ?? journeyIdFrom(name, (candidate) => taken.has(candidate));
    const idFrom = body.id ? '/id' : '/name';
    if (taken.has(id)) throw idTaken(id, idFrom, lang);
    // A draft stored in clear by an older version is copied sealed.
    const graph: FlowGraph = await withSealedTests({ ...source.graph, id, name, version: 0 }, lang);
    const draft = await store.flows.saveDraft({ id, name, graph, updatedBy: writer(req) }, 0, new Date());
    if (!draft) throw idTaken(id, idFrom, lang);
    await audit('flow.duplicated', req.admin!.id, { flowId: id, from: source.id });
    res.status(201).json(draft);
  });

  router.get('/flows/:id/usage', { permission: PERMISSIONS.journeysRead, summary: 'Where a journey is used: apps bound to it, journeys that lead to it, the default sign-in, and the link customers follow', params: ID_PARAMS }, async (req, res) => {
    const draft = await draftOf(String(req.params.id), langOf(req));
    res.json(await usageOf(draft.id, draft.graph.purpose ?? 'sign-in'));
  });

  router.delete('/flows/:id', { permission: PERMISSIONS.journeysPublish, summary: 'Delete a journey and its versions; refused while it is used (saying where, in the language asked for)', params: ID_PARAMS, query: LANG_QUERY, status: 204 }, async (req, res) => {
    const w = journeyRefusalWords(langOf(req));
    const draft = await draftOf(String(req.params.id), langOf(req));
    const usage = await usageOf(draft.id, draft.graph.purpose ?? 'sign-in');
    const engine = w.engineJourneys[draft.id];
    const reasons = [
      ...(usage.isDefault ? [w.isDefault] : []),
      ...(usage.engine ? [w.engineStarts(engine ?? usage.engine)] : []),
      ...usage.apps.map((a) => w.appSignsIn(a.name)),
      ...usage.journeys.map((j) => w.journeyLeads(j.journeyName, j.steps.join(', '))),
    ];
    if (reasons.length) throw new HttpError(409, 'in_use', w.cannotDelete(draft.name, reasons));
    await store.flows.delete(draft.id);
    await audit('flow.deleted', req.admin!.id, { flowId: draft.id });
    res.status(204).end();
  });

  router.get('/flows/:id/changes', { permission: PERMISSIONS.journeysRead, summary: 'What publishing the draft would change in the live version, in the language asked for', params: ID_PARAMS, query: LANG_QUERY }, async (req, res) => {
    const draft = await draftOf(String(req.params.id), langOf(req));
    const live = await store.flows.getActive(draft.id);
    const lang = langOf(req);
    const catalogue = registry.inLanguage(lang);
    res.json({ liveVersion: live?.version ?? null, ...journeyChanges(live?.graph ?? null, draft.graph, lang, (type) => catalogue.step(type)?.title) });
  });

  router.get('/flows/:id', { permission: PERMISSIONS.journeysRead, summary: 'A flow: draft, versions, problems', params: ID_PARAMS, query: LANG_QUERY }, async (req, res) => {
    const draft = await draftOf(String(req.params.id), langOf(req));
    const versions = await store.flows.listVersions(draft.id);
    const summary = (await store.flows.list()).find((f) => f.id === draft.id);
    res.json({ ...draft, activeVersion: summary?.activeVersion ?? null, versions, ...(await analysis(draft.graph, registry, prover, langOf(req))) });
  });

  router.put('/flows/:id', { permission: PERMISSIONS.journeysWrite, summary: 'Save the draft', params: ID_PARAMS, query: LANG_QUERY, body: schemas.graphBody, explain: graphWords }, async (req, res) => {
    const id = String(req.params.id);
    const { graph, revision } = req.body as { graph: FlowGraph; revision?: number };
    const lang = langOf(req);
    if (graph.id !== id) throw new HttpError(400, 'invalid_request', journeyRefusalWords(lang).graphOfAnother(graph.id, id));
    const stored = await withSealedTests(graph, lang);
    const draft = await changeDraft(store, id, writer(req), () => ({ name: stored.name, graph: stored }), revision);
    res.json({ ...draft, ...(await analysis(stored, registry, prover, lang)) });
  });

  router.post('/flows/:id/check', { permission: PERMISSIONS.journeysRead, summary: 'Graph problems and outcomes of a graph (any shape: it is checked, not saved)', params: ID_PARAMS, query: LANG_QUERY, body: { type: 'object', required: ['graph'], properties: { graph: { type: 'object', title: 'Journey' } } } }, async (req, res) => {
    const graph = (req.body as { graph: unknown }).graph;
    const lang = langOf(req);
    const shape = checkFlowShape(graph, registry.inLanguage(lang), lang);
    res.json(shape.graph ? await analysis(shape.graph, registry, prover, lang) : { problems: shape.problems, stepUps: [], outcomes: {} });
  });

  router.post('/flows/:id/publish', { permission: PERMISSIONS.journeysPublish, summary: 'Publish the draft as a new immutable version; 422 with the problems when it has any, 409 when the draft was saved since the revision reviewed', params: ID_PARAMS, query: LANG_QUERY, body: schemas.publish, status: 201 }, async (req, res) => {
    const read = await draftOf(String(req.params.id), langOf(req));
    const by = writer(req);
    const lang = langOf(req);
    const words = publishWords(lang);
    const { revision } = req.body as { revision?: number };
    if (revision !== undefined && read.revision !== revision) throw new DraftChanged(read, by);
    // A draft saved before answers were sealed on save is published (and written back) sealed.
    const draft = { ...read, graph: await withSealedTests(read.graph, lang) };
    const { problems, stepUps } = await prover.analyse(draft.graph, {}, lang);
    if (problems.length) {
      return res.status(422).json({ error: 'invalid_flow', message: words.hasProblems(problems.length), problems, stepUps });
    }
    // Every saved test case runs first; one that fails blocks publication and says where it went.
    const results = await deps.testCases.runAll(draft.graph, lang);
    const failing = results.filter((r) => !r.passed);
    if (failing.length) {
      const each = failing.map((r) => `"${r.name}": ${r.reason}`).join(' ');
      return res.status(422).json({ error: 'failing_test_cases', message: words.testCasesFailed(failing.length, results.length, each), problems: [], stepUps, testResults: results });
    }
    const latest = (await store.flows.listVersions(draft.id))[0]?.version ?? 0;
    const { testRun: _previous, ...edited } = draft.graph;
    const graph: FlowGraph = { ...edited, version: latest + 1, ...(results.length ? { testRun: { ranAt: new Date().toISOString(), results } } : {}) };
    // Version numbering: the next number after the latest; the store refuses a number already taken.
    const version = { flowId: draft.id, version: graph.version, graph, publishedAt: new Date(), publishedBy: by };
    if (!(await store.flows.publish(version))) throw new HttpError(409, 'conflict', words.publishedMeanwhile);
    // The draft learns its version number, unless someone saved it meanwhile: then theirs stays as they saved it.
    const written = await store.flows.saveDraft({ id: draft.id, name: draft.name, graph: { ...edited, version: graph.version }, updatedBy: by }, draft.revision, new Date());
    await audit('flow.published', req.admin!.id, { flowId: draft.id, version: version.version, testCases: results.length });
    res.status(201).json({ flowId: version.flowId, version: version.version, publishedAt: version.publishedAt, publishedBy: version.publishedBy, testResults: results, revision: written?.revision ?? null });
  });

  router.get('/flows/:id/versions', { permission: PERMISSIONS.journeysRead, summary: 'Published versions, newest first, with who, when and how its test cases did', params: ID_PARAMS }, async (req, res) => {
    const draft = await draftOf(String(req.params.id), langOf(req));
    const active = (await store.flows.getActive(draft.id))?.version ?? null;
    const versions = await Promise.all(
      (await store.flows.listVersions(draft.id)).map(async (v) => {
        const run = (await store.flows.getVersion(draft.id, v.version))?.graph.testRun;
        return { ...v, testCases: run ? { passed: run.results.filter((r) => r.passed).length, total: run.results.length } : null };
      }),
    );
    res.json({ activeVersion: active, versions });
  });

  router.post('/flows/:id/tests/run', { permission: PERMISSIONS.journeysWrite, summary: "Run the journey's saved test cases in a sandbox (no account, mail or call leaves it); the path each took, and why one failed in the language asked for", params: ID_PARAMS, query: LANG_QUERY, body: schemas.runTests, explain: graphWords }, async (req, res) => {
    const lang = langOf(req);
    const draft = await draftOf(String(req.params.id), langOf(req));
    const body = req.body as { graph?: FlowGraph; caseId?: string };
    const graph = body.graph ?? draft.graph;
    if (graph.id !== draft.id) throw new HttpError(400, 'invalid_request', journeyRefusalWords(lang).graphOfAnother(graph.id, draft.id));
    const cases = (graph.tests ?? []).filter((c) => !body.caseId || c.id === body.caseId);
    if (body.caseId && !cases.length) throw new HttpError(404, 'not_found', journeyRefusalWords(lang).noTestCase(body.caseId));
    const { problems } = await prover.analyse(graph, {}, lang);
    if (problems.length) return res.status(422).json({ error: 'invalid_flow', message: publishWords(lang).fixToRunTests, problems });
    res.json({ results: await deps.testCases.runAll({ ...graph, tests: cases }, lang) });
  });

  router.get('/flows/:id/versions/:version', { permission: PERMISSIONS.journeysRead, summary: 'One published version', params: VERSION_PARAMS, query: LANG_QUERY }, async (req, res) => {
    const version = await store.flows.getVersion(String(req.params.id), Number(req.params.version));
    if (!version) throw new HttpError(404, 'not_found', journeyRefusalWords(langOf(req)).noVersion(String(req.params.id), Number(req.params.version)));
    res.json(version);
  });

  router.post('/flows/:id/rollback', { permission: PERMISSIONS.journeysPublish, summary: 'Make an earlier version the active one', params: ID_PARAMS, query: LANG_QUERY, body: schemas.rollback }, async (req, res) => {
    const w = journeyRefusalWords(langOf(req));
    const id = String(req.params.id);
    const { version, resetDraft, revision } = req.body as { version: number; resetDraft?: boolean; revision?: number };
    const published = await store.flows.getVersion(id, version);
    if (!published) throw new HttpError(404, 'not_found', w.noVersion(id, version));
    // The draft first: a draft saved since the revision the person chose to drop refuses the whole rollback.
    const reset = resetDraft ? await withSealedTests(published.graph, langOf(req)) : null;
    const draft = reset ? await changeDraft(store, id, writer(req), () => ({ name: reset.name, graph: reset }), revision) : null;
    if (!(await store.flows.setActiveVersion(id, version))) throw new HttpError(404, 'not_found', w.noVersion(id, version));
    await audit('flow.rolled-back', req.admin!.id, { flowId: id, version, resetDraft: Boolean(resetDraft) });
    res.json({ flowId: id, activeVersion: version, draftReset: Boolean(resetDraft), ...(draft ? { revision: draft.revision } : {}) });
  });

  router.post('/flows/:id/preview', { permission: PERMISSIONS.journeysRead, summary: "A step's end-user page, rendered as the hosted page (in the body's `lang`; refusals in the query's)", params: ID_PARAMS, query: LANG_QUERY, body: schemas.preview, explain: graphWords }, async (req, res) => {
    const w = journeyRefusalWords(langOf(req));
    const body = req.body as { nodeId: string; graph?: FlowGraph; lang?: string };
    const graph = body.graph ?? (await draftOf(String(req.params.id))).graph;
    const lang = body.lang ?? DEFAULT_LANGUAGE;
    // Drawn only from settings its step accepts: a text past its length or a value of the wrong kind is
    // refused in the settings form's words, never drawn (nor half-drawn by a step that trips over it).
    const node = graph.nodes.find((n) => n.id === body.nodeId);
    const problems = node ? deps.registry.validateSettings(node.type, node.settings, langOf(req)) : [];
    if (problems.length) throw new HttpError(400, 'invalid_settings', w.cannotPreview(node!.label ?? node!.id, problems));
    const page = await deps.testCases.previewPage(graph, [body.nodeId], lang);
    if (!page) throw new HttpError(404, 'no_page', w.noPage(body.nodeId));
    const t = (key: string, vars?: Record<string, string | number>) => deps.translate(lang, key, vars);
    const nonce = randomBytes(16).toString('base64');
    const html = layout({ theme: await deps.theme(), lang, t, nonce, path: '/preview' }, page.title, pageBody(page, { action: '#', csrfToken: 'preview' }));
    res.json({ html });
  });

  router.post('/flows/:id/try', { permission: PERMISSIONS.journeysWrite, summary: 'Start a run of the draft in this browser; returns its URL', params: ID_PARAMS, query: LANG_QUERY, status: 201 }, async (req, res) => {
    const draft = await draftOf(String(req.params.id), langOf(req));
    const lang = langOf(req);
    const { problems } = await prover.analyse(draft.graph, {}, lang);
    if (problems.length) return res.status(422).json({ error: 'invalid_flow', message: publishWords(lang).fixToTry, problems });
    const bid = deps.cookies.browserId(req, res);
    const loaded = await deps.runtime.start({
      flowId: draft.id,
      browserHash: sha256(bid),
      // Its end signs nobody in: the administrator's own session stays as it is (hosted/try-runs.ts).
      // Who started it: only they may save it as a test case.
      origin: { kind: TRY_ORIGIN, by: req.admin!.id },
      draft: { ...draft.graph, version: 0 },
    });
    res.status(201).json({ url: `/flow/${loaded.run.id}`, runId: loaded.run.id });
  });

  router.post(
    '/flows/:id/try/:runId/test-case',
    {
      permission: PERMISSIONS.journeysWrite,
      summary: 'Save a "Try it" run as a test case of the draft: persona and answers as entered (passwords sealed), expected end where the run is; its name (when none is given) and refusals in the language asked for',
      params: TRY_RUN_PARAMS,
      query: LANG_QUERY,
      body: schemas.recordCase,
      status: 201,
    },
    async (req, res) => {
      const lang = langOf(req);
      const words = publishWords(lang);
      const draft = await draftOf(String(req.params.id), langOf(req));
      const run = await store.runs.get(String(req.params.runId));
      // Only a test run of this journey, started by this administrator (another's answers stay theirs).
      if (!run || run.origin.kind !== TRY_ORIGIN || run.flowId !== draft.id || run.origin.by !== req.admin!.id || !run.graph) {
        throw new HttpError(404, 'not_found', words.tryRunGone);
      }
      const answers = await deps.tryRecorder.answers(run.id);
      if (!answers.length) throw new HttpError(422, 'nothing_recorded', words.nothingAnswered);
      const { at, state } = runPosition(run);
      const node = run.graph.nodes.find((n) => n.id === at);
      const ended = (node && registry.get(node.type)?.terminal) ?? null;
      // The account the run is about; before the run identified anyone, the one of the address typed.
      const user = state.userId ? await store.users.findById(state.userId) : state.email ? await store.users.findByEmail(state.email) : null;
      const email = user?.email ?? state.email ?? null;
      const recorded = {
        answers,
        startedAt: run.createdAt,
        at,
        ended,
        email,
        account: user ? accountAsRecorded(user) : null,
      };
      const label = node?.label ?? (node && registry.inLanguage(lang).step(node.type)?.title) ?? at;
      const body = req.body as { name?: string; revision?: number };
      const name = body.name?.trim() ?? recordedCaseName(email, ended, label, lang);
      let testCase: JourneyTestCase | null = null;
      // Added to the draft as it is when written (the designer sends the revision it shows: a draft saved since is refused).
      const saved = await changeDraft(
        store,
        draft.id,
        writer(req),
        (current) => {
          const cases = current.graph.tests ?? [];
          if (cases.length >= MAX_TEST_CASES) throw new HttpError(422, 'too_many_test_cases', words.tooManyTestCases(MAX_TEST_CASES));
          testCase = caseFromRecording(recorded, { id: idFromName(name, (id) => cases.some((c) => c.id === id), 'case'), name }, (v) => deps.testCaseSecrets.seal(v));
          const graph: FlowGraph = { ...current.graph, tests: [...cases, testCase] };
          // What was typed in the try must make a case the journey's schema accepts (or nothing is saved).
          const shape = checkFlowShape(graph, registry.inLanguage(lang), lang);
          if (!shape.graph) throw new HttpError(422, 'invalid_test_case', words.tryNotACase(shape.problems.map((p) => p.message).join(' ')));
          return { name: current.name, graph };
        },
        body.revision,
      );
      const recordedCase = testCase!;
      await audit('flow.test-case-recorded', req.admin!.id, { flowId: draft.id, caseId: recordedCase.id, answers: recordedCase.answers.length });
      res.status(201).json({ testCase: recordedCase, revision: saved.revision });
    },
  );

  router.post('/flows/:id/tests/seal', { permission: PERMISSIONS.journeysWrite, summary: "Seal a secret a test case types (a password): the sealed form is what the case keeps", params: ID_PARAMS, body: schemas.sealValue }, async (req, res) => {
    await draftOf(String(req.params.id), langOf(req));
    res.json({ sealed: deps.testCaseSecrets.seal((req.body as { value: string }).value) });
  });

  // A stale write's 409 says who saved the draft and when, for the designer to say it in the person's time.
  router.router.use(answerDraftChanged);
  return router;
}

