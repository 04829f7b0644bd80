import type { NextFunction, Request, Response } from 'express';
import type { ValidateFunction } from 'ajv';
import { createAjv, describeAjvErrors, nestedDeeperThan } from '../flow/schema.js';

/** No HTTP input of Gerbang nests deeper than this. */
const MAX_INPUT_DEPTH = 32;

const ajv = createAjv();

/** An HTTP input that failed validation; rendered as `{ error, message }` (JSON) or an inline page. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

type Part = 'body' | 'params' | 'query';

/** Express middleware: validates request parts with ajv schemas before the handler runs. */
export function validate(schemas: Partial<Record<Part, object>>) {
  const compiled = Object.entries(schemas).map(([part, schema]) => [part as Part, ajv.compile(schema)] as const);
  return (req: Request, _res: Response, next: NextFunction) => {
    for (const [part, fn] of compiled) {
      const value = (req[part] ?? {}) as unknown;
      // Deeper than any input of ours: refused before anything walks it recursively.
      if (nestedDeeperThan(value, MAX_INPUT_DEPTH)) return next(new HttpError(400, 'invalid_request', `${part} is nested too deeply (at most ${MAX_INPUT_DEPTH} levels).`));
      if (!(fn as ValidateFunction)(value)) {
        return next(new HttpError(400, 'invalid_request', describeAjvErrors(fn.errors, part).join('; ')));
      }
    }
    next();
  };
}

export const RUN_ID_SCHEMA = {
  type: 'object',
  required: ['runId'],
  properties: { runId: { type: 'string', pattern: '^[A-Za-z0-9_-]{24}$' } },
};

/** Hosted forms post flat string fields only; nested or repeated keys are refused. */
export const FORM_SCHEMA = {
  type: 'object',
  required: ['_csrf'],
  properties: { _csrf: { type: 'string', maxLength: 100 } },
  additionalProperties: { type: 'string', maxLength: 4096 },
  maxProperties: 60,
};
