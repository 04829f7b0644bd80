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
    const shape = (schema: unknown) => JSON.stringify(schema, (key, value) => (key === 'title' || key === 'description' ? undefined : value));
    for (const t of id) expect(shape(t.settingsSchema), t.type).toBe(shape(byType(plain.body, t.type).settingsSchema));
  });

  it('refuses a language it does not speak with a 400 naming the parameter', async () => {
    const { status, body } = await call('GET', '/node-types?lang=fr');
    expect(status).toBe(400);
    expect(body.invalid).toEqual([expect.objectContaining({ in: 'query', pointer: '/lang' })]);
  });
});
