import { describe, expect, it } from 'vitest';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { adapters, useAdapterEnv } from '../support/adapters.js';

const PASSWORD = 'correct horse battery';

describe.each(adapters)('hosted login journey on $name', (adapter) => {
  const database = useAdapterEnv(adapter);
  const gerbang = useGerbang(() => database.env);
  let counter = 0;
  const newEmail = () => `person${++counter}.${Date.now()}@example.com`;

  async function signUp(browser: TestBrowser, email: string, givenName = 'Ayu') {
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.title()).toBe('Create your account');
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    await browser.submit({ given_name: givenName, family_name: '' }, { action: 'save' });
  }

  async function signIn(browser: TestBrowser, email: string, password = PASSWORD) {
    await browser.get('/login');
    await browser.submit({ email });
    expect(browser.title()).toBe('Enter your password');
    return browser.submit({ email, password });
  }

  it('signs up a new person with email and password, asks their name, and signs them in', async () => {
    const browser = new TestBrowser(gerbang.url);
    const email = newEmail();
    await browser.get('/login');
    expect(browser.title()).toBe('Sign in or create an account');
    await browser.submit({ email: `  ${email.toUpperCase()} ` });
    expect(browser.title()).toBe('Create your account');
    expect(browser.fieldValue('email')).toBe(email);

    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    expect(browser.fieldNames()).toEqual(['given_name', 'family_name']);

    await browser.submit({ given_name: 'Ayu', family_name: 'Lestari' }, { action: 'save' });
    expect(browser.page!.url).toBe(`${gerbang.url}/`);
    expect(browser.title()).toBe('Welcome Ayu');
    expect(browser.page!.html).toContain(`You are signed in as ${email}.`);

    const user = await gerbang.store.users.findByEmail(email);
    expect(user?.attributes).toEqual({ given_name: 'Ayu', family_name: 'Lestari' });
    const [credential] = await gerbang.store.credentials.listByUser(user!.id, 'password');
    expect(String(credential.data.hash)).toMatch(/^\$argon2id\$/);
  });

  it('signs out, then signs in again without asking again the optional field left empty', async () => {
    const browser = new TestBrowser(gerbang.url);
    const email = newEmail();
    await signUp(browser, email);
    expect(browser.title()).toBe('Welcome Ayu');

    await browser.submit({});
    expect(browser.page!.html).toContain('You have been signed out.');
    await browser.get('/');
    expect(browser.page!.html).toContain('You are not signed in.');

    await signIn(browser, email);
    // given_name is known; the optional family_name left empty is not asked again for 30 days.
    expect(browser.title()).toBe('Welcome Ayu');
  });

  it('keeps the person on the password step with an inline error after a wrong password', async () => {
    const browser = new TestBrowser(gerbang.url);
    const email = newEmail();
    await signUp(browser, email);
    await browser.submit({}); // sign out
    await signIn(browser, email, 'not the password');
    expect(browser.title()).toBe('Enter your password');
    expect(browser.errors()).toContain('That password is not right. Please try again.');
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Welcome Ayu');
  });

  it('blocks the address after five wrong passwords on the account, even for the right password, while the owner signs in from another', async () => {
    const browser = new TestBrowser(gerbang.url);
    const email = newEmail();
    await signUp(browser, email);
    await browser.submit({});
    const attacker = new TestBrowser(gerbang.url, {}, [], '127.0.0.2');
    await signIn(attacker, email, 'wrong-1');
    for (let i = 2; i <= 5; i++) await attacker.submit({ email, password: `wrong-${i}` });
    expect(attacker.title()).toBe('We could not sign you in');
    expect(attacker.page!.html).toContain('Your account is temporarily locked.');
    expect(attacker.errors().join(' ')).toMatch(/Too many wrong passwords from your network for this account\. Try again in 15 minutes/);

    await signIn(attacker, email, PASSWORD);
    expect(attacker.title()).toBe('We could not sign you in');
    // The owner, from another address and with any spelling of the email, is not stopped.
    const owner = new TestBrowser(gerbang.url, {}, [], '127.0.0.3');
    await signIn(owner, ` ${email.toUpperCase()}`, PASSWORD);
    expect(owner.title(), owner.errors().join()).toBe('Welcome Ayu');
  });

  it('refuses a form post without the right CSRF token and does not move the journey', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const runUrl = browser.page!.url;
    const forged = await browser.submit({ email: newEmail() }, { csrf: 'forged-token' });
    expect(forged.status).toBe(403);
    expect(browser.page!.html).toContain('Your form expired for security reasons');
    await browser.get(runUrl);
    const missing = await browser.submit({ email: newEmail() }, { csrf: null });
    expect(missing.status).toBe(403);
    await browser.get(runUrl);
    expect(browser.title()).toBe('Sign in or create an account');
  });

  it('tells a person signing up with a registered email that the account exists', async () => {
    const first = new TestBrowser(gerbang.url);
    const email = newEmail();
    await signUp(first, email);

    const second = new TestBrowser(gerbang.url);
    await second.get('/login');
    await second.submit({ email: newEmail() });
    expect(second.title()).toBe('Create your account');
    const res = await second.submit({ email, password: PASSWORD });
    expect(res.status).toBe(422);
    expect(second.errors()).toContain('An account with this email already exists. Sign in instead.');
    expect(second.fieldValue('email')).toBe(email);
  });

  it('shows inline errors that keep what was typed (but never the password)', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const res = await browser.submit({ email: 'not-an-email' });
    expect(res.status).toBe(422);
    expect(browser.errors()).toContain('Please enter a valid email address.');
    expect(browser.fieldValue('email')).toBe('not-an-email');

    await browser.submit({ email: newEmail() });
    await browser.submit({ email: newEmail(), password: 'short' });
    expect(browser.errors().join(' ')).toContain('Use at least 10 characters.');
    expect(browser.fieldValue('password')).toBe('');
  });

  it('answers a run only to the browser that started it', async () => {
    const owner = new TestBrowser(gerbang.url);
    await owner.get('/login');
    const stranger = new TestBrowser(gerbang.url);
    const res = await stranger.get(owner.page!.url);
    expect(res.status).toBe(403);
    expect(stranger.page!.html).toContain('opened in another browser');
  });

  it('shows an expired page for a run past its time, with a way to start again', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login');
    const runId = browser.page!.url.split('/flow/')[1];
    const run = (await gerbang.store.runs.get(runId))!;
    await gerbang.store.runs.update(runId, run.revision, { ...run, expiresAt: new Date(Date.now() - 1000) });
    const res = await browser.get(browser.page!.url);
    expect(res.status).toBe(410);
    expect(browser.page!.html).toContain('This sign-in page has expired');
    expect(await gerbang.runtime.sweepExpired()).toBeGreaterThanOrEqual(1);
    expect(await gerbang.store.runs.get(runId)).toBeNull();
  });

  it('speaks Bahasa Indonesia when the browser prefers it, and switches language on request', async () => {
    const browser = new TestBrowser(gerbang.url, { 'accept-language': 'id-ID,id;q=0.9,en;q=0.5' });
    await browser.get('/login');
    expect(browser.title()).toBe('Masuk atau buat akun');
    const runPath = new URL(browser.page!.url).pathname;
    await browser.get(`${runPath}?lang=en`);
    expect(browser.title()).toBe('Sign in or create an account');
    await browser.submit({ email: 'x' });
    expect(browser.errors()).toContain('Please enter a valid email address.');
  });
});

