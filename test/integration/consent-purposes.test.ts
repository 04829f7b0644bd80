import { describe, expect, it } from 'vitest';
import { tokenApi } from '../support/admin-api.js';
import { useGerbang } from '../support/gerbang.js';

const TOKEN = 'purposes-test-admin-token-0123456789';

describe('consent purposes through the admin API', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });

  const call = tokenApi(() => gerbang.url, TOKEN);

  it('creates a purpose with texts per language, versions it when its text changes, and refuses a duplicate or a missing English text', async () => {
    const texts = { name: { en: 'Partner offers', id: 'Penawaran mitra' }, text: { en: 'Share my email with partners.', id: 'Bagikan email saya ke mitra.' } };
    const created = await call('PUT', '/consent-purposes/partner-offers', { ...texts, required: false, version: 0 });
    expect(created.body).toMatchObject({ id: 'partner-offers', version: 1, required: false });
    expect(await call('PUT', '/consent-purposes/partner-offers', { ...texts, version: 0 })).toMatchObject({ status: 422, body: { field: 'id' } });
    expect(await call('PUT', '/consent-purposes/other', { name: { id: 'Lain' }, text: { id: 'Teks' } })).toMatchObject({ status: 422, body: { field: 'name.en' } });
    expect((await call('PUT', '/consent-purposes/other', { name: { fr: 'Autre' }, text: { en: 'x' } })).status).toBe(400);
    const v2 = await call('PUT', '/consent-purposes/partner-offers', { ...texts, text: { ...texts.text, en: 'Share my email with our partners.' }, required: true, version: 1 });
    expect(v2.body).toMatchObject({ version: 2, required: true });
    expect((await call('PUT', '/consent-purposes/partner-offers', { ...texts, version: 1 })).status).toBe(409);
    expect((await call('DELETE', '/consent-purposes/partner-offers')).status).toBe(204);
    expect((await gerbang.store.audit.list({ type: 'consent.purpose.deleted', limit: 5 })).map((e) => e.actor)).toEqual(['api-token']);
  });

  it('shows which journeys use a purpose and how people answered, and refuses to delete one a journey uses', async () => {
    const user = await gerbang.store.users.create({ email: 'ani@example.com' });
    await gerbang.store.consents.record({ userId: user.id, purposeId: 'marketing-emails', version: 1, granted: true, at: new Date(), channel: 'flow:signup-consent' });
    const list = await call('GET', '/consent-purposes');
    const marketing = list.body.find((p: { id: string }) => p.id === 'marketing-emails');
    expect(marketing.usedBy).toEqual([expect.objectContaining({ journeyId: 'signup-consent', in: 'published' })]);
    const one = await call('GET', '/consent-purposes/marketing-emails');
    expect(one.body.tally).toEqual([{ version: 1, granted: true, count: 1 }]);
    expect((await call('GET', '/consent-purposes/marketing-emails/decisions')).body).toEqual([expect.objectContaining({ userId: user.id, granted: true, channel: 'flow:signup-consent' })]);
    const refused = await call('DELETE', '/consent-purposes/marketing-emails');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/used by: .*\(published: /);
    expect(await gerbang.store.consents.getPurpose('marketing-emails')).not.toBeNull();
  });
});
