import { describe, expect, it } from 'vitest';
import { createAjv } from '../flow/schema.js';
import { appInputSchema } from '../oidc/apps.js';
import { describeInputErrors } from './input-words.js';
import type { Language } from '../languages.js';

const ajv = createAjv();
/** The kit's words for `value` refused by `schema` (in English unless another language is asked). */
function refusal(schema: object, value: unknown, lang: Language = 'en') {
  const valid = ajv.compile(schema);
  expect(valid(value)).toBe(false);
  return describeInputErrors('body', valid.errors, schema as Record<string, unknown>, value, lang);
}

const CONNECTION = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { title: 'Provider type', enum: ['google', 'oidc'] }, issuer: { type: 'string', title: 'Issuer URL' } },
  allOf: [{ if: { properties: { kind: { const: 'oidc' } } }, then: { required: ['issuer'] } }],
};

describe("refused input in the console's words", () => {
  it("names an app's fields by their labels, an item of a list by its number, and keeps each field's pointer", () => {
    expect(refusal(appInputSchema, { name: '', redirectUris: ['https://ok.example/cb', 42], branding: { primaryColor: 'red', sparkle: true } })).toEqual([
      { in: 'body', pointer: '/name', message: 'Name cannot be empty.' },
      { in: 'body', pointer: '/redirectUris/1', message: 'Redirect URI 2 must be text.' },
      { in: 'body', pointer: '/branding/sparkle', message: '"sparkle" is not a field of Branding.' },
      { in: 'body', pointer: '/branding/primaryColor', message: 'Branding, Primary colour is not written the expected way (like "#1a73e8").' },
    ]);
  });

  it('says which value a choice takes, and that a required field is missing, by its title', () => {
    expect(refusal({ type: 'object', required: ['role'], properties: { role: { title: 'Role', enum: ['owner', 'viewer'] } } }, {})).toEqual([{ in: 'body', pointer: '/role', message: 'Role is required.' }]);
    expect(refusal(appInputSchema, { type: 'kiosk' })).toEqual([{ in: 'body', pointer: '/type', message: 'Type must be one of: public, confidential, native, device, machine.' }]);
  });

  it('asks for what a choice calls for only once the choice is made', () => {
    expect(refusal(CONNECTION, {}).map((p) => p.message)).toEqual(['Provider type is required.']);
    expect(refusal(CONNECTION, { kind: 'oidc' }).map((p) => p.message)).toEqual(['Issuer URL is required.']);
  });

  it('says one thing per field, and of two alternatives names the one meant rather than "must be empty"', () => {
    const minAcr = { type: 'object', properties: { minAcr: { title: 'Minimum sign-in level', anyOf: [{ type: 'null' }, { enum: ['1', '2'] }] }, tag: { type: 'string', title: 'Tag', enum: ['a'], minLength: 2 } } };
    expect(refusal(minAcr, { minAcr: '9', tag: 7 }).map((p) => p.message)).toEqual(['Minimum sign-in level must be one of: 1, 2.', 'Tag must be text.']);
  });

  it('names a key a map does not take, and the input itself when it is not a group of fields', () => {
    const profile = { type: 'object', title: 'Profile', propertyNames: { pattern: '^[a-z_]+$' } };
    expect(refusal(profile, { 'Given Name': 'x' })).toEqual([{ in: 'body', pointer: '/Given Name', message: '"Given Name" is not a valid name in Profile.' }]);
    expect(refusal({ type: 'object' }, [])).toEqual([{ in: 'body', pointer: '', message: 'The request must be a group of fields.' }]);
    // A long key is quoted back cut short; its pointer stays whole for programs.
    const long = 'k'.repeat(500);
    expect(refusal({ type: 'object', additionalProperties: false }, { [long]: 1 })).toEqual([{ in: 'body', pointer: `/${long}`, message: `"${'k'.repeat(60)}…" is not a field this request takes.` }]);
  });

  it('says the same in Bahasa Indonesia: the fields by their Indonesian labels, the same pointers', () => {
    expect(refusal(appInputSchema, { name: '', redirectUris: ['https://ok.example/cb', 42], branding: { primaryColor: 'red', sparkle: true } }, 'id')).toEqual([
      { in: 'body', pointer: '/name', message: 'Nama tidak boleh kosong.' },
      { in: 'body', pointer: '/redirectUris/1', message: 'URI pengalihan 2 harus berupa teks.' },
      { in: 'body', pointer: '/branding/sparkle', message: '"sparkle" bukan kolom dari Merek.' },
      { in: 'body', pointer: '/branding/primaryColor', message: 'Merek, Warna utama tidak ditulis dengan cara yang diharapkan (seperti "#1a73e8").' },
    ]);
    expect(refusal(appInputSchema, { type: 'kiosk' }, 'id')).toEqual([{ in: 'body', pointer: '/type', message: 'Jenis harus salah satu dari: public, confidential, native, device, machine.' }]);
    expect(refusal(CONNECTION, { kind: 'oidc' }, 'id').map((p) => p.message)).toEqual(['URL penerbit wajib diisi.']);
    expect(refusal({ type: 'object' }, [], 'id')).toEqual([{ in: 'body', pointer: '', message: 'Permintaan harus berupa kelompok kolom.' }]);
    expect(refusal({ type: 'object', properties: { note: { type: 'string', title: 'Description', maxLength: 5 } } }, { note: 'too long' }, 'id').map((p) => p.message)).toEqual(['Deskripsi paling banyak 5 karakter.']);
  });
});