describe('a journey across a server restart', () => {
  const gerbang = useGerbang();

  it('continues on the same page after the server stops and starts again', async () => {
    const browser = new TestBrowser(gerbang.url);
    const email = `restart.${Date.now()}@example.com`;
    await browser.get('/login');
    await browser.submit({ email });
    await browser.submit({ email, password: PASSWORD });
    expect(browser.title()).toBe('Tell us a little about yourself');
    const runPath = new URL(browser.page!.url).pathname;

    await gerbang.restart();
    browser.baseUrl = gerbang.url;

    await browser.get(runPath);
    expect(browser.title()).toBe('Tell us a little about yourself');
    await browser.submit({ given_name: 'Budi', family_name: 'Santoso' }, { action: 'save' });
    expect(browser.title()).toBe('Welcome Budi');
  });
});

describe('rate limits on hosted forms', () => {
  const gerbang = useGerbang({ RATE_LIMIT_PER_MINUTE: '3' });

  it('answers 429 with a localised page once a client exceeds its posts per minute', async () => {
    const browser = new TestBrowser(gerbang.url);
    await browser.get('/login'); // 1: starting a journey counts
    await browser.submit({ email: 'bad' }); // 2
    await browser.submit({ email: 'bad' }); // 3
    const limited = await browser.submit({ email: 'bad' });
    expect(limited.status).toBe(429);
    expect(browser.page!.html).toContain('Too many attempts. Please wait a minute and try again.');
  });
});
