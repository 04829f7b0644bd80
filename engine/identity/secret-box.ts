import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { randomBytesPooled } from '../runtime/crypto.js';

/**
 * Encrypts secrets at rest (client secrets, TOTP seeds) with AES-256-GCM. The ciphertext names the
 * key it was sealed with (`v1.<keyId>.<iv>.<data>.<tag>`), so a new key can be introduced while old
 * ciphertexts still open with the previous one.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  /** `current` seals; `previous` keys only open. Keys are any string; each is hashed to 256 bits. */
  constructor(current: string, previous: string[] = []) {
    this.currentId = this.add(current);
    for (const k of previous) this.add(k);
  }

  private add(secret: string): string {
    const key = createHash('sha256').update(`gerbang-secret-box:${secret}`).digest();
    const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
    this.keys.set(id, key);
    return id;
  }

  seal(plaintext: string): string {
    const iv = randomBytesPooled(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentId, iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [version, keyId, iv, data, tag] = sealed.split('.');
    const key = this.keys.get(keyId);
    if (version !== 'v1' || !key || !iv || !tag) throw new Error('This secret was sealed with an unknown key or format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
