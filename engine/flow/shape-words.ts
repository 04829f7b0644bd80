import type { ErrorObject } from 'ajv';
import type { StepCatalogue } from './steps.js';
import { JOURNEY_ID_PATTERN, NODE_ID_PATTERN, OUTCOME_PATTERN, STEP_TYPE_PATTERN } from './schema.js';
import { describeProblem, narrowAlternatives, problemWords, subjectOf, words, type Schema, type WordsLanguage } from './settings-words.js';

/**
 * A graph that is not a flow graph at all (an imported or hand-edited file, an API call) explained in
 * the words of the canvas: the step by its label or its type's title, the connection by its outcome's
 * label and the steps it joins, the field by the title the schema gives it; never a JSON path. Said in
 * the designer's languages (the catalogue given names the steps in the same one).
 */

/** One sentence about the graph, with the step or connection it concerns when there is one. */
export interface ShapeProblem {
  message: string;
  nodeId?: string;
  edgeId?: string;
}

/** The words of a graph's parts, in one language. */
interface ShapeWords {
  /** A step named by its title: `Step "Password"`; by its place: `Step number 3`. */
  step: (named: string) => string;
  connection: (named: string) => string;
  /** The connection by its outcome's label, when the step and its settings are known. */
  theConnection: (label: string) => string;
  aConnection: string;
  from: (step: string) => string;
  to: (step: string) => string;
  testCase: (named: string) => string;
  theJourney: string;
  notAJourney: string;
  cannotBeRead: string;
  /** What each top-level part of a graph is called. */
  parts: Record<string, string>;
  /** A part of the graph the designer has no name for. */
  part: (key: string) => string;
  /** The lists of a graph, one and many. */
  lists: Record<string, [string, string]>;
  needsAtLeastOne: (noun: string) => string;
  needsAtLeast: (many: string) => string;
  takesAtMost: (many: string) => string;
  /** How the identifiers of a graph are written, for a pattern they do not match. */
  patterns: Record<string, string>;
}

const SHAPE_WORDS: Record<WordsLanguage, ShapeWords> = {
  en: {
    step: (named) => `Step ${named}`,
    connection: (named) => `Connection ${named}`,
    theConnection: (label) => `The connection "${label}"`,
    aConnection: 'A connection',
    from: (step) => `from ${step}`,
    to: (step) => `to ${step}`,
    testCase: (named) => `Test case ${named}`,
    theJourney: 'The journey',
    notAJourney: 'This is not a journey: a journey is a group of steps and connections.',
    cannotBeRead: 'cannot be read',
    parts: {
      id: "The journey's id",
      name: "The journey's name",
      description: "The journey's description",
      purpose: "The journey's purpose",
      version: "The journey's version number",
      start: 'The start step',
      nodes: 'The steps',
      edges: 'The connections',
      tests: 'The test cases',
      testRun: 'The test results of this version',
    },
    part: (key) => `The journey's "${key}"`,
    lists: { nodes: ['step', 'steps'], edges: ['connection', 'connections'], tests: ['test case', 'test cases'] },
    needsAtLeastOne: (noun) => `The journey needs at least one ${noun}.`,
    needsAtLeast: (many) => `The journey needs at least ${many}.`,
    takesAtMost: (many) => `A journey takes at most ${many}.`,
    patterns: {
      [NODE_ID_PATTERN]: 'a letter, then letters, digits, "-" or "_"; at most 64',
      [OUTCOME_PATTERN]: 'a lower-case letter, then lower-case letters, digits, "-" or "_"; at most 64',
      [JOURNEY_ID_PATTERN]: 'lower-case letters, digits and dashes; at most 64',
      [STEP_TYPE_PATTERN]: 'lower-case letters, digits and dashes',
    },
  },
  id: {
    step: (named) => `Langkah ${named}`,
    connection: (named) => `Sambungan ${named}`,
    theConnection: (label) => `Sambungan "${label}"`,
    aConnection: 'Sebuah sambungan',
    from: (step) => `dari ${step}`,
    to: (step) => `ke ${step}`,
    testCase: (named) => `Kasus uji ${named}`,
    theJourney: 'Perjalanan ini',
    notAJourney: 'Ini bukan perjalanan: perjalanan adalah sekumpulan langkah dan sambungan.',
    cannotBeRead: 'tidak dapat dibaca',
    parts: {
      id: 'Id perjalanan',
      name: 'Nama perjalanan',
      description: 'Deskripsi perjalanan',
      purpose: 'Tujuan perjalanan',
      version: 'Nomor versi perjalanan',
      start: 'Langkah awal',
      nodes: 'Daftar langkah',
      edges: 'Daftar sambungan',
      tests: 'Daftar kasus uji',
      testRun: 'Hasil uji versi ini',
    },
    part: (key) => `Bagian "${key}" perjalanan`,
    lists: { nodes: ['langkah', 'langkah'], edges: ['sambungan', 'sambungan'], tests: ['kasus uji', 'kasus uji'] },
    needsAtLeastOne: (noun) => `Perjalanan ini memerlukan paling sedikit satu ${noun}.`,
    needsAtLeast: (many) => `Perjalanan ini memerlukan paling sedikit ${many}.`,
    takesAtMost: (many) => `Sebuah perjalanan paling banyak memuat ${many}.`,
    patterns: {
      [NODE_ID_PATTERN]: 'sebuah huruf, lalu huruf, angka, "-" atau "_"; paling banyak 64',
      [OUTCOME_PATTERN]: 'sebuah huruf kecil, lalu huruf kecil, angka, "-" atau "_"; paling banyak 64',
      [JOURNEY_ID_PATTERN]: 'huruf kecil, angka, dan tanda hubung; paling banyak 64',
      [STEP_TYPE_PATTERN]: 'huruf kecil, angka, dan tanda hubung',
    },
  },
};

