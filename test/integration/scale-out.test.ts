import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { startTestServer, tempDataDir } from '../support/gerbang.js';
import { mongoTargets } from '../support/mongo.js';

describe.each(mongoTargets)('two Gerbang instances on one database ($name)', (target) => {
  it('finishes on the second instance a journey started on the first', async () => {
    const db = await target.fresh();
    const dirs = [tempDataDir(), tempDataDir()];
    // Instances share the database and the secrets (CSRF tokens are HMACs with the server secret;
    // signing keys, client secrets and TOTP seeds are sealed with the encryption key), nothing else.
    const env = { MONGODB_URI: db.uri, GERBANG_SECRET: 'shared-secret-for-this-test-0123456789', ENCRYPTION_KEY: 'shared-encryption-key-for-this-test-0123' };
    const first = await startTestServer({ ...env, DATA_DIR: dirs[0].dir });
    const second = await startTestServer({ ...env, DATA_DIR: dirs[1].dir });
    try {
      expect(first.store.kind).toBe('mongo');
      const email = `scale.${Date.now()}@example.com`;
      const browser = new TestBrowser(first.url);
      await browser.get('/login');
      await browser.submit({ email });
      expect(browser.title()).toBe('Create your account');
      const runPath = new URL(browser.page!.url).pathname;

      browser.baseUrl = second.url;
      await browser.get(runPath);
      expect(browser.title()).toBe('Create your account');
      await browser.submit({ email, password: 'scale out password' });
      await browser.submit({ given_name: 'Sari', family_name: '' }, { action: 'save' });
      expect(browser.title()).toBe('Welcome Sari');

      // The session lives in the shared database: the first instance knows the user is signed in.
      browser.baseUrl = first.url;
      await browser.get('/');
      expect(browser.page!.html).toContain(`You are signed in as ${email}.`);
    } finally {
      await first.close();
      await second.close();
      await db.drop();
      dirs.forEach((d) => d.cleanup());
    }
  });

  it("counts a client's form posts against one limit across instances", async () => {
    const db = await target.fresh();
    const dirs = [tempDataDir(), tempDataDir()];
    const env = { MONGODB_URI: db.uri, GERBANG_SECRET: 'shared-secret-for-this-test-0123456789', ENCRYPTION_KEY: 'shared-encryption-key-for-this-test-0123', RATE_LIMIT_PER_MINUTE: '3' };
    const first = await startTestServer({ ...env, DATA_DIR: dirs[0].dir });
    const second = await startTestServer({ ...env, DATA_DIR: dirs[1].dir });
    try {
      const browser = new TestBrowser(first.url);
      await browser.get('/login'); // 1, on the first instance
      browser.baseUrl = second.url;
      await browser.submit({ email: 'bad' }); // 2, on the second
      browser.baseUrl = first.url;
      await browser.submit({ email: 'bad' }); // 3, on the first
      browser.baseUrl = second.url;
      const limited = await browser.submit({ email: 'bad' });
      // Each instance saw only two requests, but the limit is the client's, not the instance's.
      expect(limited.status).toBe(429);
    } finally {
      await first.close();
      await second.close();
      await db.drop();
      dirs.forEach((d) => d.cleanup());
    }
  });
});
