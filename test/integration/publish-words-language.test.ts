import { describe, expect, it } from 'vitest';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'test-admin-token-0123456789';

/**
 * What the server says about a journey being designed, in the console's language (`?lang=`): a step's
 * own checks, a graph that is not a journey, the publish refusal, its failing test cases and the change
 * list. English unless asked, exactly as before.
 */
describe("the designer's server-side words in a language", () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const call = tokenApi(() => gerbang.url, TOKEN);
  const messages = (body: { problems: Array<{ message: string }> }) => body.problems.map((p) => p.message);

  it("says a step's own checks in Bahasa Indonesia when the settings form asks the server, and in English otherwise", async () => {
    const settings = { mediumAt: 60, highAt: 40 };
    const id = await call('POST', '/node-types/risk/check?lang=id', { settings });
    expect(id.status).toBe(200);
    expect(id.body.invalid).toEqual([
      {
        in: 'body',
        pointer: '/settings',
        message: 'risiko "tinggi" harus mulai pada skor yang sama dengan atau di atas risiko "sedang"',
        said: 'risiko "tinggi" harus mulai pada skor yang sama dengan atau di atas risiko "sedang"',
      },
    ]);
    const en = await call('POST', '/node-types/risk/check', { settings });
    expect(en.body.invalid.map((p: { message: string }) => p.message)).toEqual(['"high" must start at or above "medium"']);
    // A field out of range, named by its Indonesian title, with what the form says under it.
    const outOfRange = await call('POST', '/node-types/password/check?lang=id', { settings: { maxAttempts: 500, lockMinutes: 15 } });
    expect(outOfRange.body.invalid).toEqual([
      {
        in: 'body',
        pointer: '/settings/maxAttempts',
        message: 'Jumlah kata sandi salah dari satu alamat sebelum alamat itu diblokir untuk akun tersebut harus paling banyak 50.',
        said: 'Harus paling banyak 50.',
      },
    ]);
    expect((await call('POST', '/node-types/risk/check?lang=fr', { settings })).status).toBe(400);
  });

  it("lists a step's own checks among the journey's problems in the language asked for", async () => {
    const created = await call('POST', '/flows', { id: 'cabang', name: 'Cabang' });
    const graph = created.body.graph;
    graph.nodes.push({
      id: 'split',
      type: 'ab-split',
      settings: {
        branches: [
          { outcome: 'a', weight: 30 },
          { outcome: 'b', weight: 30 },
        ],
      },
      position: { x: 300, y: 0 },
    });
    const checked = await call('POST', '/flows/cabang/check?lang=id', { graph });
    expect(messages(checked.body)).toContain('Langkah "Uji A/B": jumlah bagian semua cabang adalah 60 %, bukan 100 %');
    const english = await call('POST', '/flows/cabang/check', { graph });
    expect(messages(english.body)).toContain(`Step "A/B split": the branches' shares add up to 60 %, not 100 %`);
  });

  it('says what is wrong with a graph that is not a journey in Bahasa Indonesia, checked or saved', async () => {
    const { body } = await call('GET', '/flows/cabang');
    const graph = { ...body.graph, name: '', nodes: [...body.graph.nodes, 'a step'] };
    const checked = await call('POST', '/flows/cabang/check?lang=id', { graph });
    expect(messages(checked.body)).toEqual(['Nama perjalanan tidak boleh kosong.', 'Langkah nomor 3 tidak dapat dibaca.']);
    const saved = await call('PUT', '/flows/cabang?lang=id', { graph, revision: body.revision });
    expect(saved.status).toBe(400);
    expect(saved.body.message).toContain('Nama perjalanan tidak boleh kosong.');
    // English when no language is asked for, as before.
    const english = await call('PUT', '/flows/cabang', { graph, revision: body.revision });
    expect(english.body.message).toContain("The journey's name cannot be empty.");
  });
});
