import { beforeAll, describe, expect, it } from 'vitest';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';
import { TestBrowser } from '../support/browser.js';
import { useGerbang } from '../support/gerbang.js';
import { tokenApi } from '../support/admin-api.js';

const TOKEN = 'test-admin-token-dashboard-012';
const PASSWORD = 'dashboard password 1';

/**
 * Sign-ups, sign-ins, wrong passwords up to a lockout, a throttled attempt and consent given at sign-up,
 * refused and withdrawn on the account page, as people make them: the dashboard API counts each per day, and exports the same as CSV.
 */
describe('the dashboard counts what happened per day', () => {
  const gerbang = useGerbang({ ADMIN_API_TOKEN: TOKEN });
  const today = new Date().toISOString().slice(0, 10);
  const api = tokenApi(() => gerbang.url, TOKEN);

  const signIn = async (browser: TestBrowser, email: string, password: string) => {
    await browser.get('/login');
    await browser.submit({ email });
    return browser.submit({ email, password });
  };

  /** Signs up through the journey that asks for consent, giving it or not; ends on the account page. */
  const signUpWithConsent = async (email: string, consent: boolean) => {
    const person = new TestBrowser(gerbang.url);
    await person.get('/login?flow=signup-consent&return_to=/account');
    await person.submit({ email });
    await person.submit({ email, password: PASSWORD });
    expect(person.title()).toBe('Your choices');
    await person.submit(consent ? { 'consent_marketing-emails': 'on' } : {});
    expect(person.title()).toBe('Your account');
    return person;
  };
  /** Withdraws a consent with the account page's own form (its hidden fields carry the CSRF token). */
  const withdraw = async (person: TestBrowser, purposeId: string) => {
    const path = `/account/consents/${purposeId}`;
    const form = new RegExp(`<form[^>]*action="${path}"[\\s\\S]*?</form>`).exec(person.page!.html)![0];
    const hidden = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(hidden.granted).toBe('false');
    await person.post(path, hidden);
  };

  beforeAll(async () => {
    const encoded = await argon2idHasher.hash(PASSWORD);
    for (const email of ['ana@example.com', 'budi@example.com']) {
      await gerbang.store.users.create({ email, attributes: { given_name: 'Test', family_name: 'Person' } }, { type: 'password', data: { hash: encoded } });
    }

    // A sign-up (which signs the person in).
    const ayu = new TestBrowser(gerbang.url);
    await ayu.get('/login');
    await ayu.submit({ email: 'ayu@example.com' });
    await ayu.submit({ email: 'ayu@example.com', password: PASSWORD });
    await ayu.submit({ given_name: 'Ayu', family_name: '' }, { action: 'save' });
    expect(ayu.title()).toBe('Welcome Ayu');
    // A wrong password, then the right one.
    const ana = new TestBrowser(gerbang.url, {}, [], '127.0.0.11');
    await signIn(ana, 'ana@example.com', 'not it');
    await ana.submit({ email: 'ana@example.com', password: PASSWORD });
    expect(ana.title()).toBe('Welcome Test');
    // Five wrong passwords from one address lock it out of the account; the next attempt is refused.
    const attacker = new TestBrowser(gerbang.url, {}, [], '127.0.0.12');
    await signIn(attacker, 'budi@example.com', 'guess 1');
    for (let i = 2; i <= 5; i++) await attacker.submit({ email: 'budi@example.com', password: `guess ${i}` });
    expect(attacker.page!.html).toContain('Your account is temporarily locked.');
    await signIn(attacker, 'budi@example.com', PASSWORD);
    expect(attacker.title()).toBe('We could not sign you in');
    // Consent: one person gives it at sign-up and withdraws it on their account page; one does not give it.
    const rina = await signUpWithConsent('rina@example.com', true);
    await withdraw(rina, 'marketing-emails');
    await signUpWithConsent('sari@example.com', false);
  });

  it('answers per day sign-ups, sign-ins, failures, lockouts and throttles', async () => {
    const { status, body } = await api('GET', `/dashboard?from=${today}&to=${today}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.days).toHaveLength(1);
    expect(body.days[0]).toMatchObject({ day: today, signups: 3, signins: 4, failures: 6, lockouts: 1, throttles: 1, mfaSignins: 0, passkeySignins: 0, socialSignins: 0 });
    expect(body.signupsByMethod).toEqual({ password: 3 });
    expect(body.totals).toMatchObject({ signups: 3, signins: 4, failures: 6, lockouts: 1, throttles: 1 });

    // By default the last 30 days, every one of them listed.
    const month = await api('GET', '/dashboard');
    expect(month.body.days).toHaveLength(30);
    expect(month.body.to).toBe(today);
    expect(month.body.totals.signins).toBe(4);
    expect((await api('GET', '/dashboard?from=2020-01-01&to=2020-12-31')).body.totals.signins).toBe(0);
  });

  it('counts consent given and refused per purpose', async () => {
    const { body } = await api('GET', `/dashboard?from=${today}&to=${today}`);
    expect(body.consentByPurpose).toEqual([{ purposeId: 'marketing-emails', granted: 1, refused: 2, optInRate: 1 / 3 }]);
    expect(body.days[0].consent).toEqual({ 'marketing-emails': { granted: 1, refused: 2 } });
  });

  it('exports the same figures as CSV', async () => {
    const res = await fetch(`${gerbang.url}/api/dashboard/csv?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`gerbang-dashboard-${today}-to-${today}.csv`);
    const [header, row, end] = (await res.text()).split('\r\n');
    expect(header).toBe('day,sign_ups,sign_ins,mfa_sign_ins,passkey_sign_ins,social_sign_ins,failures,lockouts,throttles,factors_added,consent_given:marketing-emails,consent_refused:marketing-emails');
    expect(row).toBe(`${today},3,4,0,0,0,6,1,1,0,1,2`);
    expect(end).toBe('');
  });

  it('refuses bad ranges with a clear 4xx, and strangers', async () => {
    expect((await api('GET', '/dashboard?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await api('GET', '/dashboard?from=2024-01-01&to=2026-01-01')).status).toBe(400);
    expect((await api('GET', '/dashboard?from=yesterday')).status).toBe(400);
    expect((await api('GET', '/dashboard?extra=1')).status).toBe(400);
    expect((await fetch(`${gerbang.url}/api/dashboard`)).status).toBe(401);
    expect((await fetch(`${gerbang.url}/api/dashboard/csv`)).status).toBe(401);
    const description = (await (await fetch(`${gerbang.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(description.paths['/dashboard']).toBeDefined();
    expect(description.paths['/dashboard/csv']).toBeDefined();
  });
});