/**
 * The fields of a journey in Bahasa Indonesia, by the English title the schema gives them (or, for a
 * field without one, its key in words): what a problem names a field by.
 */
export const FIELD_TITLES_ID: Record<string, string> = {
  Journey: 'Perjalanan',
  'Journey id': 'Id perjalanan',
  Name: 'Nama',
  Description: 'Deskripsi',
  Purpose: 'Tujuan',
  'Version number': 'Nomor versi',
  'Start step': 'Langkah awal',
  Steps: 'Langkah',
  'Step id': 'Id langkah',
  'Step type': 'Jenis langkah',
  'Name on the canvas': 'Nama di kanvas',
  Settings: 'Pengaturan',
  'Place on the canvas': 'Posisi di kanvas',
  Across: 'Mendatar',
  Down: 'Menurun',
  Connections: 'Sambungan',
  'Connection id': 'Id sambungan',
  'Step it leaves': 'Langkah asal',
  Outcome: 'Hasil',
  'Step it leads to': 'Langkah tujuan',
  'Test cases': 'Kasus uji',
  'Test results of this version': 'Hasil uji versi ini',
  // A test case's fields (named by their keys).
  Id: 'Id',
  Persona: 'Persona',
  Email: 'Email',
  Exists: 'Sudah punya akun',
  Password: 'Kata sandi',
  'Email verified': 'Email terverifikasi',
  Attributes: 'Atribut',
  Answers: 'Jawaban',
  Step: 'Langkah',
  Values: 'Nilai',
  Action: 'Tombol',
  Expect: 'Hasil yang diharapkan',
  End: 'Akhir',
  Sealed: 'Nilai tersegel',
  // The test results a version was published with.
  'Ran at': 'Dijalankan pada',
  Results: 'Hasil',
  'Case id': 'Id kasus',
  Passed: 'Lulus',
  Path: 'Jalur',
  From: 'Dari',
  To: 'Ke',
  'Stopped at': 'Berhenti di',
  Ended: 'Berakhir',
  Reason: 'Alasan',
};

/**
 * The schema with every field titled in `lang` (a field without a title gets its key in words first,
 * as English names it), so problems name fields in that language. English: the schema as it is.
 */
