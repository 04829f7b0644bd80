/**
 * Baseline process: argon2id verifications with Gerbang's parameters, run on the server's core (the
 * bench starts it under the same pinning). Prints `{ ready: true }`, then for every line `<count>` on
 * stdin runs that many verifications (4 at a time, like the bench's journeys) and prints `{ seconds }`.
 */
import { createInterface } from 'node:readline';
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../../engine/methods/password/hashing.js';

const PASSWORD = 'benchmark password 1';
const CONCURRENCY = 4;

const encoded = await hash(PASSWORD, ARGON2_PARAMS);
for (let i = 0; i < 10; i++) await verify(encoded, PASSWORD); // warm-up
console.log(JSON.stringify({ ready: true }));

for await (const line of createInterface({ input: process.stdin })) {
  const count = Number(line);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) if (!(await verify(encoded, PASSWORD))) throw new Error('verify failed');
    }),
  );
  console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
}
