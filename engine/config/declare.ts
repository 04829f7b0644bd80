/**
 * The vocabulary for declaring an environment variable once: its type, what is allowed, its default
 * and its meaning. The same declaration parses and checks the value at start and writes the README's
 * configuration table, so the two cannot disagree.
 */

/** One declared variable producing a value of type T. */
export interface Variable<T> {
  /** The type and the allowed values, in words, for the README and error messages. */
  readonly allowed: string;
  /** The default as the README shows it ("—" when unset means "off"). */
  readonly defaultText: string;
  /** What the variable does, one sentence for the README. */
  readonly meaning: string;
  /** Secrets are never echoed in error messages. */
  readonly secret: boolean;
  /** Turns the raw value (undefined or blank = unset) into the typed value, or throws a `ValueError`. */
  parse(raw: string | undefined): T;
}

/** A value that is not allowed; readConfig adds the variable's name and the allowed values. */
export class ValueError extends Error {}

/** Every configuration problem found at start, reported together so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Gerbang cannot start, the configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface Common {
  meaning: string;
  secret?: boolean;
}

/** Blank counts as unset, like a variable left empty in a compose file. */
function present(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value ? value : undefined;
}

type Optional<T, D> = D extends undefined ? T | undefined : T;

export function integer<D extends number | undefined>(o: Common & { min: number; max: number; default: D; defaultText?: string; unit?: string }): Variable<Optional<number, D>> {
  const unit = o.unit ? ` (${o.unit})` : '';
  return {
    allowed: `whole number ${o.min}–${o.max}${unit}`,
    defaultText: o.defaultText ?? (o.default === undefined ? '—' : `\`${o.default}\``),
    meaning: o.meaning,
    secret: false,
    parse(raw) {
      const value = present(raw);
      if (value === undefined) return o.default as Optional<number, D>;
      const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n) || n < o.min || n > o.max) throw new ValueError();
      return n;
    },
  };
}

export function boolean(o: Common & { default: boolean }): Variable<boolean> {
  return {
    allowed: '`true` or `false`',
    defaultText: `\`${o.default}\``,
    meaning: o.meaning,
    secret: false,
    parse(raw) {
      const value = present(raw)?.toLowerCase();
      if (value === undefined) return o.default;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      throw new ValueError();
    },
  };
}

export function text<D extends string | undefined>(
  o: Common & { default: D; defaultText?: string; minLength?: number; maxLength?: number; pattern?: RegExp; patternText?: string; keepSpaces?: boolean },
): Variable<Optional<string, D>> {
  const bounds =
    o.minLength && o.maxLength ? `${o.minLength}–${o.maxLength} characters` : o.minLength ? `at least ${o.minLength} characters` : o.maxLength ? `at most ${o.maxLength} characters` : '';
  return {
    allowed: [o.secret ? 'secret' : o.patternText ? '' : 'text', o.patternText, bounds].filter(Boolean).join(', '),
    defaultText: o.defaultText ?? (o.default === undefined ? '—' : `\`${o.default}\``),
    meaning: o.meaning,
    secret: o.secret ?? false,
    parse(raw) {
      const value = o.keepSpaces ? (raw === '' ? undefined : raw) : present(raw);
      if (value === undefined) return o.default as Optional<string, D>;
      if (o.minLength && value.length < o.minLength) throw new ValueError();
      if (o.maxLength && value.length > o.maxLength) throw new ValueError();
      if (o.pattern && !o.pattern.test(value)) throw new ValueError();
      return value;
    },
  };
}

export function choice<V extends string>(o: Common & { values: readonly V[]; default: V }): Variable<V> {
  return {
    allowed: o.values.map((v) => `\`${v}\``).join(', '),
    defaultText: `\`${o.default}\``,
    meaning: o.meaning,
    secret: false,
    parse(raw) {
      const value = present(raw);
      if (value === undefined) return o.default;
      if (!(o.values as readonly string[]).includes(value)) throw new ValueError();
      return value as V;
    },
  };
}

