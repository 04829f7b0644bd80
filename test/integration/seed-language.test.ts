import { describe, expect, it } from 'vitest';
import { useGerbang } from '../support/gerbang.js';
import { TestBrowser } from '../support/browser.js';
import { tokenApi } from '../support/admin-api.js';

const TOKEN = 'seed-language-token-0123456789';

/** An Indonesian organisation's first start: the example journeys are named and labelled in Bahasa Indonesia. */
describe('shipped journeys and the demo app seeded in Bahasa Indonesia (SEED_LANGUAGE=id)', () => {
  const gerbang = useGerbang({ SEED_LANGUAGE: 'id', ADMIN_API_TOKEN: TOKEN });

  it('publishes them with their Indonesian names and step labels, and they run as before', async () => {
    const summaries = await gerbang.store.flows.list();
    expect(summaries.find((s) => s.id === 'login-signup')).toMatchObject({ name: 'Masuk atau daftar', activeVersion: 1 });
    expect(summaries.find((s) => s.id === 'admin-login')).toMatchObject({ name: 'Masuk administrator', activeVersion: 1 });
    const live = await gerbang.store.flows.getActive('login-signup');
    expect(live!.graph.nodes.find((n) => n.id === 'profile')!.label).toBe('Nama Anda');
    expect((await gerbang.store.apps.get('demo-app'))!.name).toBe('Aplikasi demo');
    // The journey works as ever: the pages are in the person's language, whatever the seed's.
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    expect(browser.title()).toBe('Sign in or create an account');
  });

  it("the template gallery speaks the console's language, and a journey made from a template copies its Indonesian labels", async () => {
    const call = tokenApi(() => gerbang.url, TOKEN);
    const templates = async (lang: string) => ((await call('GET', `/flow-templates?lang=${lang}`)).body as unknown as Array<{ id: string; name: string }>).find((t) => t.id === 'login-mfa')!.name;
    expect(await templates('id')).toBe('Masuk dengan faktor kedua');
    expect(await templates('en')).toBe('Sign in with a second factor');
    const created = await call('POST', '/flows?lang=id', { name: 'Masuk toko', template: 'login-mfa' });
    expect(created.status).toBe(201);
    const graph = (created.body as unknown as { graph: { nodes: Array<{ id: string; label?: string }> } }).graph;
    expect(graph.nodes.find((n) => n.id === 'mfa')!.label).toBe('Faktor kedua');
  });
});
