import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkFlowShape } from './checks.js';
import { FIELD_TITLES_ID, schemaInLanguage } from './shape-words.js';
import { flowSchema } from './schema.js';
import { createNodeRegistry } from '../nodes/index.js';

const registry = createNodeRegistry();
/** The shipped sign-in journey as a hand editor would have it: plain JSON. */
const shipped = (): Record<string, any> => JSON.parse(readFileSync(new URL('../../flows/login-signup.json', import.meta.url), 'utf8'));
const problemsOf = (graph: unknown) => checkFlowShape(graph, registry).problems;
const node = (g: Record<string, any>, id: string) => g.nodes.find((n: { id: string }) => n.id === id);
const edge = (g: Record<string, any>, from: string, outcome: string) => g.edges.find((e: { from: string; outcome: string }) => e.from === from && e.outcome === outcome);

describe('a graph that is not a journey, in the words of the canvas', () => {
  it('names a step by its label, else its type title, and the field by its title, on the step concerned', () => {
    const g = shipped();
    node(g, 'password').config = { tries: 3 };
    node(g, 'profile').position = { x: 'left' };
    node(g, 'register').label = 'x'.repeat(121);
    delete node(g, 'locked').settings;
    expect(problemsOf(g)).toEqual([
      { code: 'schema', nodeId: 'password', message: 'Step "Password" has something the designer does not know ("config").' },
      // A label too long to be valid is not repeated back: the step's type names it.
      { code: 'schema', nodeId: 'register', message: 'Step "Sign up": Name on the canvas takes at most 120 characters.' },
      { code: 'schema', nodeId: 'profile', message: 'Step "Your name": Place on the canvas needs "Down".' },
      { code: 'schema', nodeId: 'profile', message: 'Step "Your name": Place on the canvas, Across must be a number.' },
      { code: 'schema', nodeId: 'locked', message: 'Step "Account locked" needs "Settings".' },
    ]);
  });

  it('names a connection by its outcome label and the steps it joins, and says how an id is written', () => {
    const g = shipped();
    edge(g, 'password', 'success').to = 'the profile';
    edge(g, 'identify', 'unknown').outcome = 'Unknown';
    expect(problemsOf(g).map((p) => p.message)).toEqual([
      // An outcome the step does not have has no label: the steps it joins name the connection.
      'A connection from "Ask for email" to "Sign up": Outcome is not written the expected way (a lower-case letter, then lower-case letters, digits, "-" or "_"; at most 64).',
      'The connection "Correct password" from "Password": Step it leads to is not written the expected way (a letter, then letters, digits, "-" or "_"; at most 64).',
    ]);
  });

  it('speaks of the journey, its start and its lists, and of a step or connection it cannot read by its place', () => {
    const g = shipped();
    delete g.start;
    g.name = '';
    g.purpose = 'signin';
    g.owner = 'me';
    g.nodes.push('a step');
    g.edges.push(null);
    expect(problemsOf(g).map((p) => p.message)).toEqual([
      'The journey needs "Start step".',
      'The journey has something the designer does not know ("owner").',
      "The journey's name cannot be empty.",
      'The journey\'s purpose must be one of: "sign-in", "recovery", "step-up", "account-action", "admin-sign-in".',
      'Step number 7 cannot be read.',
      'Connection number 9 cannot be read.',
    ]);
    expect(problemsOf({ ...shipped(), nodes: [] }).map((p) => p.message)).toEqual(['The journey needs at least one step.']);
    expect(problemsOf('{"id": "x"}').map((p) => p.message)).toEqual(['This is not a journey: a journey is a group of steps and connections.']);
  });

  it('names a saved test case by its name, else its place', () => {
    const g = shipped();
    g.tests = [{ id: 't1', name: 'Returning customer', persona: { email: 'ana@example.com', exists: 'yes' }, answers: [], expect: { end: 'success' } }, { id: 't2' }];
    const text = problemsOf(g).map((p) => p.message);
    expect(text).toContain('Test case "Returning customer": Persona, Exists must be yes or no.');
    expect(text).toContain('Test case number 2 needs "Name".');
  });

  it('never says a JSON path, a schema keyword or an internal id', () => {
    const g = shipped();
    for (const n of g.nodes) n.position.x = String(n.position.x);
    g.edges[3].from = '1st';
    g.version = -1;
    const text = problemsOf(g).map((p) => p.message).join('\n');
    expect(text).toContain('Step "Ask for email": Place on the canvas, Across must be a number.');
    expect(text).toContain("The journey's version number must be at least 0.");
    expect(text).not.toMatch(/\/|\bnodes\b|\bedges\b|instancePath|must match|additionalProperties|"identify"|"password"/);
  });
});

