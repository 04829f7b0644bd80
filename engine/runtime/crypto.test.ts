import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from './crypto.js';

describe('randomBytesPooled', () => {
  it('hands out every byte once: thousands of tokens across many pool refills, none repeated', () => {
    const seen = new Set<string>();
    // 32 bytes at a time, about 25 refills of the 4 KiB pool, with odd sizes between to cross its edges.
    for (let i = 0; i < 3000; i++) {
      const token = randomBytesPooled(32);
      expect(token).toHaveLength(32);
      seen.add(token.toString('hex'));
      expect(randomBytesPooled(7)).toHaveLength(7);
    }
    expect(seen.size).toBe(3000);
  });

  it('answers a large request straight from the CSPRNG', () => {
    const large = randomBytesPooled(1024);
    expect(large).toHaveLength(1024);
    expect(large.equals(Buffer.alloc(1024))).toBe(false);
  });
});
