import type { FlowGraph, FlowNode } from './types.js';
import { publishWords } from './publish-words.js';

/** What publishing the draft would change in the live version, in the designer's words. */
export interface JourneyChanges {
  /** False when the draft is the live version (nothing to publish). */
  changed: boolean;
  /** One line per change, e.g. `Step "Consent" added`. */
  lines: string[];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Compares a draft with the live version: steps added, removed, renamed or with changed settings,
 * connections added or removed, the start, the name. Positions on the canvas are not changes.
 * With no live version, every step is new. Said in `lang` (English by default); a step is named as the
 * canvas names it: its label, else its type's title (`titleOf`, in the same language), else its id.
 */
export function journeyChanges(live: FlowGraph | null, draft: FlowGraph, lang: string = 'en', titleOf: (type: string) => string | undefined = () => undefined): JourneyChanges {
  const w = publishWords(lang);
  const nameOf = (n: FlowNode) => `"${n.label ?? titleOf(n.type) ?? n.id}"`;
  const lines: string[] = [];
  const before = new Map((live?.nodes ?? []).map((n) => [n.id, n]));
  const after = new Map(draft.nodes.map((n) => [n.id, n]));
  const label = (id: string) => {
    const n = after.get(id) ?? before.get(id);
    return n ? nameOf(n) : `"${id}"`;
  };
  for (const n of draft.nodes) {
    const old = before.get(n.id);
    if (!old) lines.push(w.stepAdded(nameOf(n)));
    else {
      if ((old.label ?? old.id) !== (n.label ?? n.id)) lines.push(w.stepRenamed(nameOf(old), nameOf(n)));
      if (old.type !== n.type || !sameJson(old.settings, n.settings)) lines.push(w.stepSettingsChanged(nameOf(n)));
    }
  }
  for (const n of live?.nodes ?? []) if (!after.has(n.id)) lines.push(w.stepRemoved(nameOf(n)));
  const key = (e: { from: string; outcome: string; to: string }) => `${e.from}|${e.outcome}|${e.to}`;
  const oldEdges = new Set((live?.edges ?? []).map(key));
  const newEdges = new Set(draft.edges.map(key));
  for (const e of draft.edges) if (!oldEdges.has(key(e))) lines.push(w.connectionAdded(label(e.from), label(e.to)));
  for (const e of live?.edges ?? []) if (!newEdges.has(key(e))) lines.push(w.connectionRemoved(label(e.from), label(e.to)));
  if (live && live.start !== draft.start) lines.push(w.startsAt(label(draft.start)));
  if (live && live.name !== draft.name) lines.push(w.renamed(draft.name));
  if (live && (live.description ?? '') !== (draft.description ?? '')) lines.push(w.descriptionChanged);
  const liveCases = new Map((live?.tests ?? []).map((c) => [c.id, c]));
  const draftCases = new Set((draft.tests ?? []).map((c) => c.id));
  for (const c of draft.tests ?? []) {
    const old = liveCases.get(c.id);
    if (!old) lines.push(w.testCaseAdded(c.name));
    else if (!sameJson(old, c)) lines.push(w.testCaseChanged(c.name));
  }
  for (const c of live?.tests ?? []) if (!draftCases.has(c.id)) lines.push(w.testCaseRemoved(c.name));
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
