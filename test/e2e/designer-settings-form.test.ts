import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Gerbang } from '../../engine/server.js';
import type { FlowGraph } from '../../engine/flow/types.js';
import { axeViolations } from '../support/axe.js';
import { answerQuestion } from '../support/ask-dialog.js';
import { descriptionOf, startConsoleWorld, type ConsoleSignIn, type ConsoleWorld } from '../support/console.js';

/**
 * A marketer adjusts the onboarding of the seeded "Sign in or sign up" journey in the step settings
 * form, which reads as a form (a list of named rows, a text with its translations), not as a schema.
 */
describe('the step settings form as a marketer fills it', () => {
  let gerbang: Gerbang;
  let browser: Browser;
  let owner: ConsoleSignIn;
  let world: ConsoleWorld;
  const TOKEN = 'test-admin-token-0123456789';
  const admin = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${gerbang.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  beforeAll(async () => {
    ({ gerbang, browser, owner } = world = await startConsoleWorld({ env: { ADMIN_API_TOKEN: TOKEN } }));
  }, 90_000);
  afterAll(() => world?.close());

  /** The names of the rows of a list, in order, as a screen reader announces them. */
  const rowsOf = (page: Page, list: string) =>
    page
      .getByRole('group', { name: list })
      .locator('.array-item-list > [role=group]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));

  /** A new customer signs up on /login in a browser speaking `locale`, up to the profile questions. */
  async function newCustomerUpToProfile(email: string, locale: string): Promise<Page> {
    const context = await browser.newContext({ locale });
    const customer = await context.newPage();
    customer.setDefaultTimeout(20_000);
    await customer.goto(`${gerbang.url}/login`);
    await customer.fill('input[name=email]', email);
    await customer.click('button[type=submit]');
    await customer.fill('input[name=password]', 'a long enough password');
    await customer.click('button[type=submit]');
    await customer.locator('input[name=given_name]').waitFor();
    return customer;
  }

  it('adds a question, moves it, makes it required, translates the heading, publishes, and customers see it so', { timeout: 180_000 }, async () => {
    const errors: string[] = [];
    const page = await owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/login-signup`);
    await page.getByTestId('rf__node-profile').click();
    await page.getByRole('heading', { name: 'Progressive profile', exact: true }).waitFor();

    // One heading per list and a name per row: no "Attributes to ask-1", no choice between schema shapes.
    await expect.poll(() => rowsOf(page, 'Attributes to ask')).toEqual(['First name', 'Last name']);
    const settingsText = await page.locator('form').last().innerText();
    expect(settingsText).not.toMatch(/Attributes to ask-\d|Field declared in the step|Same text in every language|A text per language/);

    // Add "Phone number" and move it above "Last name".
    await page.getByRole('button', { name: 'Add attribute to ask' }).click();
    const added = page.getByRole('group', { name: 'Attribute to ask 3', exact: true });
    // A new row needs its attribute, but says so only once the marketer was there: not before they chose anything.
    const attribute = added.getByRole('combobox', { name: 'Attribute' });
    await attribute.waitFor();
    expect(await page.locator('form .error-detail').allTextContents()).toEqual([]);
    expect(await attribute.getAttribute('aria-invalid')).toBeNull();
    // Left without a choice, the picker says so under it (nothing about shapes it does not show).
    await attribute.focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('form .error-detail').allTextContents()).toEqual(['Required.']);
    expect(await attribute.getAttribute('aria-invalid')).toBe('true');
    await attribute.selectOption({ label: 'Phone number (phone_number)' });
    await expect.poll(() => rowsOf(page, 'Attributes to ask')).toEqual(['First name', 'Last name', 'Phone number']);
    await page.getByRole('button', { name: 'Move up Phone number' }).click();
    await expect.poll(() => rowsOf(page, 'Attributes to ask')).toEqual(['First name', 'Phone number', 'Last name']);
    await page.getByRole('group', { name: 'Phone number', exact: true }).getByRole('combobox', { name: 'Required' }).selectOption({ label: 'Required' });

    // The page heading: one box for the text, and its translation behind "Translate".
    const heading = page.getByRole('group', { name: 'Page heading', exact: true });
    await heading.getByLabel('Page heading', { exact: true }).fill('A few more details');
    await heading.getByText('Translate', { exact: true }).click();
    const inIndonesian = heading.getByLabel('Page heading in Bahasa Indonesia');
    // Too long a translation is said under its box, once, in words (not the schema's shapes).
    await inIndonesian.fill('x'.repeat(201));
    await expect.poll(() => descriptionOf(inIndonesian)).toBe('Takes at most 200 characters.');
    expect(await page.locator('form .error-detail').allTextContents()).toEqual(['Takes at most 200 characters.']);
    await inIndonesian.fill('Beberapa detail lagi');
    await expect.poll(() => page.locator('form .error-detail').count()).toBe(0);

    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/All changes saved/);
    await expect
      .poll(async () => (await gerbang.store.flows.getDraft('login-signup'))?.graph.nodes.find((n) => n.id === 'profile')?.settings)
      .toEqual({
        heading: { en: 'A few more details', id: 'Beberapa detail lagi' },
        fields: [{ attribute: 'given_name', required: true }, { attribute: 'phone_number', required: true }, { attribute: 'family_name' }],
        skipDays: 30, // the form fills in the schema's default
      });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Publish' }).click();
    await answerQuestion(page, 'Publish this draft?', 'Publish now');
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 }).toContain('Published version 2');
    expect(errors).toEqual([]);

    // A new customer is asked the questions in that order, under the heading in their language.
    const english = await newCustomerUpToProfile('dewi.en@example.com', 'en-GB');
    expect(await english.getByRole('heading', { level: 1 }).textContent()).toBe('A few more details');
    expect(await english.locator('form input[name]:not([type=hidden])').evaluateAll((els) => els.map((e) => e.getAttribute('name')))).toEqual([
      'given_name',
      'phone_number',
      'family_name',
    ]);
    expect(await english.getByLabel('Phone number').count()).toBe(1);
    await english.context().close();

    const indonesian = await newCustomerUpToProfile('dewi.id@example.com', 'id-ID');
    expect(await indonesian.getByRole('heading', { level: 1 }).textContent()).toBe('Beberapa detail lagi');
    expect(await indonesian.getByLabel('Nomor telepon').count()).toBe(1);
    await indonesian.context().close();
  });

  it('lets "Required" go back to what the identity schema says, and asks a condition\'s value in the shape its test takes', { timeout: 150_000 }, async () => {
    // A journey with a condition step that sends Indonesian speakers their own way.
    expect((await admin('/flows', 'POST', { name: 'Choices', template: 'login-signup' })).status).toBe(201);
    const { graph, revision } = (await (await admin('/flows/choices')).json()) as { graph: FlowGraph; revision: number };
    graph.nodes.push({ id: 'language', type: 'condition', settings: { rules: [{ outcome: 'indonesian', all: [{ field: 'profile.locale', op: 'equals', value: 'id' }] }] }, position: { x: 0, y: 600 } });
    expect((await admin('/flows/choices', 'PUT', { graph, revision })).status).toBe(200);
    const stored = async (id: string) => (await gerbang.store.flows.getDraft('choices'))?.graph.nodes.find((n) => n.id === id)?.settings as Record<string, unknown>;

    const errors: string[] = [];
    const page = await owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/choices`);

    // "Required" set, then back to the identity schema: nothing stored, the schema decides again.
    await page.getByTestId('rf__node-profile').click();
    const firstName = page.getByRole('group', { name: 'First name', exact: true }).getByRole('combobox', { name: 'Required' });
    await expect.poll(() => firstName.locator('option:checked').textContent()).toBe('Required');
    expect(await firstName.locator('option').allTextContents()).toEqual(['As the identity schema says', 'Required', 'Optional']);
    await firstName.selectOption({ label: 'Optional' });
    await expect.poll(async () => ((await stored('profile')).fields as unknown[])[0]).toEqual({ attribute: 'given_name', required: false });
    await firstName.selectOption({ label: 'As the identity schema says' });
    await expect.poll(async () => ((await stored('profile')).fields as unknown[])[0]).toEqual({ attribute: 'given_name' });

    // The condition's value: a box for a text test, no "Value option 1" choice of shapes.
    await page.getByTestId('rf__node-language').click();
    await page.getByRole('heading', { name: 'Condition', exact: true }).waitFor();
    const settings = page.locator('form').last();
    const test = settings.getByRole('combobox', { name: 'Test' });
    await expect.poll(() => test.locator('option:checked').textContent()).toBe('is');
    expect(await settings.getByLabel('Value', { exact: true }).inputValue()).toBe('id');
    expect(await settings.innerText()).not.toMatch(/option \d/i);
    expect(await axeViolations(page)).toEqual([]);

    // "is one of" takes a list, starting with the value there was.
    await test.selectOption({ label: 'is one of' });
    await expect.poll(async () => ((await stored('language')).rules as Array<{ all: unknown[] }>)[0]!.all[0]).toEqual({ field: 'profile.locale', op: 'in', value: ['id'] });
    await settings.getByRole('button', { name: 'Add to “Value”' }).click();
    await settings.getByRole('group', { name: 'Value', exact: true }).getByRole('textbox').last().fill('ms');
    await expect.poll(async () => ((await stored('language')).rules as Array<{ all: unknown[] }>)[0]!.all[0]).toEqual({ field: 'profile.locale', op: 'in', value: ['id', 'ms'] });

    // "has a value" takes none; "is more than" a number.
    await test.selectOption({ label: 'has a value' });
    await expect.poll(async () => ((await stored('language')).rules as Array<{ all: unknown[] }>)[0]!.all[0]).toEqual({ field: 'profile.locale', op: 'exists' });
    expect(await settings.getByLabel('Value', { exact: true }).count()).toBe(0);
    await settings.getByLabel('Field, e.g. profile.country or request.clientId').fill('run.level');
    await test.selectOption({ label: 'is more than' });
    await settings.getByLabel('Value', { exact: true }).fill('1');
    await expect.poll(async () => ((await stored('language')).rules as Array<{ all: unknown[] }>)[0]!.all[0]).toEqual({ field: 'run.level', op: 'greater-than', value: 1 });
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a question an older journey declared in the step as its own row, never offers it to new rows, and speaks Bahasa Indonesia', { timeout: 120_000 }, async () => {
    // A journey written before the identity schema: one of its profile questions is declared in the step.
    expect((await admin('/flows', 'POST', { name: 'Older profile', template: 'login-signup' })).status).toBe(201);
    const { graph, revision } = (await (await admin('/flows/older-profile')).json()) as { graph: FlowGraph; revision: number };
    const shoeSize = { name: 'shoe_size', label: { en: 'Shoe size', id: 'Ukuran sepatu' }, type: 'select', required: false, options: [{ value: 'eu-42', label: { en: 'EU 42', id: 'EU 42' } }] };
    graph.nodes.find((n) => n.id === 'profile')!.settings = { fields: [{ attribute: 'given_name', required: true }, shoeSize] };
    expect((await admin('/flows/older-profile', 'PUT', { graph, revision })).status).toBe(200);

    const errors: string[] = [];
    const page = await owner.open(browser, { width: 1400, errors });
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys/older-profile`);
    await page.getByTestId('rf__node-profile').click();

    // The rows are named in Indonesian: the attribute by its Indonesian label, the older question by its own.
    const older = page.getByRole('group', { name: 'Ukuran sepatu', exact: true });
    await expect.poll(() => older.getByRole('textbox').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain('shoe_size');
    await expect.poll(() => older.getByText('Pertanyaan ini ditulis langsung di langkah', { exact: false }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Naikkan Ukuran sepatu' }).count()).toBe(1);
    // Its choices: each named by what is stored and what people read, in Indonesian.
    expect(await older.getByLabel(/^Nilai yang disimpan\*?$/).inputValue()).toBe('eu-42');
    expect(await older.getByRole('group', { name: /^Label yang ditampilkan\*?$/ }).getByRole('textbox').first().inputValue()).toBe('EU 42');
    expect(await page.getByRole('group', { name: 'Nama depan', exact: true }).getByRole('combobox', { name: 'Atribut' }).count()).toBe(1);
    // Its kind of answer reads as words, not as the value the journey stores.
    const kind = older.getByRole('combobox', { name: /^Jenis jawaban\*?$/ });
    expect(await kind.locator('option:checked').textContent()).toBe('Pilihan dari daftar');
    expect(await kind.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Teks', 'Alamat email', 'Nomor telepon', 'Tanggal', 'Angka', 'Alamat web', 'Pilihan dari daftar', 'Ya atau tidak (kotak centang)']));

    // A new row is an attribute of the identity schema: one picker and "Required", no choice of an older shape.
    // The older question's own list of choices has an "Add" too: the questions' is the last one.
    await page.getByRole('button', { name: /^Tambah / }).last().click();
    const added = page.getByRole('group', { name: / 3$/ });
    // The attribute's picker and "Wajib" as a choice of three (as the schema says / required / optional).
    await expect.poll(() => added.getByRole('combobox').count()).toBe(2);
    expect(await added.getByRole('combobox', { name: 'Wajib' }).locator('option').allTextContents()).toEqual(['Sesuai skema identitas', 'Wajib', 'Opsional']);
    expect(await added.getByRole('checkbox').count()).toBe(0);
    expect(await added.getByRole('textbox').count()).toBe(0);
    expect(await page.locator('option', { hasText: /older journeys|lebih lama/ }).count()).toBe(0);
    await added.getByRole('combobox', { name: 'Atribut' }).selectOption({ label: 'Nomor telepon (phone_number)' });
    await expect.poll(() => page.getByRole('button', { name: 'Hapus Nomor telepon' }).count()).toBe(1);

    // The heading's translations, in the console's words.
    await expect.poll(() => page.getByText('Terjemahkan', { exact: true }).first().count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // What is stored keeps the older question as it was, beside the new attribute.
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Semua perubahan tersimpan');
    await expect
      .poll(async () => (await gerbang.store.flows.getDraft('older-profile'))?.graph.nodes.find((n) => n.id === 'profile')?.settings.fields)
      .toEqual([{ attribute: 'given_name', required: true }, shoeSize, { attribute: 'phone_number' }]);
    expect(errors).toEqual([]);
  });

  it("names an older question's kinds of answer in words in English too, and stores the value behind the words", { timeout: 120_000 }, async () => {
    // The journey of the previous test, its older question kept as it was.
    const errors: string[] = [];
    const page = await owner.open(browser, { width: 1400, errors });
    await page.goto(`${gerbang.url}/designer/#/journeys/older-profile`);
    await page.getByTestId('rf__node-profile').click();
    // An empty heading: the panel says what the page shows instead.
    await expect.poll(() => page.getByText('Left empty, the page says “Tell us a little about yourself”.').count()).toBe(1);
    const older = page.getByRole('group', { name: 'Shoe size', exact: true });
    const kind = older.getByRole('combobox', { name: /^Kind of answer\*?$/ });
    await expect.poll(() => kind.locator('option:checked').textContent()).toBe('A choice from a list');
    const shown = await kind.locator('option').allTextContents();
    expect(shown).toEqual(expect.arrayContaining(['Text', 'Email address', 'Phone number', 'Date', 'Number', 'Web address', 'A choice from a list', 'Yes or no (a tick box)']));
    expect(shown).not.toContain('tel');
    // A yes/no setting reads as its box and words first, what it means beneath them (not above, under the setting before).
    const onlyAsked = page.getByRole('checkbox', { name: 'Only what the app asks for' });
    const meaning = page.getByText('Ask only for attributes released under a scope the app requested.');
    expect((await meaning.boundingBox())!.y).toBeGreaterThan((await onlyAsked.boundingBox())!.y);
    expect(await onlyAsked.getAttribute('aria-describedby')).toContain(await meaning.getAttribute('id'));
    await kind.selectOption({ label: 'Phone number' });
    await expect
      .poll(async () => ((await gerbang.store.flows.getDraft('older-profile'))?.graph.nodes.find((n) => n.id === 'profile')?.settings.fields as Array<{ type?: string }>)[1]?.type)
      .toBe('tel');
    expect(await axeViolations(page)).toEqual([]);

    // Every choice of a step's settings reads as words, in Bahasa Indonesia too: the password step's breached-password choice.
    await page.getByTestId('rf__node-password').click();
    await expect.poll(() => page.getByRole('combobox', { name: /^When the right password is a known-breached one/ }).locator('option').allTextContents()).toEqual(['Ask for a new password', 'Only flag the sign-in']);
    await page.goto(`${gerbang.url}/designer/#/journeys`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Bahasa Indonesia' });
    await page.goto(`${gerbang.url}/designer/#/journeys/older-profile`);
    await page.getByTestId('rf__node-password').click();
    const breached = page.getByRole('combobox', { name: /^Bila kata sandi yang benar termasuk kata sandi yang diketahui bocor/ });
    await expect.poll(() => breached.locator('option').allTextContents()).toEqual(['Minta kata sandi baru', 'Hanya beri tanda pada proses masuk']);
    expect(errors).toEqual([]);
  });
});
