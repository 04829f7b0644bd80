import { RE2JS } from 're2js';

/**
 * Patterns set by administrators (a profile field's "Pattern") run on every visitor's input, so they
 * run on RE2 (re2js, pure JavaScript): time linear in the input, whatever the pattern. `(a+)+` on a
 * long hostile value answers at once instead of blocking the single thread. RE2 has no look-around or
 * back-references; such patterns are refused when the flow is checked.
 */
const compiled = new Map<string, RE2JS | null>();
const MAX_CACHED = 500;

function compile(pattern: string): RE2JS | null {
  if (compiled.has(pattern)) return compiled.get(pattern)!;
  let re: RE2JS | null;
  try {
    re = RE2JS.compile(pattern);
  } catch {
    re = null;
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(pattern, re);
  return re;
}

/** Whether the whole value matches the pattern; a pattern RE2 cannot run matches nothing. */
export function matchesPattern(pattern: string, value: string): boolean {
  return compile(pattern)?.matches(value) ?? false;
}

/** Why a pattern cannot be used, in words for the flow's problems; null when it can. */
export function patternProblem(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^error parsing regexp: /, '');
  }
}
