import { Ajv2020 } from 'ajv/dist/2020.js';
import type { DataValidateFunction } from 'ajv/dist/types/index.js';
import addFormats from 'ajv-formats';
import { MAX_TEST_CASES, testCaseSchema, testRunSchema } from './test-cases.js';

/** Identifiers used in graphs: node ids and outcome names. */
export const NODE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
export const OUTCOME_PATTERN = '^[a-z][a-z0-9_-]{0,63}$';
export const JOURNEY_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
export const STEP_TYPE_PATTERN = '^[a-z][a-z0-9-]{0,63}$';

/** How deep settings may nest: real step settings need about five levels. */
export const MAX_SETTINGS_DEPTH = 16;

/** JSON Schema of a flow graph (see flow/types.ts). Titles name each field in the designer's words (shape-words.ts). */
export const flowSchema = {
  $id: 'https://gerbang.dev/schemas/flow.json',
  title: 'Journey',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'version', 'start', 'nodes', 'edges'],
  properties: {
    id: { type: 'string', pattern: JOURNEY_ID_PATTERN, title: 'Journey id', examples: ['sign-in'], description: 'lower-case letters, digits and dashes' },
    name: { type: 'string', minLength: 1, maxLength: 120, title: 'Name' },
    description: { type: 'string', maxLength: 2000, title: 'Description' },
    purpose: {
      title: 'Purpose',
      enum: ['sign-in', 'recovery', 'step-up', 'account-action', 'admin-sign-in'],
      description: 'who may start the journey and what it may yield (sign-in when absent)',
    },
    version: { type: 'integer', minimum: 0, title: 'Version number' },
    start: { type: 'string', pattern: NODE_ID_PATTERN, title: 'Start step' },
    nodes: {
      type: 'array',
      title: 'Steps',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'type', 'settings', 'position'],
        properties: {
          id: { type: 'string', pattern: NODE_ID_PATTERN, title: 'Step id' },
          type: { type: 'string', pattern: STEP_TYPE_PATTERN, title: 'Step type' },
          label: { type: 'string', maxLength: 120, title: 'Name on the canvas' },
          settings: { type: 'object', maxDepth: MAX_SETTINGS_DEPTH, title: 'Settings', description: `nested at most ${MAX_SETTINGS_DEPTH} levels` },
          position: {
            type: 'object',
            title: 'Place on the canvas',
            additionalProperties: false,
            required: ['x', 'y'],
            properties: { x: { type: 'number', title: 'Across' }, y: { type: 'number', title: 'Down' } },
          },
        },
      },
    },
    edges: {
      type: 'array',
      title: 'Connections',
      maxItems: 2000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'outcome', 'to'],
        properties: {
          id: { type: 'string', maxLength: 128, title: 'Connection id' },
          from: { type: 'string', pattern: NODE_ID_PATTERN, title: 'Step it leaves' },
          outcome: { type: 'string', pattern: OUTCOME_PATTERN, title: 'Outcome' },
          to: { type: 'string', pattern: NODE_ID_PATTERN, title: 'Step it leads to' },
        },
      },
    },
    tests: { type: 'array', maxItems: MAX_TEST_CASES, items: testCaseSchema, title: 'Test cases', description: 'saved test cases, all run on publish' },
    testRun: { ...testRunSchema, title: 'Test results of this version', description: 'the results of the test cases this version was published with' },
  },
} as const;

/** One ajv instance for the engine: flow graphs, node settings and HTTP inputs. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false });
  addFormats.default(ajv);
  const maxDepth: DataValidateFunction = (max: number, data: unknown) => {
    if (!nestedDeeperThan(data, max)) return true;
    maxDepth.errors = [{ keyword: 'maxDepth', message: `is nested too deeply (at most ${max} levels)`, params: { limit: max } }];
    return false;
  };
  ajv.addKeyword({ keyword: 'maxDepth', type: ['object', 'array'], schemaType: 'number', validate: maxDepth });
  return ajv;
}

/**
 * Whether objects and arrays nest deeper than `max` levels, without recursion (a body nested 50,000
 * deep must be refused, not overflow the stack while being measured).
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (stack.length) {
    const { value: v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

