import { describe, expect, it } from 'vitest';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';

interface NodeTypeView {
  type: string;
  title: string;
  description: string;
  categoryTitle: string;
  needs: string[];
  settingsSchema: { properties: Record<string, { title?: string; anyOf?: Array<{ title?: string }> }> };
  outcomes: Array<{ name: string; label: string }>;
  outcomeLabels: Record<string, string>;
}

/** The designer asks for the step types in the console's language; the API speaks English unless asked. */
describe('GET /api/node-types in a language', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const call = tokenApi(() => gerbang.url, TOKEN);
  const byType = (body: NodeTypeView[], type: string) => body.find((t) => t.type === type)!;

  it('answers in Bahasa Indonesia with ?lang=id: palette title, description, group, needs, outcome labels and settings titles', async () => {
    const { status, body } = await call('GET', '/node-types?lang=id');
    expect(status).toBe(200);
    const identify = byType(body, 'identify');
    expect(identify).toMatchObject({ title: 'Minta email', categoryTitle: 'Identifikasi' });
    expect(identify.description).toBe('Meminta alamat email terlebih dahulu, lalu melanjutkan sebagai pengguna yang sudah dikenal atau pengguna baru.');
    expect(identify.outcomes.map((o) => o.label)).toEqual(['Sudah punya akun', 'Pengguna baru']);
    expect(identify.outcomeLabels).toEqual({ known: 'Sudah punya akun', unknown: 'Pengguna baru' });
    expect(identify.settingsSchema.properties.heading!.title).toBe('Judul halaman');
    expect(identify.settingsSchema.properties.heading!.anyOf!.map((o) => o.title)).toEqual(['Teks yang sama di setiap bahasa', 'Teks per bahasa']);

    const password = byType(body, 'password');
    expect(password).toMatchObject({ title: 'Kata sandi', categoryTitle: 'Autentikasi', needs: ['alamat email'] });
    expect(password.settingsSchema.properties.maxAttempts!.title).toBe('Jumlah kata sandi salah dari satu alamat sebelum alamat itu diblokir untuk akun tersebut');
    // An outcome that only some settings add (skipping the enrolment) has its label too, for the canvas.
    expect(byType(body, 'mfa-enroll').outcomeLabels.skipped).toBe('Dilewati');
    const groups = body.map((t: NodeTypeView) => t.categoryTitle);
    expect([...new Set(groups)]).toEqual(['Identifikasi', 'Autentikasi', 'Profil & persetujuan', 'Logika', 'Akhir']);
  });

  it('answers in English by default and with ?lang=en, as before, with the same settings schemas apart from their texts', async () => {
    const plain = await call('GET', '/node-types');
    const en = await call('GET', '/node-types?lang=en');
    expect(en.body).toEqual(plain.body);
    const identify = byType(plain.body, 'identify');
    expect(identify).toMatchObject({ title: 'Ask for email', categoryTitle: 'Identify', outcomeLabels: {} });
    expect(identify.outcomes.map((o) => o.label)).toEqual(['Has an account', 'New user']);
    expect(identify.settingsSchema.properties.heading!.title).toBe('Page heading');
    expect(byType(plain.body, 'password').needs).toEqual(['an email address']);

    // The same steps, in the same order, with the same settings rules: only the words differ.
    const id = (await call('GET', '/node-types?lang=id')).body as NodeTypeView[];
    expect(id.map((t) => t.type)).toEqual(plain.body.map((t: NodeTypeView) => t.type));
    // Words: titles, descriptions and the names of an enum's values (x-enum-titles).
    const words = new Set(['title', 'description', 'x-enum-titles']);
    const shape = (schema: unknown) => JSON.stringify(schema, (key, value) => (words.has(key) ? undefined : value));
    for (const t of id) expect(shape(t.settingsSchema), t.type).toBe(shape(byType(plain.body, t.type).settingsSchema));
  });

  it('refuses a language it does not speak with a 400 naming the parameter', async () => {
    const { status, body } = await call('GET', '/node-types?lang=fr');
    expect(status).toBe(400);
    expect(body.invalid).toEqual([expect.objectContaining({ in: 'query', pointer: '/lang' })]);
  });
});

/** The graph's problems, as the designer lists them, in the language it asks for. */
describe("a journey's problems in a language", () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const call = tokenApi(() => gerbang.url, TOKEN);
  const messages = (body: { problems: Array<{ message: string }> }) => body.problems.map((p) => p.message);
  const byType = (body: Array<NodeTypeView & { defaultSettings: unknown }>, type: string) => body.find((t) => t.type === type)!;

  it('says them in Bahasa Indonesia with ?lang=id, naming steps and outcomes by their Indonesian names, and in English otherwise', async () => {
    const created = await call('POST', '/flows?lang=id', { id: 'orientasi', name: 'Orientasi' });
    expect(created.status).toBe(201);
    expect(messages(created.body)).toContain('Hasil "Sudah punya akun" dari langkah "Minta email" belum terhubung ke langkah berikutnya.');

    const english = await call('GET', '/flows/orientasi');
    expect(messages(english.body)).toContain('Outcome "Has an account" of step "Ask for email" is not connected to a next step.');
    const indonesian = await call('GET', '/flows/orientasi?lang=id');
    expect(indonesian.body.problems.map((p: { code: string }) => p.code)).toEqual(english.body.problems.map((p: { code: string }) => p.code));

    // A setting out of range, named by its Indonesian title; the path the proof draws, in Indonesian words.
    const graph = english.body.graph;
    graph.nodes.push({ id: 'password', type: 'password', settings: { maxAttempts: 500, lockMinutes: 15 }, position: { x: 300, y: 0 } });
    graph.edges.push({ id: 'e1', from: 'identify', outcome: 'known', to: 'password' });
    const saved = await call('PUT', '/flows/orientasi?lang=id', { graph, revision: english.body.revision });
    expect(saved.status).toBe(200);
    expect(messages(saved.body)).toContain(
      'Langkah "Kata sandi": Jumlah kata sandi salah dari satu alamat sebelum alamat itu diblokir untuk akun tersebut harus paling banyak 50.',
    );
    const publish = await call('POST', '/flows/orientasi/publish?lang=id');
    expect(publish.status).toBe(422);
    expect(messages(publish.body)).toContain('Langkah "Berhasil" tidak dapat dicapai dari awal.');
  });

  it('walks the paths in Indonesian words when the proof finds a need no step before meets', async () => {
    const { body } = await call('POST', '/flows', { id: 'ganti-sandi', name: 'Ganti sandi' });
    const graph = body.graph;
    const setPassword = byType((await call('GET', '/node-types')).body, 'set-password');
    graph.nodes = [
      { id: 'set', type: 'set-password', settings: setPassword.defaultSettings, position: { x: 0, y: 0 } },
      { id: 'success', type: 'success', settings: {}, position: { x: 300, y: 0 } },
    ];
    graph.start = 'set';
    graph.edges = [{ id: 'e1', from: 'set', outcome: 'done', to: 'success' }];
    const checked = await call('POST', '/flows/ganti-sandi/check?lang=id', { graph });
    expect(checked.status).toBe(200);
    expect(messages(checked.body).join('\n')).toMatch(/^Langkah "Atur kata sandi baru" memerlukan seseorang yang sudah masuk, tetapi perjalanan dimulai dengan langkah itu, jadi tidak ada langkah sebelumnya yang memasukkan orang itu\.$/m);
  });
});