describe('a graph that is not a journey, in Bahasa Indonesia', () => {
  const inIndonesian = (graph: unknown) => checkFlowShape(graph, registry.inLanguage('id'), 'id').problems.map((p) => p.message);

  it('names the steps, connections, fields and parts of the journey in Indonesian words', () => {
    const g = shipped();
    node(g, 'password').config = { tries: 3 };
    node(g, 'profile').position = { x: 'left' };
    edge(g, 'identify', 'unknown').outcome = 'Unknown';
    delete g.start;
    g.name = '';
    g.nodes.push('a step');
    expect(inIndonesian(g)).toEqual([
      'Perjalanan ini memerlukan "Langkah awal".',
      'Nama perjalanan tidak boleh kosong.',
      'Langkah "Kata sandi" memiliki sesuatu yang tidak dikenal desainer ("config").',
      // The label the designer wrote stays as written; the words around it are Indonesian.
      'Langkah "Your name": Posisi di kanvas memerlukan "Menurun".',
      'Langkah "Your name": Posisi di kanvas, Mendatar harus berupa angka.',
      'Langkah nomor 7 tidak dapat dibaca.',
      'Sebuah sambungan dari "Minta email" ke "Daftar": Hasil tidak ditulis dengan cara yang diharapkan (sebuah huruf kecil, lalu huruf kecil, angka, "-" atau "_"; paling banyak 64).',
    ]);
    expect(inIndonesian({ ...shipped(), nodes: [] })).toEqual(['Perjalanan ini memerlukan paling sedikit satu langkah.']);
    expect(inIndonesian('{"id": "x"}')).toEqual(['Ini bukan perjalanan: perjalanan adalah sekumpulan langkah dan sambungan.']);
  });

  it("names a saved test case's fields in Indonesian", () => {
    const g = shipped();
    g.tests = [{ id: 't1', name: 'Pelanggan lama', persona: { email: 'ana@example.com', exists: 'ya' }, answers: [], expect: { end: 'success' } }, { id: 't2' }];
    const text = inIndonesian(g);
    expect(text).toContain('Kasus uji "Pelanggan lama": Persona, Sudah punya akun harus berupa ya atau tidak.');
    expect(text).toContain('Kasus uji nomor 2 memerlukan "Nama".');
  });

  it('has an Indonesian title for every field of a journey', () => {
    const titles: string[] = [];
    const collect = (value: unknown, english: unknown) => {
      if (typeof value !== 'object' || value === null) return;
      const props = (value as { properties?: Record<string, { title?: string }> }).properties;
      const englishProps = (english as { properties?: Record<string, { title?: string }> }).properties;
      for (const [key, field] of Object.entries(props ?? {})) {
        const before = englishProps?.[key]?.title ?? key;
        // Translated, or one of the words Bahasa Indonesia says the same way.
        if (field.title === before && !['Id', 'Email', 'Persona'].includes(field.title)) titles.push(`${key}: ${field.title}`);
      }
      for (const [key, v] of Object.entries(value)) collect(v, (english as Record<string, unknown>)?.[key] ?? {});
    };
    collect(schemaInLanguage(flowSchema, 'id'), flowSchema);
    expect(titles).toEqual([]);
    expect(Object.values(FIELD_TITLES_ID).every((t) => t.trim().length > 0)).toBe(true);
  });
});
