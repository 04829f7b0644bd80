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

  it("other routes' own rules: a webhook's URL, the protection thresholds, an attribute's definition, a user's profile", async () => {
    const hook = await both('POST', '/webhooks', { url: 'http://crm.example.com/hook', eventTypes: ['user.created'] });
    expect(hook.en.status).toBe(400);
    sameShape(hook.en, hook.id);
    expect(hook.en.body.invalid).toEqual([{ in: 'body', pointer: '/url', message: 'URL must use https (http only to localhost).' }]);
    expect(hook.id.body.invalid).toEqual([{ in: 'body', pointer: '/url', message: 'URL harus memakai https (http hanya ke localhost).' }]);

    const values = { ...(await call('GET', '/protection')).body.thresholds.values, revision: 0 };
    const late = await both('PUT', '/protection/thresholds', { ...values, botChallengeAfterFailures: values.addressFailures + 10 });
    expect(late.en.status).toBe(400);
    sameShape(late.en, late.id);
    expect(late.en.body.message).toBe(`The bot challenge must be asked before an address is refused: at most ${values.addressFailures} failures (the address limit), not ${values.addressFailures + 10}.`);
    expect(late.id.body.message).toBe(`Tantangan bot harus diminta sebelum sebuah alamat ditolak: paling banyak ${values.addressFailures} kegagalan (batas alamat), bukan ${values.addressFailures + 10}.`);

    const attribute = await both('PUT', '/attributes/loyalty_tier', { type: 'select', label: { en: 'Tier' }, rules: { options: [] } });
    expect(attribute.en.status).toBe(422);
    expect(attribute.id.body.error).toBe(attribute.en.body.error);
    expect(attribute.en.body.problems).toEqual(['A list needs at least one choice.']);
    expect(attribute.id.body.problems).toEqual(['Daftar memerlukan paling sedikit satu pilihan.']);

    const user = await both('PATCH', '/users/no-such-user/profile', { given_name: 'Ayu' });
    expect(user.en.body).toEqual({ error: 'not_found', message: 'No such user.' });
    expect(user.id.body).toEqual({ error: 'not_found', message: 'Pengguna tidak ditemukan.' });
    const organisation = await both('GET', '/organisations/no-such-org');
    expect(organisation.en.body.message).toBe('No such organisation.');
    expect(organisation.id.body.message).toBe('Organisasi tidak ditemukan.');
  });

  it("a query its schema refuses, and a request without the administrator's credentials", async () => {
    const audit = await both('GET', '/audit?limit=many');
    expect(audit.en.status).toBe(400);
    sameShape(audit.en, audit.id);
    expect(audit.en.body.invalid).toEqual([{ in: 'query', pointer: '/limit', message: 'Events per page is not written the expected way (like "100").' }]);
    expect(audit.id.body.invalid).toEqual([{ in: 'query', pointer: '/limit', message: 'Peristiwa per halaman tidak ditulis dengan cara yang diharapkan (seperti "100").' }]);

    const anonymous = { en: await call('GET', '/apps', undefined, {}), id: await call('GET', '/apps', undefined, { 'accept-language': 'id' }) };
    expect(anonymous.en.body).toEqual({ error: 'unauthorized', message: 'Sign in as an administrator first.' });
    expect(anonymous.id.body).toEqual({ error: 'unauthorized', message: 'Masuk sebagai administrator terlebih dahulu.' });
  });

  it('English when the request asks for a language Gerbang does not speak, Indonesian for its legacy code', async () => {
    const body = { name: 'Toko', type: 'public', redirectUris: [], flowId: 'login-signup' };
    const french = await call('POST', '/apps', body, { ...auth, 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(french.body.message).toBe('public apps need at least one redirect URI');
    const legacy = await call('POST', '/apps', body, { ...auth, 'accept-language': 'in' });
    expect(legacy.body.message).toBe('Aplikasi publik memerlukan paling sedikit satu URI pengalihan');
  });

  it("the provider's error page is titled in the person's language", async () => {
    const page = (lang?: string) => fetch(`${gerbang.url}/auth?client_id=nobody&response_type=code&scope=openid`, { headers: lang ? { 'accept-language': lang } : {} }).then((r) => r.text());
    expect(await page()).toContain('<h1>Something went wrong</h1>');
    expect(await page('id')).toContain('<h1>Terjadi kesalahan</h1>');
  });
});
