import type { FlowGraph, FlowNode } from './types.js';

/** What publishing the draft would change in the live version, in the designer's words. */
export interface JourneyChanges {
  /** False when the draft is the live version (nothing to publish). */
  changed: boolean;
  /** One line per change, e.g. `Step "Consent" added`. */
  lines: string[];
}

const nameOf = (n: FlowNode) => `"${n.label ?? n.id}"`;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Compares a draft with the live version: steps added, removed, renamed or with changed settings,
 * connections added or removed, the start, the name. Positions on the canvas are not changes.
 * With no live version, every step is new.
 */
export function journeyChanges(live: FlowGraph | null, draft: FlowGraph): JourneyChanges {
  const lines: string[] = [];
  const before = new Map((live?.nodes ?? []).map((n) => [n.id, n]));
  const after = new Map(draft.nodes.map((n) => [n.id, n]));
  const label = (id: string) => {
    const n = after.get(id) ?? before.get(id);
    return n ? nameOf(n) : `"${id}"`;
  };
  for (const n of draft.nodes) {
    const old = before.get(n.id);
    if (!old) lines.push(`Step ${nameOf(n)} added`);
    else {
      if ((old.label ?? old.id) !== (n.label ?? n.id)) lines.push(`Step ${nameOf(old)} renamed to ${nameOf(n)}`);
      if (old.type !== n.type || !sameJson(old.settings, n.settings)) lines.push(`Settings of step ${nameOf(n)} changed`);
    }
  }
  for (const n of live?.nodes ?? []) if (!after.has(n.id)) lines.push(`Step ${nameOf(n)} removed`);
  const key = (e: { from: string; outcome: string; to: string }) => `${e.from}|${e.outcome}|${e.to}`;
  const oldEdges = new Set((live?.edges ?? []).map(key));
  const newEdges = new Set(draft.edges.map(key));
  for (const e of draft.edges) if (!oldEdges.has(key(e))) lines.push(`Connection from ${label(e.from)} to ${label(e.to)} added`);
  for (const e of live?.edges ?? []) if (!newEdges.has(key(e))) lines.push(`Connection from ${label(e.from)} to ${label(e.to)} removed`);
  if (live && live.start !== draft.start) lines.push(`The journey now starts at ${label(draft.start)}`);
  if (live && live.name !== draft.name) lines.push(`Renamed to "${draft.name}"`);
  if (live && (live.description ?? '') !== (draft.description ?? '')) lines.push('Description changed');
  const liveCases = new Map((live?.tests ?? []).map((c) => [c.id, c]));
  const draftCases = new Set((draft.tests ?? []).map((c) => c.id));
  for (const c of draft.tests ?? []) {
    const old = liveCases.get(c.id);
    if (!old) lines.push(`Test case "${c.name}" added`);
    else if (!sameJson(old, c)) lines.push(`Test case "${c.name}" changed`);
  }
  for (const c of live?.tests ?? []) if (!draftCases.has(c.id)) lines.push(`Test case "${c.name}" removed`);
  return { changed: lines.length > 0, lines };
}

/**
 * An id from a name: lower-case letters, digits and dashes ("Sign up with 2FA" -> `sign-up-with-2fa`),
 * `fallback` when nothing of the name is left, made unique with a number when `taken` says so.
 */
export function idFromName(name: string, taken: (id: string) => boolean, fallback: string): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || fallback;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/** An id for a journey from its name (`journey` when nothing of the name is left). */
export const journeyIdFrom = (name: string, taken: (id: string) => boolean): string => idFromName(name, taken, 'journey');
