import { createHash } from 'node:crypto';

/** The bot challenge a page carries (in its `#pow-challenge` data), or null when it carries none. */
export function powChallengeOf(html: string): { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string; auto: boolean } | null {
  const json = /<script type="application\/json" id="pow-challenge">([\s\S]*?)<\/script>/.exec(html)?.[1];
  return json ? JSON.parse(json) : null;
}

/**
 * Solves a challenge as the page's script does (the same search: the number whose SHA-256 with the
 * salt is the challenge) and answers the `pow` field's value.
 */
export function solvePow(challenge: { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string }): string {
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (createHash('sha256').update(challenge.salt + n).digest('hex') === challenge.challenge) {
      const { algorithm, salt, signature } = challenge;
      return Buffer.from(JSON.stringify({ algorithm, challenge: challenge.challenge, number: n, salt, signature })).toString('base64');
    }
  }
  throw new Error('the challenge has no solution within its maximum number');
}
