import express, { type RequestHandler, type Router } from 'express';
import { validate, type InputExplainer, type InputSchemas } from './validate.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a route declares besides its handler: enough to validate its input and to document it. */
export interface RouteDoc extends InputSchemas {
  summary: string;
  /** Status of a successful answer (200 when absent). */
  status?: number;
  /**
   * The permission a caller needs (e.g. `apps:write`); checked by the guard of the API that mounts
   * the table (the admin API refuses a route that declares none to everyone but an owner).
   */
  permission?: string;
  /** Words of the route's own for refused input (see InputExplainer). */
  explain?: InputExplainer;
  /**
   * Reads this route's body itself, in place of the API's JSON parser (its own types, size limit and
   * words for a body too large); the API mounts it before that parser (`bodyReaders`).
   */
  bodyReader?: RequestHandler;
}

export interface Route extends RouteDoc {
  method: Method;
  /** Express path, e.g. `/flows/:id`. */
  path: string;
}

/** Decides, from what a route declares, whether a request may reach it (calls `next(error)` if not). */
export type RouteGuard = (route: Route) => RequestHandler;

/**
 * A router that knows its routes: each is registered with ajv validation of the inputs it declares,
 * and listed in `routes`, from which the API description is generated, so the two cannot drift.
 */
export class RouteTable {
  readonly routes: Route[] = [];
  readonly router: Router = express.Router();
  private readers: Router | null = null;
  private guard: RouteGuard | null = null;

  /** The routes' own body readers (RouteDoc.bodyReader), for the API to mount before its JSON parser; null when no route has one. */
  get bodyReaders(): Router | null {
    return this.readers;
  }

  add(method: Method, path: string, doc: RouteDoc, ...handlers: RequestHandler[]): this {
    const route: Route = { ...doc, method, path };
    this.routes.push(route);
    if (doc.bodyReader) {
      const reader = doc.bodyReader;
      // A middleware, not a second route of that path: only the route itself answers it. `use` matches the
      // path's prefix, so the rest of the path must be empty.
      this.readers ??= express.Router();
      this.readers.use(path, (req, res, next) => (req.method === method.toUpperCase() && req.path === '/' ? reader(req, res, next) : next()));
    }
    const { params, query, body } = doc;
    // The guard runs before validation: a caller without the permission learns nothing about the input.
    const guarded: RequestHandler = (req, res, next) => (this.guard ? this.guard(route)(req, res, next) : next());
    this.router[method](path, guarded, validate({ params, query, body }, doc.explain), ...handlers);
    return this;
  }

  /** Checks every route of this table with `guard` (set by the API that mounts it) before its handler. */
  guardWith(guard: RouteGuard): this {
    this.guard = guard;
    return this;
  }

  get = (path: string, doc: RouteDoc, ...handlers: RequestHandler[]) => this.add('get', path, doc, ...handlers);
  post = (path: string, doc: RouteDoc, ...handlers: RequestHandler[]) => this.add('post', path, doc, ...handlers);
  put = (path: string, doc: RouteDoc, ...handlers: RequestHandler[]) => this.add('put', path, doc, ...handlers);
  patch = (path: string, doc: RouteDoc, ...handlers: RequestHandler[]) => this.add('patch', path, doc, ...handlers);
  delete = (path: string, doc: RouteDoc, ...handlers: RequestHandler[]) => this.add('delete', path, doc, ...handlers);
}

const PROBLEM_SCHEMA = {
  type: 'object',
  properties: { in: { enum: ['params', 'query', 'body'] }, pointer: { type: 'string', description: 'JSON pointer (RFC 6901) of the refused field in that part' }, message: { type: 'string' } },
};
const ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string', description: "in the console's words: fields named by their titles; in the language of Accept-Language (English, or Bahasa Indonesia with `id`)" },
    in: { ...PROBLEM_SCHEMA.properties.in, description: 'refused input (400): the part of the request of the first refused field' },
    pointer: PROBLEM_SCHEMA.properties.pointer,
    invalid: { type: 'array', items: PROBLEM_SCHEMA, description: 'refused input (400): every refused field' },
    field: { type: 'string', description: 'a field refused by the handler (422 invalid_field)' },
  },
};
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** The path of an express route in OpenAPI's notation: `/flows/:id` -> `/flows/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The OpenAPI 3.1 `paths` of a set of routes, from the very schemas their validation uses.
 * `errors` are the error answers every route shares (e.g. 401 and 403 of an authenticated API).
 */
export function openApiPaths(routes: Route[], errors: Record<string, string>) {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorAnswers = (extra: Record<string, string>) =>
    Object.fromEntries(Object.entries({ ...extra, ...errors }).map(([status, description]) => [status, { description, ...json(ERROR_SCHEMA) }]));
  for (const r of routes) {
    const props = (schema: object | undefined) => Object.entries(((schema as { properties?: Record<string, object> })?.properties ?? {}) as Record<string, object>);
    const required = (schema: object | undefined) => new Set(((schema as { required?: string[] })?.required ?? []) as string[]);
    const parameters = [
      ...props(r.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
      ...props(r.query).map(([name, schema]) => ({ name, in: 'query', required: required(r.query).has(name), schema })),
    ];
    const inputErrors: Record<string, string> = r.params || r.query || r.body ? { '400': 'Invalid input' } : {};
    if (r.params) inputErrors['404'] = 'Not found';
    const status = String(r.status ?? 200);
    paths[openApiPath(r.path)] ??= {};
    paths[openApiPath(r.path)][r.method] = {
      summary: r.summary,
      ...(r.permission ? { 'x-permission': r.permission } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, ...json(r.body) } } : {}),
      responses: { [status]: { description: status === '204' ? 'Done, nothing to return' : 'OK' }, ...errorAnswers(inputErrors) },
    };
  }
  return paths;
}
