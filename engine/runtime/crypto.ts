import { createHash, createHmac, hash, timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison (lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** SHA-256, base64url (one-shot: no hash object per call, on every request's ids and tokens). */
export function sha256(value: string): string {
  return hash('sha256', value, 'base64url');
}

export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}
