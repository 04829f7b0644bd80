import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import { startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';
import { TestBrowser } from '../support/browser.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { axeViolations } from '../support/axe.js';

const PASSWORD = 'a long webhook password';

/**
 * The Webhooks section, done as a person connecting their CRM does it: an endpoint added by its labels
 * pointing at a real receiver on loopback that verifies every request with the Standard Webhooks
 * verifier using the secret the console showed once; a sign-up arrives there and shows as delivered;
 * a failed delivery is replayed from the console; an auditor sees it all without a button that changes.
 */
describe('console: Webhooks', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  const crm = new WebhookReceiver();
  let endpointId = '';
  beforeAll(async () => {
    await crm.start('/crm/hooks');
    // One attempt, then a dead letter: the replay is tested without waiting for retries.
    ({ gerbang, browser, owner } = world = await startConsoleWorld({ env: { WEBHOOK_MAX_ATTEMPTS: '1' } }));
  });
  afterAll(async () => {
    await world?.close();
    await crm.stop();
  });

  async function signUp(email: string, givenName: string): Promise<string> {
    const b = new TestBrowser(gerbang.url);
    await b.get('/login');
    await b.submit({ email });
    await b.submit({ email, password: PASSWORD });
    await b.submit({ given_name: givenName }, { action: 'save' });
    expect(b.page!.html).toContain(`You are signed in as ${email}.`);
    return (await gerbang.store.users.findByEmail(email))!.id;
  }

  /** The deliveries table's rows, as text, after asking for them again (the relay sends in the background). */
  const deliveryRows = async (page: Page) => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    return page.getByRole('table', { name: 'Deliveries' }).getByRole('row').allTextContents();
  };

  it('adds an endpoint by its labels, shows its secret once, and a sign-up reaches the receiver signed and shows as delivered', { timeout: 120_000 }, async () => {
    const errors: string[] = [];
    const page = await owner.open(browser, { errors });
    await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Webhooks');
    await expect.poll(() => page.getByText('No endpoint yet.').count()).toBe(1);
    await page.getByRole('link', { name: 'New endpoint' }).click();

    // A receiver on another machine over plain http is refused under the field, in words.
    await page.getByLabel('Endpoint URL').fill('http://crm.example.com/hooks');
    await page.getByLabel('Description', { exact: true }).fill('CRM contacts');
    await page.getByLabel('A person changed their profile').check();
    await page.getByLabel('Send First name').check();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('must use https (http only to localhost)'));
    expect(await page.getByLabel('Endpoint URL').getAttribute('aria-invalid')).toBe('true');

    // No event at all is refused under the events, in words.
    await page.getByLabel('Endpoint URL').fill(crm.url);
    await page.getByLabel('A person signed up').uncheck();
    await page.getByLabel('A person changed their profile').uncheck();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const events = page.getByRole('group', { name: 'Events to send' });
    await expect.poll(() => events.getByRole('alert').count()).toBe(1);
    expect(await page.getByRole('alert').allTextContents()).not.toContainEqual(expect.stringContaining('must use https'));
    await page.getByLabel('A person signed up').check();
    await page.getByLabel('A person changed their profile').check();
    // The email only with consent to marketing emails; the first name always.
    await page.getByLabel('Send Email address').check();
    await page.getByLabel('Consent needed for Email address').selectOption({ label: 'Only with consent to: Marketing emails' });
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('CRM contacts');
    await expect.poll(() => page.getByText('Copy the signing secret now and give it to the receiving system: it will not be shown again.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Copy: Signing secret' }).count()).toBe(1);
    const secret = ((await page.getByLabel('Signing secret', { exact: true }).textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    crm.secret = secret;
    endpointId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    expect((await gerbang.store.outbox.getEndpoint(endpointId))?.attributes).toEqual([
      { name: 'given_name', purpose: null },
      { name: 'email', purpose: 'marketing-emails' },
    ]);
    // Sealed at rest, and never shown again after leaving the page.
    expect(JSON.stringify(await gerbang.store.outbox.getEndpoint(endpointId))).not.toContain(secret.slice(6));
    await page.reload();
    await expect.poll(() => page.getByText('The secret is stored encrypted and never shown again. Rotate it to issue a new one.').count()).toBe(1);
    expect(await page.content()).not.toContain(secret);

    const putriId = await signUp(`putri.${Date.now()}@example.com`, 'Putri');
    const created = await crm.until((r) => r.find((x) => x.body.type === 'user.created' && x.body.data.user?.id === putriId && x.status === 204));
    expect(created.verified).toBe(true);
    const profile = await crm.until((r) => r.find((x) => x.body.type === 'profile.updated' && x.body.data.user?.id === putriId));
    expect(profile.verified).toBe(true);
    // Only what was ticked leaves: the first name; the email not without consent to marketing emails.
    expect(profile.body.data.user).toEqual({ id: putriId, attributes: { given_name: 'Putri' } });

    await expect.poll(() => deliveryRows(page)).toContainEqual(expect.stringMatching(/A person signed up.*Delivered\s*1 attempt\s*HTTP 204/));
    // The row names the message as the receiver logged it (its webhook-id).
    expect(await deliveryRows(page)).toContainEqual(expect.stringContaining(`webhook-id ${created.id}`));
    await page.getByRole('link', { name: '← All webhooks' }).click();
    const row = page.getByRole('row', { name: new RegExp(crm.url.replace(/[.]/g, '\\.')) });
    await expect.poll(() => row.textContent()).toContain('A person signed up, A person changed their profile');
    // The list shows the newest delivery's state (the relay settles it in the background).
    await expect.poll(async () => (await page.reload(), row.textContent())).toMatch(/OnDelivered$/);
    expect(errors).toEqual([]);
  });

  it('replays a dead letter from the console once the receiver is fixed', { timeout: 120_000 }, async () => {
    const page = await owner.open(browser);
    await page.goto(`${gerbang.url}/designer/#/webhooks/${endpointId}`);
    crm.answer = () => 503;
    const bayuId = await signUp(`bayu.${Date.now()}@example.com`, 'Bayu');
    const failed = await crm.until((r) => r.find((x) => x.body.type === 'user.created' && x.body.data.user?.id === bayuId));
    expect(failed.status).toBe(503);

    await page.getByLabel('Show').selectOption({ label: 'Failed (dead letter)' });
    await expect.poll(() => deliveryRows(page)).toContainEqual(expect.stringMatching(/A person signed up.*Failed \(dead letter\)\s*1 attempt\s*Replay\s*HTTP 503/));
    crm.answer = () => 204;
    await page.getByRole('table', { name: 'Deliveries' }).getByRole('button', { name: /^Replay: A person signed up/ }).first().click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Sent again: the delivery is waiting to be sent.');
    const replayed = await crm.until((r) => r.find((x) => x.id === failed.id && x.status === 204));
    expect(replayed.verified).toBe(true);
    expect(replayed.body).toEqual(failed.body);
    await page.getByLabel('Show').selectOption({ label: 'Delivered' });
    await expect.poll(async () => (await deliveryRows(page)).filter((r) => r.includes('A person signed up') && /Delivered\s*2 attempts\s*HTTP 204/.test(r)).length).toBe(1);
  });

  it('shows an auditor everything, with no button that changes anything', { timeout: 120_000 }, async () => {
    // A dead letter to be seen but not replayed.
    crm.answer = () => 500;
    const citraId = await signUp(`citra.${Date.now()}@example.com`, 'Citra');
    await crm.until((r) => r.find((x) => x.body.data.user?.id === citraId));
    crm.answer = () => 204;
    const auditor = await world.administrator('audit.webhooks@example.com', 'auditor');
    const page = await auditor.open(browser);
    await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
    await expect.poll(() => page.getByRole('link', { name: crm.url }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'New endpoint' }).count()).toBe(0);
    await page.getByRole('link', { name: crm.url }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('CRM contacts');
    await page.getByLabel('Show').selectOption({ label: 'Failed (dead letter)' });
    await expect.poll(() => deliveryRows(page)).toContainEqual(expect.stringContaining('Failed (dead letter)'));
    expect(await page.getByLabel('Endpoint URL').inputValue()).toBe(crm.url);
    expect(await page.getByLabel('A person signed up').isChecked()).toBe(true);
    expect(await page.getByLabel('A person signed up').isDisabled()).toBe(true);
    for (const name of ['Save changes', 'Rotate secret', 'Delete endpoint', /^Replay/]) expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0);
  });

  it('changes and pauses an endpoint, rotates the secret (the receiver verifies with the new one, and with the old one during the overlap) and deletes after a confirmation', { timeout: 120_000 }, async () => {
    const page = await owner.open(browser);
    await page.goto(`${gerbang.url}/designer/#/webhooks/${endpointId}`);
    await page.getByLabel('Description', { exact: true }).fill('CRM contacts (Jakarta)');
    await page.getByLabel('Send events to this endpoint').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('CRM contacts (Jakarta)');
    expect(await page.getByRole('status').allTextContents()).toContain('Saved.');
    expect(await gerbang.store.outbox.getEndpoint(endpointId)).toMatchObject({ enabled: false, description: 'CRM contacts (Jakarta)' });
    await page.getByRole('link', { name: '← All webhooks' }).click();
    await expect.poll(() => page.getByRole('row', { name: /CRM contacts \(Jakarta\)/ }).textContent()).toContain('Paused');
    await page.getByRole('link', { name: crm.url }).click();
    await page.getByLabel('Send events to this endpoint').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Saved.');
    expect((await gerbang.store.outbox.getEndpoint(endpointId))?.enabled).toBe(true);

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    // The confirmation says the old secret keeps working for the overlap (24 hours by default).
    await page.getByRole('group', { name: /^A new secret signs every event from now on\. The current secret keeps signing beside it for 24 hours/ }).getByRole('button', { name: 'Rotate now' }).click();
    await expect.poll(() => page.getByText('Copy the signing secret now and give it to the receiving system: it will not be shown again.').count()).toBe(1);
    expect(await page.getByText(/^The previous secret keeps signing beside the new one until /).count()).toBe(1);
    const rotated = ((await page.getByLabel('Signing secret', { exact: true }).textContent()) ?? '').trim();
    const before = crm.secret;
    expect(rotated).not.toBe(before);
    crm.secret = rotated;
    const dewiId = await signUp(`dewi.${Date.now()}@example.com`, 'Dewi');
    const dewiCreated = await crm.until((r) => r.find((x) => x.body.type === 'user.created' && x.body.data.user?.id === dewiId));
    expect(dewiCreated.verified).toBe(true);
    // A receiver not switched over yet still verifies with the old secret.
    expect(crm.verifies(dewiCreated, before)).toBe(true);

    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('group', { name: 'Delete this endpoint and its deliveries? It receives no more events.' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByText('No endpoint yet.').count()).toBe(1);
    expect(await gerbang.store.outbox.getEndpoint(endpointId)).toBeNull();
  });

  it('has no axe-core violations in English and Bahasa Indonesia, with the events in words in both', { timeout: 180_000 }, async () => {
    const created = await gerbang.store.outbox.listEndpoints();
    expect(created).toEqual([]);
    const page = await owner.open(browser);
    await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('link', { name: 'New endpoint' }).click();
    await page.getByLabel('Endpoint URL').fill(crm.url);
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(crm.url);
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    const eveId = await signUp(`eve.${Date.now()}@example.com`, 'Eve');
    await crm.until((r) => r.find((x) => x.body.data.user?.id === eveId && x.status === 204));

    const problems: string[] = [];
    for (const [width, lang] of [[1280, 'English'], [390, 'Bahasa Indonesia']] as const) {
      const view = await owner.open(browser, { width });
      if (lang !== 'English') await view.getByRole('combobox', { name: 'Language' }).selectOption({ label: lang });
      for (const [hash, ready] of [['#/webhooks', 'table'], ['#/webhooks/new', 'form'], [`#/webhooks/${id}`, 'table']]) {
        await view.goto(`${gerbang.url}/designer/${hash}`);
        await view.locator(`.console-main ${ready}`).first().waitFor();
        for (const v of await axeViolations(view)) problems.push(`${width}px ${lang} ${hash}: ${v}`);
        const overflow = await view.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) problems.push(`${width}px ${hash}: the page is ${overflow}px wider than the window`);
      }
      if (lang === 'Bahasa Indonesia') {
        expect(await view.getByLabel('Seseorang mendaftar').isChecked()).toBe(true);
        expect(await view.getByRole('table', { name: 'Pengiriman' }).textContent()).toContain('Terkirim');
        expect(await view.getByRole('button', { name: 'Hapus endpoint' }).count()).toBe(1);
        // The rotate confirmation says, in Indonesian, that the current secret keeps signing for 24 hours; cancelled, nothing rotates.
        await view.getByRole('button', { name: 'Rotasi rahasia' }).click();
        const rotateQuestion = view.getByRole('group', { name: /Rahasia saat ini tetap ikut menandatangani selama 24 jam/ });
        await rotateQuestion.waitFor();
        for (const v of await axeViolations(view)) problems.push(`${width}px ${lang} rotate confirmation: ${v}`);
        const sealedBefore = (await gerbang.store.outbox.getEndpoint(id))!.sealedSecret;
        await rotateQuestion.getByRole('button', { name: 'Batal' }).click();
        expect((await gerbang.store.outbox.getEndpoint(id))!.sealedSecret).toBe(sealedBefore);
        // A refusal is said in Indonesian under its field, and the form with it passes axe too.
        await view.goto(`${gerbang.url}/designer/#/webhooks/new`);
        await view.getByLabel('URL endpoint').fill('http://crm.example.com/hooks');
        await view.getByRole('button', { name: 'Buat endpoint' }).click();
        await expect.poll(() => view.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('harus memakai https (http hanya ke localhost)'));
        for (const v of await axeViolations(view)) problems.push(`${width}px ${lang} refused form: ${v}`);
      }
      await view.close();
    }
    expect(problems).toEqual([]);
  });
});
