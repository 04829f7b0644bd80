import { describe, expect, it } from 'vitest';
import { FLOWS_DIR, shippedFlowWords, shippedFlows } from './seed-flows.js';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES } from '../languages.js';

const OTHER_LANGUAGES = LANGUAGE_CODES.filter((lang) => lang !== DEFAULT_LANGUAGE);

/** What a person reads of a shipped journey in the console: its name, description, step and rule labels. */
function consoleTexts(flows: ReturnType<typeof shippedFlows>) {
  return flows.map((flow) => ({
    id: flow.id,
    name: flow.name,
    description: flow.description,
    labels: flow.nodes.map((n) => [n.id, n.label]),
    rules: flow.nodes.map((n) => [n.id, Array.isArray(n.settings.rules) ? (n.settings.rules as Array<{ label?: string }>).map((r) => r.label) : []]),
  }));
}

describe('the shipped journeys in every language', () => {
  it.each(OTHER_LANGUAGES)('every name, description, step label and rule label of every shipped journey is written in %s, for steps that exist', (lang) => {
    const words = shippedFlowWords(FLOWS_DIR, lang);
    const english = shippedFlows();
    expect(Object.keys(words).sort()).toEqual(english.map((f) => f.id).sort());
    for (const flow of english) {
      const own = words[flow.id];
      expect(own.name, `${flow.id} name`).toBeTruthy();
      if (flow.description) expect(own.description, `${flow.id} description`).toBeTruthy();
      const labelled = flow.nodes.filter((n) => n.label).map((n) => n.id);
      expect(Object.keys(own.labels ?? {}).sort(), `${flow.id} step labels`).toEqual(labelled.sort());
      for (const node of flow.nodes) {
        const rules = Array.isArray(node.settings.rules) ? (node.settings.rules as Array<{ label?: string }>) : [];
        const said = own.rules?.[node.id] ?? [];
        rules.forEach((rule, i) => rule.label && expect(said[i], `${flow.id} ${node.id} rule ${i + 1}`).toBeTruthy());
      }
    }
  });

  it('seeded in Bahasa Indonesia, a journey reads in it and is otherwise the same journey', () => {
    const english = shippedFlows();
    const indonesian = shippedFlows(FLOWS_DIR, 'id');
    const signUp = indonesian.find((f) => f.id === 'login-signup')!;
    expect(signUp.name).toBe('Masuk atau daftar');
    expect(signUp.nodes.find((n) => n.id === 'profile')!.label).toBe('Nama Anda');
    const stepUp = indonesian.find((f) => f.id === 'step-up')!;
    expect((stepUp.nodes.find((n) => n.id === 'what')!.settings.rules as Array<{ label: string }>).map((r) => r.label)).toEqual(['Passkey (tingkat 3)', 'Tidak ada yang baru']);
    // No English name or label left.
    const englishTexts = new Set(consoleTexts(english).flatMap((f) => [f.name, f.description, ...f.labels.map(([, l]) => l), ...f.rules.flatMap(([, r]) => r as string[])]).filter(Boolean));
    const left = consoleTexts(indonesian).flatMap((f) => [f.name, f.description, ...f.labels.map(([, l]) => l), ...f.rules.flatMap(([, r]) => r as string[])]).filter((t) => t && englishTexts.has(t) && t !== 'Passkey');
    expect(left).toEqual([]);
    // Only the words differ: the same steps, settings, outcomes and connections.
    const shape = (flows: ReturnType<typeof shippedFlows>) =>
      flows.map((f) => ({ ...f, name: '', description: '', nodes: f.nodes.map((n) => ({ ...n, label: '', settings: { ...n.settings, ...(Array.isArray(n.settings.rules) ? { rules: (n.settings.rules as object[]).map((r) => ({ ...r, label: '' })) } : {}) } })) }));
    expect(shape(indonesian)).toEqual(shape(english));
  });
});
