import { describe, expect, it } from 'vitest';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';
import { hasTitleWords } from '../../engine/http/title-words.js';

const TOKEN = 'refusals-language-token-0123456789';

/**
 * The admin API says its refusals in the language the request asks for (`Accept-Language`, as the
 * console's API client sends the console's language): Bahasa Indonesia when asked, English otherwise,
 * with the same `error` codes and field pointers in both.
 */
describe("the admin API's refusals in the console's language", () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const call = tokenApi(() => gerbang.url, TOKEN);
  const auth = { authorization: `Bearer ${TOKEN}` };
  /** The same request asked in English (no language, as API clients ask) and in Bahasa Indonesia. */
  const both = async (method: string, path: string, body?: unknown) => ({
    en: await call(method, path, body),
    id: await call(method, path, body, { ...auth, 'accept-language': 'id-ID,id;q=0.9,en;q=0.5' }),
  });
  const sameShape = (a: { status: number; body: Record<string, unknown> }, b: { status: number; body: Record<string, unknown> }) => {
    expect(b.status).toBe(a.status);
    expect(b.body.error).toBe(a.body.error);
    expect(b.body.pointer).toBe(a.body.pointer);
    expect((b.body.invalid as Array<{ pointer: string }> | undefined)?.map((p) => p.pointer)).toEqual((a.body.invalid as Array<{ pointer: string }> | undefined)?.map((p) => p.pointer));
  };

  it("names every field of every route in Bahasa Indonesia (read from the API's own description)", async () => {
    const description = await (await fetch(`${gerbang.url}/api/openapi.json`)).json();
    const titles = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'title' && typeof inner === 'string') titles.add(inner);
          else walk(inner);
        }
      }
    };
    walk(description.paths);
    expect(titles.size).toBeGreaterThan(100);
    expect([...titles].filter((title) => !hasTitleWords(title))).toEqual([]);
  });

  it("an app's own rule: a public app without a redirect URI, on saving and while typed", async () => {
    const { en, id } = await both('POST', '/apps', { name: 'Toko', type: 'public', redirectUris: [], flowId: 'login-signup' });
    expect(en.status).toBe(400);
    expect(en.body).toEqual({
      error: 'invalid_client_metadata',
      message: 'public apps need at least one redirect URI',
      in: 'body',
      pointer: '/redirectUris',
      invalid: [{ in: 'body', pointer: '/redirectUris', message: 'public apps need at least one redirect URI' }],
    });
    sameShape(en, id);
    expect(id.body.message).toBe('Aplikasi publik memerlukan paling sedikit satu URI pengalihan');
    expect(id.body.invalid[0].message).toBe('Aplikasi publik memerlukan paling sedikit satu URI pengalihan');

    const typed = await both('POST', '/apps/check', { type: 'native', redirectUris: ['myapp:/callback'], flowId: 'no-such-journey' });
    expect(typed.en.body.invalid.map((p: { message: string }) => p.message)).toEqual([
      `"myapp:/callback" uses the scheme "myapp"; a native app's private-use scheme is a domain it controls in reverse order, like com.example.shop`,
      'There is no published journey "no-such-journey".',
    ]);
    expect(typed.id.body.invalid.map((p: { message: string }) => p.message)).toEqual([
      `"myapp:/callback" memakai skema "myapp"; skema khusus aplikasi native adalah domain yang dikuasainya dalam urutan terbalik, seperti com.example.shop`,
      'Tidak ada perjalanan terbit bernama "no-such-journey".',
    ]);
  });

  it('fields its schema refuses, named by their Indonesian labels', async () => {
    const { en, id } = await both('POST', '/apps', { name: '', type: 'public', redirectUris: ['https://ok.example/cb', 42], flowId: 'login-signup', branding: { primaryColor: 'red' } });
    expect(en.status).toBe(400);
    sameShape(en, id);
    expect(en.body.invalid.map((p: { message: string }) => p.message)).toEqual([
      'Name cannot be empty.',
      'Redirect URI 2 must be text.',
      'Branding, Primary colour is not written the expected way (like "#1a73e8").',
    ]);
    expect(id.body.invalid.map((p: { message: string }) => p.message)).toEqual([
      'Nama tidak boleh kosong.',
      'URI pengalihan 2 harus berupa teks.',
      'Merek, Warna utama tidak ditulis dengan cara yang diharapkan (seperti "#1a73e8").',
    ]);
    expect(id.body.message).toBe(id.body.invalid.map((p: { message: string }) => p.message).join(' '));

    const missing = await both('POST', '/apps', { type: 'public' });
    expect(missing.en.body.invalid).toContainEqual({ in: 'body', pointer: '/name', message: 'Name is required.' });
    expect(missing.id.body.invalid).toContainEqual({ in: 'body', pointer: '/name', message: 'Nama wajib diisi.' });
    expect(missing.id.body.invalid).toContainEqual({ in: 'body', pointer: '/redirectUris', message: 'URI pengalihan wajib diisi.' });
  });

  it('not found, and an unknown endpoint', async () => {
    const app = await both('GET', '/apps/no-such-app');
    expect(app.en.body).toEqual({ error: 'not_found', message: 'No such app.' });
    expect(app.id.body).toEqual({ error: 'not_found', message: 'Aplikasi tidak ditemukan.' });
  });

  it('a body that is not JSON', async () => {
    const { en, id } = await both('POST', '/apps', '{oops');
    expect(en.status).toBe(400);
    sameShape(en, id);
    expect(id.body.message).toBe('Isi permintaan bukan JSON yang valid.');
  });
});
