import { beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';

const PASSWORD = 'answers with the next page';

/**
 * A step's form post that moves the journey on is answered with the next step's page itself (no
 * redirect and second request), and stays safe the way a redirect after a post is: a reload, or the
 * back button's old form, repeats a form of a step the journey has left, which is not submitted again.
 */
describe('a step answered with the next page', () => {
  const gerbang = useGerbang();

  beforeAll(async () => {
    const encoded = await hash(PASSWORD, ARGON2_PARAMS);
    for (const email of ['ayu@example.com', 'budi@example.com', 'citra@example.com']) {
      await gerbang.store.users.create({ email, attributes: { given_name: 'Known', family_name: 'Person' } }, { type: 'password', data: { hash: encoded } });
    }
  });

  it('answers the email with the password page in one request, at the journey’s own address', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const runAddress = browser.page!.url;
    const before = browser.requests;
    await browser.submit({ email: 'ayu@example.com' });
    expect(browser.requests - before).toBe(1);
    expect(browser.page!.status).toBe(200);
    expect(browser.page!.url).toBe(runAddress);
    expect(browser.title()).toBe('Enter your password');
    await browser.submit({ email: 'ayu@example.com', password: PASSWORD });
    expect(browser.title()).toBe('Welcome Known');
  });

  it('reloading that answer does not send the email step again: the password page comes back as it was', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const identifyPage = browser.page!;
    await browser.submit({ email: 'budi@example.com' });
    const runBefore = await gerbang.store.runs.get(new URL(browser.page!.url).pathname.split('/')[2]);

    // A reload repeats the last post: the same form, with the same fields.
    browser.page = identifyPage;
    const before = browser.requests;
    await browser.submit({ email: 'budi@example.com' });
    expect(browser.requests - before).toBe(2); // redirected to the current page, then that page
    expect(browser.title()).toBe('Enter your password');
    expect(browser.errors()).toEqual([]);
    const runAfter = await gerbang.store.runs.get(runBefore!.id);
    expect(runAfter!.revision).toBe(runBefore!.revision);

    await browser.submit({ email: 'budi@example.com', password: PASSWORD });
    expect(browser.title()).toBe('Welcome Known');
  });

  it('the back button’s email page, sent with another address, does not change who is signing in', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const identifyPage = browser.page!;
    await browser.submit({ email: 'citra@example.com' });

    browser.page = identifyPage;
    await browser.submit({ email: 'ayu@example.com' });
    expect(browser.title()).toBe('Enter your password');
    expect(browser.fieldValue('email')).toBe('citra@example.com');
    // The journey still signs in the person it identified first, whatever the form's read-only address says.
    await browser.submit({ email: 'ayu@example.com', password: PASSWORD });
    const home = await browser.get('/');
    expect(home.html).toContain('You are signed in as citra@example.com.');
  });

  it('a post without the step it was for (a page rendered before this change) is handled by the current step, then redirected', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const runPath = new URL(browser.page!.url).pathname;
    const res = await fetch(`${gerbang.url}${runPath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: browser.csrfToken()!, email: 'ayu@example.com' }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(runPath);
  });
});
