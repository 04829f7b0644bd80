import { describe, expect, it } from 'vitest';
import type { JourneyTestCase } from '../../engine/flow/test-cases.js';
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

  const newcomer: JourneyTestCase = {
    id: 'newcomer-signs-up',
    name: 'Pendatang baru mendaftar',
    persona: { email: 'sari@example.com', exists: false },
    answers: [
      { step: 'identify', values: { email: 'sari@example.com' } },
      { step: 'register', values: { email: 'sari@example.com', password: 'a long enough password' } },
      { step: 'profile', values: { given_name: 'Sari', family_name: 'Dewi' } },
    ],
    expect: { end: 'success', step: 'done' },
  };

  it('refuses to publish with a failing test case saying which and why in Bahasa Indonesia, and lists the changes in it', async () => {
    await call('POST', '/flows', { id: 'toko', name: 'Toko', template: 'login-signup' });
    const draft = await call('GET', '/flows/toko');
    const saved = await call('PUT', '/flows/toko', { graph: { ...draft.body.graph, tests: [newcomer] }, revision: draft.body.revision });
    expect(saved.status).toBe(200);
    expect((await call('POST', '/flows/toko/publish?lang=id')).status).toBe(201);

    // A stricter password rule: the saved newcomer's password is now too short.
    const graph = (await call('GET', '/flows/toko')).body.graph;
    const register = graph.nodes.find((n: { id: string }) => n.id === 'register');
    register.settings = { policy: { ...register.settings.policy, minLength: 30 } };
    expect((await call('PUT', '/flows/toko', { graph })).status).toBe(200);

    const changes = await call('GET', '/flows/toko/changes?lang=id');
    expect(changes.body).toEqual({ liveVersion: 1, changed: true, lines: ['Pengaturan langkah "Daftar" diubah'] });
    expect((await call('GET', '/flows/toko/changes')).body.lines).toEqual(['Settings of step "Sign up" changed']);

    const refused = await call('POST', '/flows/toko/publish?lang=id');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('failing_test_cases');
    const reason = refused.body.testResults[0].reason;
    // The page it stopped at is quoted as the person saw it, in Bahasa Indonesia too.
    expect(reason).toMatch(/^Perjalanan berhenti di "Daftar": kasus ini tidak memiliki jawaban lain untuk langkah itu \(halaman itu menyatakan: ".*30.*"\)\.$/);
    expect(reason).not.toMatch(/the page said|It stopped/);
    expect(refused.body.message).toBe(`1 dari 1 kasus uji gagal, jadi perjalanan ini tidak diterbitkan. "Pendatang baru mendaftar": ${reason}`);

    // The same run on request, in each language.
    const ran = await call('POST', '/flows/toko/tests/run?lang=id', {});
    expect(ran.body.results[0].reason).toBe(reason);
    const english = await call('POST', '/flows/toko/publish');
    expect(english.body.message).toMatch(/^1 of 1 test case failed, so the journey was not published\. "Pendatang baru mendaftar": It stopped at "Sign up": the case has no further answer for that step \(the page said: ".*30.*"\)\.$/);
  });

  it('refuses to publish a journey with problems, counting them in Bahasa Indonesia', async () => {
    const { body } = await call('GET', '/flows/cabang');
    const refused = await call('POST', '/flows/cabang/publish?lang=id');
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe(`Perjalanan ini memiliki ${refused.body.problems.length} masalah yang harus diperbaiki sebelum diterbitkan.`);
    expect(body.problems.length).toBeGreaterThan(0);
    expect((await call('POST', '/flows/cabang/try?lang=id')).body.message).toBe('Perbaiki masalah perjalanan ini untuk mencobanya.');
    const noTry = await call('POST', '/flows/cabang/try/AAAAAAAAAAAAAAAAAAAAAAAA/test-case?lang=id', {});
    expect(noTry.status).toBe(404);
    expect(noTry.body.message).toBe('Tidak ada percobaan "Coba" milik Anda untuk perjalanan ini; mungkin sudah kedaluwarsa. Coba perjalanan ini lagi.');
  });

  it("refuses the journey routes' own requests in Bahasa Indonesia: an id taken, a journey in use, a version that does not exist", async () => {
    const taken = await call('POST', '/flows?lang=id', { name: 'Toko lain', id: 'toko' });
    expect(taken.status).toBe(409);
    expect(taken.body.invalid).toEqual([{ in: 'body', pointer: '/id', message: 'Perjalanan dengan id "toko" sudah ada; pilih id lain.' }]);
    expect((await call('POST', '/flows', { name: 'Toko lain', id: 'toko' })).body.message).toBe('A journey with the id "toko" already exists; choose another id.');

    const inUse = await call('DELETE', '/flows/login-signup?lang=id');
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toMatch(/^"[^"]+" tidak dapat dihapus: ini adalah perjalanan \/login \(proses masuk bawaan\)/);
    expect((await call('DELETE', '/flows/login-signup')).body.message).toMatch(/cannot be deleted: it is the journey of \/login \(the default sign-in\)/);

    expect((await call('GET', '/flows/toko/versions/9?lang=id')).body.message).toBe('Perjalanan "toko" tidak memiliki versi 9.');
    expect((await call('GET', '/flows/tidak-ada?lang=id')).body.message).toBe('Tidak ada perjalanan "tidak-ada".');
    expect((await call('POST', '/node-types/no-such-step/check?lang=id', { settings: {} })).body.message).toBe('Tidak ada jenis langkah "no-such-step".');
    // A language it does not speak is refused, never guessed.
    expect((await call('GET', '/flows/toko/versions/9?lang=toString')).status).toBe(400);
  });
});
