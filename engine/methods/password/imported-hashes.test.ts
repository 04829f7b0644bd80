import { describe, expect, it } from 'vitest';
import { pbkdf2Sync } from 'node:crypto';
import { hashSync as bcrypt } from '@node-rs/bcrypt';
import { importedHashProblem, importedSchemeOf, verifyImportedHash } from './imported-hashes.js';

const salt = Buffer.from('0123456789abcdef');
const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
const pbkdf2 = (pw: string, i = 10000) => `$pbkdf2-sha256$i=${i}$${b64(salt)}$${b64(pbkdf2Sync(pw, salt, i, 32, 'sha256'))}`;

describe('password hashes imported from another system', () => {
  it('names the scheme of each standard encoding it reads', () => {
    expect(importedSchemeOf(pbkdf2('x'))).toBe('pbkdf2-sha256');
    expect(importedSchemeOf(bcrypt('x', 4).replace(/^\$2b\$/, '$2y$'))).toBe('bcrypt');
    expect(importedSchemeOf('$scrypt$ln=14,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g')).toBe('scrypt');
  });

  it('refuses what it cannot read and costs a sign-in could not afford, saying why', () => {
    expect(importedHashProblem('$1$md5crypt$abcdefghijk')?.en).toMatch(/no encoding Gerbang reads/);
    expect(importedHashProblem('plain-text-password')?.en).toMatch(/no encoding Gerbang reads/);
    expect(importedHashProblem(pbkdf2('x', 999))?.en).toMatch(/iterations outside/);
    expect(importedHashProblem('$pbkdf2-sha256$i=3000000$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA')?.en).toMatch(/iterations outside/);
    expect(importedHashProblem('$scrypt$ln=24,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g')?.en).toMatch(/scrypt parameters/);
    expect(importedHashProblem(bcrypt('x', 4).replace('$04$', '$17$'))?.en).toMatch(/bcrypt cost/);
    expect(importedHashProblem('$argon2id$v=19$m=4194304,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo')?.en).toMatch(/argon2 parameters/);
  });

  it('says why in Bahasa Indonesia too', () => {
    expect(importedHashProblem('plain-text-password')?.id).toBe('tidak dalam pengodean yang dibaca Gerbang (argon2, bcrypt, PBKDF2-SHA256, atau scrypt dalam format PHC)');
    expect(importedHashProblem(pbkdf2('x', 999))?.id).toBe('memiliki jumlah iterasi PBKDF2 di luar 1000–2000000');
    expect(importedHashProblem('$2b$04$short')?.id).toMatch(/^bukan hash bcrypt/);
  });

  it('verifies the right password and no other', async () => {
    expect(await verifyImportedHash(pbkdf2('right'), 'right')).toBe(true);
    expect(await verifyImportedHash(pbkdf2('right'), 'wrong')).toBe(false);
    expect(await verifyImportedHash('$md5$nothing', 'right')).toBe(false);
  });
});
