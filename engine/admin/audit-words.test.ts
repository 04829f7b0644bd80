import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES } from '../languages.js';
import { AUDIT_DETAIL_LABELS, AUDIT_EVENT_GROUPS, AUDIT_EVENT_WORDS, FACTOR_WORDS, SIGN_IN_METHOD_WORDS } from './audit-words.js';

/** A call that records an audit event, read from the source: the literal types it records, or why none. */
interface AuditCall {
  file: string;
  line: number;
  types: string[];
  /** The call passes a `type` it was given (a helper forwarding to the store): its callers are scanned. */
  forwards: boolean;
}

// `.audit.event(…)` builds the event a store operation writes together with its change.
const CALL = /(?:\.audit\.record|\.audit\.event|\bthis\.audit|(?<![.\w])audit|(?<![.\w])record)\(/g;
const EVENT_LITERAL = /(?<![.\w])audit:\s*\{/g;
const TYPE_SHAPE = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;
/** Plumbing that passes events through without choosing their type. */
const PLUMBING = [/^engine\/store\//, /^engine\/outbox\/audit-stream\.ts$/, /^engine\/ops\//];

/** The text of the call's arguments, from just after `(` to its matching `)`. */
function argumentsOf(source: string, open: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return source.slice(open + 1, i);
  }
  return source.slice(open + 1);
}

/** Splits at the commas outside brackets and strings. */
function topLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) (parts.push(text.slice(start, i).trim()), (start = i + 1));
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

const literals = (text: string) => [...text.matchAll(/'([^'\\]*)'/g)].map((m) => m[1]);

/** Reads one call: a literal type (`'signin'`, `x ? 'a' : 'b'`, `{ type: 'signin', … }`) or a forwarded `type`. */
function readCall(args: string): { types: string[]; forwards: boolean; declaration: boolean } {
  const types: string[] = [];
  let forwards = false;
  let declaration = false;
  for (const arg of topLevel(args)) {
    if (arg.startsWith('{')) {
      for (const field of topLevel(arg.slice(1, -1))) {
        const literal = /^type:\s*'([^']*)'$/.exec(field);
        if (literal) types.push(literal[1]);
        else if (/^type(:\s*type)?$/.test(field)) forwards = true;
      }
    } else if (/^'[^']*'$/.test(arg) || /^[\w.!]+\s*\?\s*'[^']*'\s*:\s*'[^']*'$/.test(arg)) {
      types.push(...literals(arg).filter((l) => TYPE_SHAPE.test(l)));
    } else if (/^type\b/.test(arg)) forwards = true;
    else if (/^\w+\??:/.test(arg)) declaration = true;
  }
  return { types, forwards, declaration };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every call in the engine's source that records an audit event. */
function auditCalls(root: string): AuditCall[] {
  const calls: AuditCall[] = [];
  for (const path of sourceFiles(join(root, 'engine'))) {
    const file = relative(root, path).split('\\').join('/');
    if (PLUMBING.some((p) => p.test(file))) continue;
    const source = readFileSync(path, 'utf8');
    if (!source.includes('audit')) continue;
    for (const match of source.matchAll(CALL)) {
      const open = match.index! + match[0].length - 1;
      const line = source.slice(0, match.index).split('\n').length;
      const { types, forwards, declaration } = readCall(argumentsOf(source, open));
      // A method's declaration (`record(answer: …)`) records nothing; one taking a `type` forwards it.
      if (declaration && !forwards && !types.length) continue;
      calls.push({ file, line, types, forwards });
    }
    // An event handed to a store operation that writes it with its change (`audit: { type: '…', … }`).
    for (const match of source.matchAll(EVENT_LITERAL)) {
      const open = match.index! + match[0].length - 1;
      const line = source.slice(0, match.index).split('\n').length;
      const { types, forwards } = readCall(`{${argumentsOf(source, open)}}`);
      calls.push({ file, line, types, forwards });
    }
  }
  return calls;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the audit log in words', () => {
  const calls = auditCalls(ROOT);
  const recorded = new Set(calls.flatMap((c) => c.types));

  it('reads every call in the engine that records an audit event (a new shape of call fails here, not silently)', () => {
    const unread = calls.filter((c) => !c.types.length && !c.forwards).map((c) => `${c.file}:${c.line}`);
    expect(unread).toEqual([]);
    // The scanner finds what the engine is known to record, in each shape of call.
    for (const type of ['signin', 'signin.failed', 'factor.added', 'app.created', 'flow.published', 'attribute.reset', 'assurance.step-up', 'organisation.provider.removed']) {
      expect(recorded).toContain(type);
    }
  });

  it('names every event type the engine records, in every language of the console', () => {
    const unnamed = [...recorded].filter((type) => !AUDIT_EVENT_WORDS[type]);
    expect(unnamed).toEqual([]);
    for (const [type, words] of Object.entries(AUDIT_EVENT_WORDS)) {
      for (const lang of LANGUAGE_CODES) expect(words[lang].trim(), `${type} in ${lang}`).not.toBe('');
      expect(AUDIT_EVENT_GROUPS[words.group], type).toBeDefined();
    }
  });

  it('names no event type that nothing records (a type renamed in the engine is renamed here too)', () => {
    expect(Object.keys(AUDIT_EVENT_WORDS).filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('gives each event its own name in each language, so the filter never offers two alike', () => {
    for (const lang of LANGUAGE_CODES) {
      const names = Object.values(AUDIT_EVENT_WORDS).map((w) => w[lang]);
      expect(names.filter((name, i) => names.indexOf(name) !== i), lang).toEqual([]);
    }
  });

  it('has every detail label, sign-in method and factor in every language', () => {
    for (const table of [AUDIT_DETAIL_LABELS, SIGN_IN_METHOD_WORDS, FACTOR_WORDS]) {
      for (const [key, words] of Object.entries(table)) for (const lang of LANGUAGE_CODES) expect(words[lang].trim(), `${key} in ${lang}`).not.toBe('');
    }
  });
});
