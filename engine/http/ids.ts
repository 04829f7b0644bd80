/**
 * The shapes of the identifiers that reach us in paths and queries, shared by every router so one
 * kind of id is checked the same way everywhere.
 */
export const ID_PATTERNS = {
  /** A run: 18 random bytes, base64url. */
  run: '^[A-Za-z0-9_-]{24}$',
  /** Flows, consent purposes: lower-case slugs. */
  slug: '^[a-z0-9][a-z0-9-]{0,63}$',
  /** An app's client id. */
  client: '^[a-z0-9][a-z0-9-]{2,63}$',
  /** A social connection's name. */
  connection: '^[a-z0-9][a-z0-9-]{0,31}$',
  /** oidc-provider's interaction uid. */
  interaction: '^[A-Za-z0-9_-]{10,64}$',
  /** Users (uuid-like). */
  user: '^[A-Za-z0-9-]{1,64}$',
  /** Sessions, credentials and other stored records. */
  record: '^[A-Za-z0-9_-]{1,100}$',
} as const;

export type IdKind = keyof typeof ID_PATTERNS;

/** A JSON Schema for one id. */
export const idSchema = (kind: IdKind) => ({ type: 'string', pattern: ID_PATTERNS[kind] });

/** A JSON Schema for path parameters, e.g. `paramsSchema({ id: 'slug', version: ... })`. */
export function paramsSchema(params: Record<string, IdKind | object>) {
  return {
    type: 'object',
    required: Object.keys(params),
    properties: Object.fromEntries(Object.entries(params).map(([name, p]) => [name, typeof p === 'string' ? idSchema(p) : p])),
  };
}

/** `{ runId }` of the hosted run routes: named for the person who mistyped the address of a sign-in page. */
export const RUN_PARAMS = paramsSchema({ runId: { ...idSchema('run'), title: 'Sign-in page address' } });
