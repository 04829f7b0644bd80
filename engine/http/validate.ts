import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, nestedDeeperThan } from '../flow/schema.js';
import { BadRequest, HttpError, InvalidInput } from './errors.js';
import { describeInputErrors, type InputProblem } from './input-words.js';
import { inEveryLanguage, type Said } from './words.js';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES } from '../languages.js';

/** No HTTP input of Gerbang nests deeper than this. */
const MAX_INPUT_DEPTH = 32;

const ajv = createAjv();

/** The parts of a request a route validates; each is a JSON Schema. */
export interface InputSchemas {
  params?: object;
  query?: object;
  body?: object;
}

export type Part = keyof InputSchemas;

/**
 * A route's own words for what its validation refused (e.g. a journey's problems in the canvas's
 * words); when it returns nothing, the kit's: each field named by its schema's `title` (input-words.ts).
 */
export type InputExplainer = (part: Part, errors: ErrorObject[], value: unknown, req: Request) => string[] | undefined;

/** Express middleware: validates request parts with ajv schemas before the handler runs (400 otherwise). */
export function validate(schemas: InputSchemas, explain?: InputExplainer) {
  const compiled = Object.entries(schemas)
    .filter(([, schema]) => schema)
    .map(([part, schema]) => [part as Part, schema as Record<string, unknown>, ajv.compile(schema as object)] as const);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (schemas.body && req.body === undefined) {
      // No parser took the body: either there is none (validated as {}) or it is of a type not accepted here.
      if (hasContent(req)) {
        const type = String(req.headers['content-type'] ?? 'none').slice(0, 100);
        return next(new HttpError(415, 'unsupported_media_type', { en: `A body of type "${type}" is not accepted here.`, id: `Isi permintaan berjenis "${type}" tidak diterima di sini.` }));
      }
      req.body = {};
    }
    for (const [part, schema, fn] of compiled) {
      const value = (req[part] ?? {}) as unknown;
      // Deeper than any input of ours: refused before anything walks it recursively.
      if (nestedDeeperThan(value, MAX_INPUT_DEPTH)) return next(new BadRequest(tooDeep(part)));
      if (!(fn as ValidateFunction)(value)) {
        // The pointers are the kit's even when the route words the message itself.
        const problems = inputProblems(part, fn.errors, schema, value);
        const own = explain?.(part, fn.errors ?? [], value, req);
        return next(new InvalidInput(problems, own?.join(' ')));
      }
    }
    next();
  };
}

/**
 * A page's own answer to input its schema refused, after `validate`: a mailed link cut short or
 * mistyped tells the person the link is not valid, rather than naming its query parameters.
 */
export function answerRefusedInput(answer: (req: Request, res: Response) => void): ErrorRequestHandler {
  return (err, req, res, next) => (err instanceof InvalidInput ? answer(req, res) : next(err));
}

/** The parts of a request, named in Bahasa Indonesia. */
const PART_ID: Record<Part, string> = { params: 'Parameter alamat', query: 'Kueri', body: 'Isi permintaan' };

const tooDeep = (part: Part): Said => ({
  en: `${part} is nested too deeply (at most ${MAX_INPUT_DEPTH} levels).`,
  id: `${PART_ID[part]} bersarang terlalu dalam (paling banyak ${MAX_INPUT_DEPTH} tingkat).`,
});

/** The refused fields, each with its words in every language (said in the one the request asks for). */
function inputProblems(part: Part, errors: ErrorObject[] | null | undefined, schema: Record<string, unknown>, value: unknown): InputProblem[] {
  const said = Object.fromEntries(LANGUAGE_CODES.map((lang) => [lang, describeInputErrors(part, errors, schema, value, lang)]));
  return said[DEFAULT_LANGUAGE].map((problem, i) => ({ ...problem, words: inEveryLanguage((lang) => said[lang][i]?.message ?? problem.message) }));
}

function hasContent(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Hosted forms post flat string fields only; nested or repeated keys are refused. */
export const FORM_SCHEMA = {
  type: 'object',
  required: ['_csrf'],
  properties: { _csrf: { type: 'string', maxLength: 100 } },
  additionalProperties: { type: 'string', maxLength: 4096 },
  maxProperties: 60,
};
