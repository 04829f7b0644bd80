import { describe, expect, it } from 'vitest';
import { createTranslator, pickLanguage } from './i18n.js';

describe('hosted page language', () => {
  it('follows Accept-Language by preference, with English as the fallback', () => {
    expect(pickLanguage(undefined, 'id-ID,id;q=0.9,en;q=0.8')).toBe('id');
    expect(pickLanguage(undefined, 'fr-FR, en;q=0.5, id;q=0.7')).toBe('id');
    expect(pickLanguage(undefined, 'fr-FR')).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
    expect(pickLanguage(undefined, 'in')).toBe('id');
  });

  it('lets an explicit choice win over the browser, ignoring unsupported ones', () => {
    expect(pickLanguage('en', 'id')).toBe('en');
    expect(pickLanguage('xx', 'id')).toBe('id');
  });

  it('fills variables and falls back to English for a missing translation', () => {
    const t = createTranslator({ en: { 'only.en': 'Hello {name}' } });
    expect(t('id', 'field.min', { n: 3 })).toBe('Masukkan 3 atau lebih.');
    expect(t('id', 'only.en', { name: 'Ayu' })).toBe('Hello Ayu');
    expect(t('en', 'no.such.key')).toBe('no.such.key');
  });
});
