import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hash as argon2Hash } from '@node-rs/argon2';
import { hashSync as bcryptHash } from '@node-rs/bcrypt';
import { TestBrowser } from '../support/browser.js';
import { useGerbang, useStarted } from '../support/gerbang.js';
import { MailCatcher } from '../support/mail.js';
import { argon2idHasher } from '../../engine/methods/password/hashing.js';

const TOKEN = 'test-admin-token-0123456789';
const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
const ARGON2I = 1;
const ARGON2ID = 2;

/** Hashes of `password` as other systems store them, one per scheme Gerbang imports. */
const HASHES: Record<string, (password: string) => Promise<string>> = {
  'bcrypt $2b$': async (pw) => bcryptHash(pw, 4),
  // $2a$ and $2y$ differ from $2b$ only in how other libraries treated passwords over 255 bytes or with 8-bit bugs; ASCII passwords hash alike.
  'bcrypt $2a$': async (pw) => bcryptHash(pw, 4).replace(/^\$2b\$/, '$2a$'),
  'bcrypt $2y$ (PHP)': async (pw) => bcryptHash(pw, 4).replace(/^\$2b\$/, '$2y$'),
  argon2i: async (pw) => argon2Hash(pw, { algorithm: ARGON2I, memoryCost: 8192, timeCost: 2, parallelism: 1 }),
  'argon2id with weaker costs than Gerbang uses': async (pw) => argon2Hash(pw, { algorithm: ARGON2ID, memoryCost: 4096, timeCost: 1, parallelism: 1 }),
  'PBKDF2-SHA256 (PHC)': async (pw) => {
    const salt = randomBytes(16);
    return `$pbkdf2-sha256$i=10000$${b64(salt)}$${b64(pbkdf2Sync(pw, salt, 10000, 32, 'sha256'))}`;
  },
  'PBKDF2-SHA256 (passlib)': async (pw) => {
    const salt = randomBytes(16);
    const ab64 = (b: Buffer) => b64(b).replace(/\+/g, '.');
    return `$pbkdf2-sha256$29000$${ab64(salt)}$${ab64(pbkdf2Sync(pw, salt, 29000, 32, 'sha256'))}`;
  },
  'scrypt (PHC)': async (pw) => {
    const salt = randomBytes(16);
    return `$scrypt$ln=14,r=8,p=1$${b64(salt)}$${b64(scryptSync(pw, salt, 32, { N: 2 ** 14, r: 8, p: 1 }))}`;
  },
};

