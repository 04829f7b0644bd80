import { DuplicateError } from '../store/port.js';
import { RunError } from '../runtime/errors.js';
import { StepRejected } from '../nodes/types.js';
import { DEFAULT_LANGUAGE, type Language } from '../languages.js';
import { fieldName, problemIn, type InputProblem } from './input-words.js';
import { inEveryLanguage, inLanguage, type Said, type Words } from './words.js';

/**
 * The one error hierarchy of Gerbang's HTTP surfaces. Anything thrown by a handler is turned into an
 * `HttpError` by `toHttpError`, then answered as `{ error, message }` (APIs) or an error page (people).
 * The few errors of inner layers (the store's DuplicateError, the runtime's RunError, a step's
 * StepRejected) stay theirs and are mapped here, so the inner layers know nothing of HTTP.
 * A refusal declares its words in every language (`{ en, id }`); `message` is the English, and the
 * answer is said in the language the request asked for (words.ts).
 */
export class HttpError extends Error {
  /** The words in every language, when the refusal declares them (else `message` is all there is). */
  readonly words: Words | undefined;

  constructor(
    readonly status: number,
    /** A stable machine-readable code, e.g. `invalid_request`, `not_found`. */
    readonly error: string,
    message: Said,
  ) {
    super(inLanguage(message, DEFAULT_LANGUAGE));
    this.name = 'HttpError';
    this.words = typeof message === 'string' ? undefined : message;
  }

  /** What the refusal says in `lang`. */
  messageIn(lang: Language): string {
    return this.words ? inLanguage(this.words, lang) : this.message;
  }
}

export class BadRequest extends HttpError {
  constructor(message: Said, error = 'invalid_request') {
    super(400, error, message);
  }
}

/**
 * A refusal about fields of the input, each problem with the JSON pointer of its field (answered as
 * `invalid`, the first one's pointer as `pointer`), so a form shows each under its field: a rule of a
 * route beyond its schema (an app's redirect URIs), an id already taken (409).
 */
export class FieldsRefused extends HttpError {
  constructor(
    status: number,
    error: string,
    readonly problems: InputProblem[],
    message: Said = inEveryLanguage((lang) => problems.map((p) => problemIn(p, lang).message).join(' ')),
  ) {
    super(status, error, message);
  }
}

/** Input its schema refuses: the message in the console's words, each problem where its field is. */
export class InvalidInput extends FieldsRefused {
  constructor(problems: InputProblem[], message?: Said) {
    super(400, 'invalid_request', problems, message);
  }
}

/**
 * A field refused by a route's own rule (beyond what its schema says), named by the schema's title as
 * the kit names refused input: `fieldRefused('body', CREATE, '/url', { en: 'must use https', id: 'harus memakai https' })`.
 */
export function fieldRefused(part: InputProblem['in'], schema: object, pointer: string, said: Said): InvalidInput {
  const words = inEveryLanguage((lang) => `${fieldName(schema as Record<string, unknown>, pointer, lang).name} ${inLanguage(said, lang)}.`);
  return new InvalidInput([{ in: part, pointer, message: words[DEFAULT_LANGUAGE], words }]);
}

export class Unauthorized extends HttpError {
  constructor(message: Said, error = 'unauthorized') {
    super(401, error, message);
  }
}

export class Forbidden extends HttpError {
  constructor(message: Said, error = 'forbidden') {
    super(403, error, message);
  }
}

export class NotFound extends HttpError {
  constructor(message: Said, error = 'not_found') {
    super(404, error, message);
  }
}

export class Conflict extends HttpError {
  constructor(message: Said, error = 'conflict') {
    super(409, error, message);
  }
}

/** Field messages as i18n keys, keyed by field: shown inline on pages, listed in the API's 422. */
export type FieldProblems = Record<string, { key: string; vars?: Record<string, string | number> }>;

/** Input that is well-formed but not acceptable (a wrong current password, a taken email...). */
export class InputError extends HttpError {
  constructor(readonly fields: FieldProblems) {
    super(
      422,
      'invalid_input',
      Object.entries(fields)
        .map(([field, p]) => `${field}: ${p.key}`)
        .join('; '),
    );
  }
}

/** One field of a form is not acceptable (a secret the provider refuses, a duplicate name): shown next to that field. */
export class FieldInvalid extends HttpError {
  constructor(
    readonly field: string,
    message: Said,
  ) {
    super(422, 'invalid_field', message);
  }
}

/** HTTP status of each reason a run cannot be shown or continued. */
const RUN_STATUS: Record<RunError['reason'], number> = {
  'not-found': 404,
  expired: 410,
  'wrong-browser': 403,
  conflict: 409,
  finished: 409,
  'flow-unavailable': 503,
  'requirement-unmet': 403,
  'not-allowed': 403,
};

/**
 * Maps anything thrown to the HttpError it answers as, or null for a server fault (logged, 500).
 * Besides our own errors: libraries' errors that mark themselves safe to show with a 4xx status
 * (`expose`, as http-errors does): body-parser's (malformed JSON, too large), oidc-provider's.
 */
export function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof RunError) return new HttpError(RUN_STATUS[err.reason], err.reason, err.message);
  if (err instanceof StepRejected) return new BadRequest(err.words, 'invalid_callback');
  if (err instanceof DuplicateError) return new Conflict({ en: err.message, id: `${err.entity} dengan ${err.field} ini sudah ada` });
  // The router could not percent-decode a path parameter (e.g. `/api/flows/%`).
  if (err instanceof URIError && (err as URIError & { status?: number }).status === 400) {
    return new BadRequest({ en: 'The address is not validly percent-encoded.', id: 'Alamat ini tidak dienkode persen dengan benar.' });
  }
  if (isExposedClientError(err)) {
    const said = err.error_description ?? err.message;
    const own = err.type ? BODY_WORDS[err.type] : undefined;
    return new HttpError(err.status, err.error ?? err.type ?? 'invalid_request', own ? { en: said, id: own } : said);
  }
  return null;
}

/** body-parser's refusals said in Bahasa Indonesia (its English stays its own). */
const BODY_WORDS: Record<string, string> = {
  'entity.parse.failed': 'Isi permintaan bukan JSON yang valid.',
  'entity.too.large': 'Isi permintaan terlalu besar.',
  'encoding.unsupported': 'Pengodean isi permintaan ini tidak didukung.',
  'charset.unsupported': 'Set karakter isi permintaan ini tidak didukung.',
  'request.aborted': 'Permintaan terputus sebelum isinya lengkap.',
  'request.size.invalid': 'Ukuran isi permintaan tidak sesuai dengan yang diumumkan.',
};

interface ExposedClientError extends Error {
  status: number;
  expose: true;
  /** http-errors' kind (body-parser), e.g. `entity.parse.failed`. */
  type?: string;
  /** OAuth error code and description (oidc-provider). */
  error?: string;
  error_description?: string;
}

function isExposedClientError(err: unknown): err is ExposedClientError {
  const e = err as Partial<ExposedClientError> | null;
  return err instanceof Error && e!.expose === true && typeof e!.status === 'number' && e!.status >= 400 && e!.status < 500;
}
