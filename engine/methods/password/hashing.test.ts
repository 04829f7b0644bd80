import { describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { hashSync as bcrypt } from '@node-rs/bcrypt';
import { ARGON2_PARAMS, argon2idHasher, needsRehash } from './hashing.js';

describe('which stored password hashes are replaced at the next sign-in', () => {
  it("keeps Gerbang's own argon2id, and one imported with at least its costs", async () => {
    expect(needsRehash(await argon2idHasher.hash('a password'))).toBe(false);
    expect(needsRehash(await hash('a password', { ...ARGON2_PARAMS, memoryCost: 65536, timeCost: 3 }))).toBe(false);
  });

  it('replaces any other scheme, and an argon2id imported with weaker costs than Gerbang uses', async () => {
    expect(needsRehash(bcrypt('a password', 4))).toBe(true);
    const weak = await hash('a password', { ...ARGON2_PARAMS, memoryCost: 4096, timeCost: 1 });
    expect(needsRehash(weak)).toBe(true);
    // Still verified as it is until then.
    expect(await argon2idHasher.verify(weak, 'a password')).toBe(true);
    expect(await argon2idHasher.verify(weak, 'another password')).toBe(false);
  });
});
