import { describe, expect, it } from 'vitest';
import { useGerbang } from '../support/gerbang.js';
import { TestBrowser } from '../support/browser.js';

/** An Indonesian organisation's first start: the example journeys are named and labelled in Bahasa Indonesia. */
describe('shipped journeys and the demo app seeded in Bahasa Indonesia (SEED_LANGUAGE=id)', () => {
  const gerbang = useGerbang({ SEED_LANGUAGE: 'id' });

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
});
