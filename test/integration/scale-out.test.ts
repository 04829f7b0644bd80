import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { withTwoInstances } from '../support/instances.js';
import { mongoTargets } from '../support/mongo.js';

describe.each(mongoTargets)('two Gerbang instances on one database ($name)', (target) => {
  it('finishes on the second instance a journey started on the first', async () => {
    // Instances share the database and the secrets, nothing else.
    await withTwoInstances(target, {}, async (first, second) => {
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
    });
  });

  it("counts a client's form posts against one limit across instances", async () => {
    await withTwoInstances(target, { RATE_LIMIT_PER_MINUTE: '3' }, async (first, second) => {
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
    });
  });
});