/** An absolute URL with one of the given schemes; `origin` also forbids a path (issuer, public URL). */
export function url<D extends string | undefined>(o: Common & { schemes: readonly string[]; default: D; defaultText?: string; origin?: boolean; orPath?: boolean }): Variable<Optional<string, D>> {
  const schemes = o.schemes.map((s) => `${s}://`).join(' or ');
  return {
    allowed: `${o.origin ? 'origin' : 'URL'} (${schemes}${o.orPath ? ', or a path starting with /' : ''})`,
    defaultText: o.defaultText ?? (o.default === undefined ? '—' : `\`${o.default}\``),
    meaning: o.meaning,
    secret: o.secret ?? false,
    parse(raw) {
      const value = present(raw);
      if (value === undefined) return o.default as Optional<string, D>;
      if (o.orPath && /^\/(?!\/)/.test(value)) return value;
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ValueError();
      }
      if (!o.schemes.includes(parsed.protocol.slice(0, -1))) throw new ValueError();
      if (o.origin) {
        if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) throw new ValueError('is not an origin (no path, query or credentials)');
        return parsed.origin;
      }
      return value;
    },
  };
}

/** Accepts what `check` accepts (e.g. the sign-in page's own email check). */
export function checked<D extends string | undefined>(o: Common & { default: D; allowed: string; check: (value: string) => boolean; normalise?: (value: string) => string }): Variable<Optional<string, D>> {
  return {
    allowed: o.allowed,
    defaultText: o.default === undefined ? '—' : `\`${o.default}\``,
    meaning: o.meaning,
    secret: o.secret ?? false,
    parse(raw) {
      const value = present(raw);
      if (value === undefined) return o.default as Optional<string, D>;
      if (!o.check(value)) throw new ValueError();
      return o.normalise ? o.normalise(value) : value;
    },
  };
}

/** A JSON value checked by `validate`, which returns the typed value or throws a ValueError saying why. */
export function json<T>(o: Common & { default: T; allowed: string; defaultText?: string; validate: (value: unknown) => T }): Variable<T> {
  return {
    allowed: o.allowed,
    defaultText: o.defaultText ?? '—',
    meaning: o.meaning,
    secret: o.secret ?? false,
    parse(raw) {
      const value = present(raw);
      if (value === undefined) return o.default;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new ValueError('is not valid JSON');
      }
      return o.validate(parsed);
    },
  };
}

/** The typed values of a set of declared variables. */
export type ValuesOf<V extends Record<string, Variable<unknown>>> = { [K in keyof V]: V[K] extends Variable<infer T> ? T : never };

/** A rule across variables (e.g. two that go together), stated once for the check and the README. */
export interface Rule<S> {
  /** The rule in words, e.g. "`GOOGLE_CLIENT_ID` and `GOOGLE_CLIENT_SECRET` are set together". */
  text: string;
  holds(settings: S): boolean;
}

/** Parses every declared variable from `env`; throws one ConfigError listing every bad value and broken rule. */
export function parseVariables<V extends Record<string, Variable<unknown>>>(declared: V, env: Record<string, string | undefined>, rules: Rule<ValuesOf<V>>[] = []): ValuesOf<V> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(declared)) {
    try {
      values[name] = variable.parse(env[name]);
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
      const shown = variable.secret ? '(the value given)' : JSON.stringify(String(env[name]).slice(0, 200));
      problems.push(`${name}: ${shown} ${err.message || 'is not allowed'}; allowed: ${stripTicks(variable.allowed)}.`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  for (const rule of rules) if (!rule.holds(values as ValuesOf<V>)) problems.push(`${stripTicks(rule.text)}.`);
  if (problems.length) throw new ConfigError(problems);
  return values as ValuesOf<V>;
}

const stripTicks = (s: string) => s.replace(/`/g, '');