describe('importing people in bulk, with the password hashes of their earlier system', () => {
  const mail = useStarted(new MailCatcher());
  const gerbang = useGerbang(() => ({ ...mail.env(), ADMIN_API_TOKEN: TOKEN }));
  let n = 0;
  const address = () => `imported${++n}.${Date.now()}@example.com`;
  const upload = async (body: string, query = '', type = 'application/x-ndjson', lang?: string) => {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': type, ...(lang ? { 'accept-language': lang } : {}) };
    const res = await fetch(`${gerbang.url}/api/users/import${query}`, { method: 'POST', headers, body });
    return { status: res.status, body: await res.json() };
  };
  const line = (record: object) => JSON.stringify(record);
  const person = (email: string, extra: object = {}) => ({ email, emailVerified: true, attributes: { given_name: 'Dewi', family_name: 'Kartika' }, ...extra });

  async function signIn(email: string, password: string) {
    const b = new TestBrowser(gerbang.url);
    await b.get('/login?return_to=/account');
    await b.submit({ email });
    await b.submit({ email, password });
    return b.title();
  }

  for (const [scheme, hashOf] of Object.entries(HASHES)) {
    it(`${scheme}: the person signs in with their old password, and the stored hash is then Gerbang's argon2id`, async () => {
      const email = address();
      const password = `old system password ${scheme}`;
      const imported = await hashOf(password);
      const answer = await upload(line(person(email, { passwordHash: imported })));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ created: 1, skipped: 0, refused: 0, lines: [{ line: 1, result: 'created', email, password: true }] });

      const user = (await gerbang.store.users.findByEmail(email))!;
      const stored = async () => String((await gerbang.store.credentials.listByUser(user.id, 'password'))[0].data.hash);
      expect(await stored()).toBe(imported);
      // A wrong password is refused, and the imported hash stays.
      expect(await signIn(email, 'not the password at all')).not.toBe('Your account');
      expect(await stored()).toBe(imported);
      expect(await signIn(email, password)).toBe('Your account');
      const rehashed = await stored();
      expect(rehashed).not.toBe(imported);
      expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await argon2idHasher.verify(rehashed, password)).toBe(true);
      expect(await signIn(email, password)).toBe('Your account');
    });
  }

  it('two sign-ins at once with an imported bcrypt hash both succeed, and the hash is replaced once (one compare-and-set wins)', async () => {
    const email = address();
    const password = 'an old bcrypt password';
    const imported = bcryptHash(password, 4);
    expect((await upload(line(person(email, { passwordHash: imported })))).body.created).toBe(1);
    const user = (await gerbang.store.users.findByEmail(email))!;
    const [before] = await gerbang.store.credentials.listByUser(user.id, 'password');

    // bcrypt at cost 4 verifies in a millisecond, argon2id takes far longer to hash: every sign-in has
    // read the bcrypt hash before any replaces it, so all of them try to write their own argon2id hash.
    const titles = await Promise.all([1, 2, 3].map(() => signIn(email, password)));
    expect(titles).toEqual(['Your account', 'Your account', 'Your account']);

    const after = await gerbang.store.credentials.listByUser(user.id, 'password');
    expect(after).toHaveLength(1);
    expect(after[0].revision).toBe(before.revision + 1);
    expect(String(after[0].data.hash)).toMatch(/^\$argon2id\$/);
    expect(await argon2idHasher.verify(String(after[0].data.hash), password)).toBe(true);
    expect(await signIn(email, password)).toBe('Your account');
  });

  it('answers in Bahasa Indonesia when asked: why a line was refused or skipped, and the 413', async () => {
    const [taken, badHash] = [address(), address()];
    await gerbang.store.users.create({ email: taken });
    const text = [line(person(taken)), '{ not json', line(person(badHash, { passwordHash: '$md5$abcdefghijklmnop' })), line({ email: 'no-at-sign' }), line(person(address(), { attributes: { shoe_size: '42' } }))].join('\n');
    const answer = await upload(text, '', 'application/x-ndjson', 'id');
    expect(answer.status).toBe(200);
    expect(answer.body.lines.map((l: { reason?: string }) => l.reason)).toEqual([
      'Sudah ada akun dengan alamat email ini.',
      'Baris ini bukan JSON yang valid.',
      'Hash kata sandi tidak dalam pengodean yang dibaca Gerbang (argon2, bcrypt, PBKDF2-SHA256, atau scrypt dalam format PHC).',
      expect.stringMatching(/^Alamat email /),
      'shoe_size bukan atribut skema identitas',
    ]);
    expect(answer.body.lines[3].reason).not.toMatch(/must|Email address/);
    const empty = await upload('\n', '', 'application/x-ndjson', 'id');
    expect(empty).toMatchObject({ status: 400, body: { message: 'Unggahan ini kosong: berikan satu objek JSON per baris, atau satu larik JSON berisi objek-objek itu.' } });
    const big = Array.from({ length: 7000 }, (_, i) => line(person(`filler${i}@example.com`, { attributes: { given_name: 'x'.repeat(150) } }))).join('\n');
    const tooLarge = await upload(big, '', 'application/x-ndjson', 'id');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.message).toBe('Unggahan ini lebih dari 1 MB: pecahlah menjadi berkas berukuran paling banyak 1 MB (sekitar 5.000 orang per berkas).');
  });

  it('answers per line: created, skipped (email taken, also twice in one file), refused with the line, field and why; refused lines write nothing', async () => {
    const [taken, fresh, twice, badHash, badAttribute] = [address(), address(), address(), address(), address()];
    await gerbang.store.users.create({ email: taken, attributes: { given_name: 'Already' } });
    const text = [
      line(person(taken)),
      line(person(fresh)),
      '',
      '{ this is not json',
      line({ email: 'no-at-sign', emailVerified: true }),
      line(person(badHash, { passwordHash: '$md5$abcdefghijklmnop' })),
      line(person(badAttribute, { attributes: { shoe_size: '42' } })),
      line({ ...person(twice), role: 'admin' }),
      line(person(twice)),
      line(person(twice.toUpperCase())),
    ].join('\n');
    const answer = await upload(text);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 2, skipped: 2, refused: 5 });
    expect(answer.body.lines).toEqual([
      { line: 1, result: 'skipped', email: taken, reason: 'An account with this email address exists already.' },
      expect.objectContaining({ line: 2, result: 'created', email: fresh, password: false }),
      { line: 4, result: 'refused', field: null, reason: 'This line is not valid JSON.' },
      expect.objectContaining({ line: 5, result: 'refused', field: 'email', email: 'no-at-sign' }),
      expect.objectContaining({ line: 6, result: 'refused', field: 'passwordHash', email: badHash }),
      expect.objectContaining({ line: 7, result: 'refused', field: 'attributes.shoe_size', email: badAttribute }),
      expect.objectContaining({ line: 8, result: 'refused', email: twice }),
      expect.objectContaining({ line: 9, result: 'created', email: twice }),
      expect.objectContaining({ line: 10, result: 'skipped', email: twice }),
    ]);
    expect(answer.body.lines[4].reason).toMatch(/^The password hash is in no encoding Gerbang reads/);
    expect(answer.body.lines[5].reason).toContain('shoe_size is not an attribute of the identity schema');
    expect(answer.body.lines[6].reason).toContain('role');
    for (const refused of [badHash, badAttribute, 'no-at-sign']) expect(await gerbang.store.users.findByEmail(refused)).toBeNull();
    // The one already there is untouched.
    expect((await gerbang.store.users.findByEmail(taken))!.attributes).toEqual({ given_name: 'Already' });
    const audit = await fetch(`${gerbang.url}/api/audit?type=user.imported&limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
    expect(audit[0].details).toMatchObject({ created: 2, skipped: 2, refused: 5 });
  });

  it('takes a JSON array too, and refuses hashes whose cost is beyond what a sign-in may spend', async () => {
    const [ok, slow] = [address(), address()];
    const answer = await upload(JSON.stringify([person(ok), person(slow, { passwordHash: `$pbkdf2-sha256$i=90000000$${b64(randomBytes(16))}$${b64(randomBytes(32))}` }), { email: 'no-at-sign' }]), '', 'application/json');
    expect(answer.status).toBe(200);
    expect(answer.body.lines.map((l: { result: string }) => l.result)).toEqual(['created', 'refused', 'refused']);
    expect(answer.body.lines[1]).toMatchObject({ line: 2, field: 'passwordHash' });
    expect(answer.body.lines[1].reason).toMatch(/iterations outside/);
    expect(answer.body.lines[2]).toMatchObject({ line: 3, field: 'email' });
  });

  it('mails a link to choose a password to people imported without a hash, when asked', async () => {
    const email = address();
    const since = mail.mails.length;
    const answer = await upload(line(person(email)), '?sendLinks=true&lang=id');
    expect(answer.body.lines[0]).toMatchObject({ result: 'created', password: false, linkSent: true });
    expect((await mail.next(email, since)).text).toMatch(/\/set-password\?user=/);
  });

  it("keeps the language each person used in the earlier system, and mails their link in it", async () => {
    const [indonesian, unknown, french] = [address(), address(), address()];
    const since = mail.mails.length;
    const answer = await upload([line(person(indonesian, { language: 'id' })), line(person(unknown)), line(person(french, { language: 'fr' }))].join('\n'), '?sendLinks=true&lang=en');
    expect(answer.body.lines.map((l: { result: string }) => l.result)).toEqual(['created', 'created', 'refused']);
    expect(answer.body.lines[2]).toMatchObject({ line: 3, field: 'language' });
    expect((await gerbang.store.users.findByEmail(indonesian))?.language).toBe('id');
    expect((await gerbang.store.users.findByEmail(unknown))?.language).toBeNull();
    expect(await gerbang.store.users.findByEmail(french)).toBeNull();
    // The person's own language wins over the importer's choice; without one, the importer's.
    expect((await mail.next(indonesian, since)).text).toContain('telah dibuat untuk Anda. Buka tautan ini untuk memilih kata sandi');
    expect((await mail.next(unknown, since)).text).toContain('was created for you. Open this link to choose your password');
  });

  it('refuses an upload over 1 MB with a 413 that says what to do, as JSON lines or as a JSON array, creating no one; an empty one with a 400', async () => {
    const first = address();
    const people = [person(first), ...Array.from({ length: 6000 }, (_, i) => person(`filler${i}@example.com`, { attributes: { given_name: 'x'.repeat(150) } }))];
    const big = people.map(line).join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const answer = await upload(big);
    expect(answer).toMatchObject({ status: 413, body: { error: 'too_large' } });
    expect(answer.body.message).toContain('split it');
    // The same people as one JSON array: the same answer, not the generic "body too large".
    expect(await upload(JSON.stringify(people), '', 'application/json')).toEqual(answer);
    expect(await upload(JSON.stringify(people), '', 'application/json', 'id')).toMatchObject({ status: 413, body: { error: 'too_large', message: expect.stringContaining('pecahlah') } });
    expect(await gerbang.store.users.findByEmail(first)).toBeNull();
    expect(await upload('\n\n')).toMatchObject({ status: 400, body: { error: 'empty_upload' } });
  });

  it('refuses more than 10,000 people at once with a 413 that says to split, as JSON lines or as a JSON array, creating no one', async () => {
    const first = address();
    const people = [person(first), ...Array.from({ length: 10_000 }, (_, i) => ({ email: `m${i}@x.co` }))];
    const lines = await upload(people.map(line).join('\n'));
    expect(lines).toMatchObject({ status: 413, body: { error: 'too_large', message: 'The upload holds 10,001 people; at most 10,000 at a time: split it.' } });
    const array = await upload(JSON.stringify(people), '', 'application/json', 'id');
    expect(array).toMatchObject({ status: 413, body: { error: 'too_large', message: 'Unggahan ini berisi 10.001 orang; paling banyak 10.000 sekaligus: pecahlah menjadi beberapa berkas.' } });
    expect(await gerbang.store.users.findByEmail(first)).toBeNull();
  });
});