export function schemaInLanguage(schema: Schema, lang: WordsLanguage): Schema {
  if (lang === 'en') return schema;
  const titled = (title: string) => FIELD_TITLES_ID[title] ?? title;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'properties' && typeof v === 'object' && v !== null) {
        out.properties = Object.fromEntries(
          Object.entries(v).map(([name, field]) => {
            const walked = walk(field) as Record<string, unknown>;
            return [name, { ...walked, title: titled(typeof walked.title === 'string' ? walked.title : words(name)) }];
          }),
        );
      } else if (key === 'title' && typeof v === 'string') out.title = titled(v);
      else out[key] = walk(v);
    }
    return out;
  };
  return walk(schema) as Schema;
}
const localised = new Map<Schema, Schema>();
const schemaIn = (schema: Schema, lang: WordsLanguage) => {
  if (lang === 'en') return schema;
  if (!localised.has(schema)) localised.set(schema, schemaInLanguage(schema, lang));
  return localised.get(schema)!;
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A name to show: a short, non-empty text (a label too long to be valid is not repeated back). */
const text = (v: unknown) => (typeof v === 'string' && v.trim() && v.length <= 120 ? v : undefined);

/** How a step is named on the canvas: its label, else its type's title (quoted), else its place in the list. */
function stepName(node: unknown, index: number, catalogue: StepCatalogue, lang: WordsLanguage): string {
  const title = isObject(node) ? (text(node.label) ?? (typeof node.type === 'string' ? catalogue.step(node.type)?.title : undefined)) : undefined;
  return title ? `"${title}"` : problemWords(lang).number(index + 1);
}

/** The label of an outcome of a step, when the step is known and its settings are valid. */
function outcomeLabel(node: unknown, outcome: unknown, catalogue: StepCatalogue): string | undefined {
  if (!isObject(node) || typeof node.type !== 'string' || typeof outcome !== 'string') return undefined;
  const kind = catalogue.step(node.type);
  if (!kind || kind.validateSettings(node.settings).length) return undefined;
  return kind.outcomes(node.settings as Json).find((o) => o.name === outcome)?.label;
}

/** How a connection is named: "The connection "Correct password" from "Password" to "Success"". */
function connectionWords(edge: unknown, index: number, nodes: unknown[], catalogue: StepCatalogue, lang: WordsLanguage): string {
  const w = SHAPE_WORDS[lang];
  if (!isObject(edge)) return w.connection(problemWords(lang).number(index + 1));
  const find = (id: unknown) => {
    const at = nodes.findIndex((n) => isObject(n) && n.id === id);
    return at < 0 ? undefined : { node: nodes[at], words: stepName(nodes[at], at, catalogue, lang) };
  };
  const from = find(edge.from);
  const to = find(edge.to);
  const label = from && outcomeLabel(from.node, edge.outcome, catalogue);
  const parts = [label ? w.theConnection(label) : w.aConnection, from ? w.from(from.words) : '', to ? w.to(to.words) : ''];
  return parts.filter(Boolean).join(' ');
}

/** How a saved test case is named: by its name, else its place in the list. */
function testCaseWords(testCase: unknown, index: number, lang: WordsLanguage): string {
  const name = text(isObject(testCase) ? testCase.name : undefined);
  return SHAPE_WORDS[lang].testCase(name ? `"${name}"` : problemWords(lang).number(index + 1));
}

const sentence = (subject: string, said: string) => `${subject} ${said}.`;

function wrongWords(e: ErrorObject, schema: Schema | undefined, lang: WordsLanguage): string {
  const how = e.keyword === 'pattern' ? SHAPE_WORDS[lang].patterns[String((e.params as { pattern: string }).pattern)] : undefined;
  return how ? `${problemWords(lang).pattern} (${how})` : describeProblem(e, schema, 'graph', lang);
}

/**
 * Each ajv error of a flow graph (validated against `schema`) as a sentence in the canvas's words, in
 * `lang` (English by default; `catalogue` names the steps, in the same language).
 */
export function describeFlowShapeErrors(errors: ErrorObject[] | null | undefined, input: unknown, englishSchema: Schema, catalogue: StepCatalogue, language: string = 'en'): ShapeProblem[] {
  const lang: WordsLanguage = Object.hasOwn(SHAPE_WORDS, language) ? (language as WordsLanguage) : 'en';
  const w = SHAPE_WORDS[lang];
  const schema = schemaIn(englishSchema, lang);
  const graph = isObject(input) ? input : {};
  const nodes = Array.isArray(graph.nodes) ? graph.nodes : [];
  const edges = Array.isArray(graph.edges) ? graph.edges : [];
  const tests = Array.isArray(graph.tests) ? graph.tests : [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const problems = narrowAlternatives(errors ?? []).map((e): ShapeProblem => {
    const [part, index, ...rest] = e.instancePath.split('/').slice(1);
    if (part === undefined) {
      if (!isObject(input)) return { message: w.notAJourney };
      return { message: sentence(w.theJourney, wrongWords(e, schema, lang)) };
    }
    const partSchema = properties[part];
    const itemSchema = (partSchema?.items ?? undefined) as Schema | undefined;
    const list = part === 'nodes' ? nodes : part === 'edges' ? edges : part === 'tests' ? tests : null;
    if (list && index !== undefined && itemSchema) {
      const i = Number(index);
      const item = list[i];
      const whole =
        part === 'nodes' ? w.step(stepName(item, i, catalogue, lang)) : part === 'edges' ? connectionWords(item, i, nodes, catalogue, lang) : testCaseWords(item, i, lang);
      const located = {
        ...(part === 'nodes' && isObject(item) && typeof item.id === 'string' ? { nodeId: item.id } : {}),
        ...(part === 'edges' && isObject(item) && typeof item.id === 'string' ? { edgeId: item.id } : {}),
      };
      if (!rest.length) {
        return { message: sentence(whole, e.keyword === 'type' ? w.cannotBeRead : wrongWords(e, itemSchema, lang)), ...located };
      }
      const { subject, schema: at } = subjectOf(itemSchema, `/${rest.join('/')}`, lang);
      return { message: `${whole}: ${sentence(subject, wrongWords(e, at, lang))}`, ...located };
    }
    const noun = w.lists[part];
    if (noun && index === undefined && (e.keyword === 'minItems' || e.keyword === 'maxItems')) {
      const limit = Number((e.params as { limit: number }).limit);
      const many = `${limit} ${limit === 1 ? noun[0] : noun[1]}`;
      return { message: e.keyword === 'minItems' ? (limit === 1 ? w.needsAtLeastOne(noun[0]) : w.needsAtLeast(many)) : w.takesAtMost(many) };
    }
    const { subject, schema: at } = subjectOf(partSchema ?? {}, `/${[index, ...rest].filter((s) => s !== undefined).join('/')}`.replace(/^\/$/, ''), lang);
    const whole = w.parts[part] ?? w.part(part);
    return { message: subject ? `${whole}: ${sentence(subject, wrongWords(e, at, lang))}` : sentence(whole, wrongWords(e, partSchema, lang)) };
  });
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && seen.add(p.message));
}
