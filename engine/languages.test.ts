import { describe, expect, it } from 'vitest';
import { LANGUAGE_CODES, LANGUAGES, localeOf, type Language } from './languages.js';
import { createNodeRegistry } from './nodes/index.js';
import { accountMessages } from './account/messages.js';
import { commonMessages } from './hosted/i18n.js';
import { deviceMessages } from './oidc/device.js';
import { oidcErrorMessages } from './oidc/error-words.js';
import { opsMessages } from './ops/messages.js';
import { organisationMessages } from './organisations/messages.js';
import { notMeMessages } from './protection/messages.js';
import { TRY_MESSAGES } from './hosted/try-runs.js';
import { accountAttackedEmail, codeEmail, codeSms, emailChangedEmail, identitiesRemovedEmail, linkEmail, newDeviceEmail, passwordLinkEmail } from './notifications/templates.js';

/** Each catalogue speaks exactly the languages of the one list, with the same keys in each. */
function expectComplete(name: string, catalogue: Record<string, Record<string, string>> | undefined) {
  if (!catalogue) return;
  expect(Object.keys(catalogue).sort(), `${name} languages`).toEqual([...LANGUAGE_CODES].sort());
  const [first, ...others] = LANGUAGE_CODES;
  for (const lang of others) expect(Object.keys(catalogue[lang]).sort(), `${name} keys in ${lang}`).toEqual(Object.keys(catalogue[first]).sort());
}

describe('languages from one list', () => {
  it('every step type and the account pages have their texts in every language, and no other', () => {
    for (const type of createNodeRegistry().list()) expectComplete(`step ${type.type}`, type.messages);
    expectComplete('account pages', accountMessages);
  });

  it("every catalogue of the hosted pages and the provider's pages has its texts in every language", () => {
    const catalogues = {
      'page chrome': commonMessages,
      'device pages': deviceMessages,
      "provider's error pages": oidcErrorMessages,
      'operations pages': opsMessages,
      'organisation pages': organisationMessages,
      "'not me' pages": notMeMessages,
      'Try it pages': TRY_MESSAGES,
    };
    for (const [name, catalogue] of Object.entries(catalogues)) {
      expectComplete(name, catalogue);
      // Every text is written, never left empty or as its key.
      for (const lang of LANGUAGE_CODES) for (const [key, text] of Object.entries((catalogue as Record<string, Record<string, string>>)[lang])) expect(text.trim() !== '' && text !== key, `${name} ${key} in ${lang}`).toBe(true);
    }
  });

  it('every mail, its subject included, is written in every language: no sentence of one language in another', () => {
    const mails = (lang: Language) => [
      codeEmail(lang, 'a@example.com', 'verify', '123456', 10, 'Toko'),
      codeEmail(lang, 'a@example.com', 'reset', '123456', 10, 'Toko'),
      codeEmail(lang, 'a@example.com', 'signin', '123456', 10, 'Toko'),
      codeEmail(lang, 'a@example.com', 'change', '123456', 10, 'Toko'),
      codeEmail(lang, 'a@example.com', 'mfa', '123456', 10, 'Toko'),
      linkEmail(lang, 'a@example.com', 'https://id.example.com/l', 15, 'Toko'),
      emailChangedEmail(lang, 'a@example.com', 'b@example.com', 'Toko', { link: 'https://id.example.com/u', days: 7 }),
      accountAttackedEmail(lang, 'a@example.com', 'https://id.example.com/r', 'Toko'),
      identitiesRemovedEmail(lang, 'a@example.com', ['GitHub'], 'Toko'),
      newDeviceEmail(lang, 'a@example.com', { device: 'Firefox', address: '203.0.113.7', time: '2026-01-31 08:15', notMeLink: 'https://id.example.com/n' }, 'Toko'),
      passwordLinkEmail(lang, 'a@example.com', 'welcome', 'https://id.example.com/p', 72, 'Toko'),
      passwordLinkEmail(lang, 'a@example.com', 'reset', 'https://id.example.com/p', 24, 'Toko'),
    ];
    const sentences = (lang: Language) => new Set(mails(lang).flatMap((m) => [m.subject, ...m.text.split('\n\n')]).filter((line) => !/^https:|^Toko$/.test(line)));
    const [first, ...others] = LANGUAGE_CODES;
    for (const lang of others) {
      const english = sentences(first);
      expect([...sentences(lang)].filter((line) => english.has(line)), `${lang} mails`).toEqual([]);
    }
  });

  it('messages sent by email and SMS are written in every language', () => {
    const texts = new Set(LANGUAGE_CODES.map((lang) => codeEmail(lang, 'a@example.com', 'verify', '123456', 10, 'Gerbang').text + codeSms(lang, '123456', 10, 'Gerbang')));
    expect(texts.size).toBe(LANGUAGE_CODES.length);
  });

  it('formats dates per language', () => {
    expect(LANGUAGES.map((l) => localeOf(l.code))).toEqual(['en-GB', 'id-ID']);
    expect(localeOf('xx')).toBe('en-GB');
  });
});
