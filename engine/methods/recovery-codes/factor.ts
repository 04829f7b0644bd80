import { randomInt } from 'node:crypto';
import type { Credential, CredentialsRepo } from '../../store/port.js';
import type { Factor } from '../factor.js';
import type { NodeContext } from '../../nodes/types.js';
import { recoveryCodeMessages } from './messages.js';
import { checkSecretUnderThrottles, refusalNotice } from '../../protection/secret-checks.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I
const COUNT = 10;

interface StoredCode {
  hash: string;
  usedAt: string | null;
}

/** Ten one-time codes, 50 bits each, shown once. Stored as argon2id hashes, like passwords. */
export async function issueRecoveryCodes(ctx: NodeContext<unknown>): Promise<string[]> {
  const codes = Array.from({ length: COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  const stored: StoredCode[] = await Promise.all(codes.map(async (c) => ({ hash: await ctx.services.passwords.hash(c), usedAt: null })));
  // One write: a new set replaces the old one (a code of the old set racing it finds its set gone).
  await ctx.services.store.credentials.replaceAll(ctx.user!.id, { type: 'recovery-codes', data: { name: ctx.t('recovery.name'), codes: stored } });
  return codes;
}

/**
 * Marks code `index` used by compare-and-set on the credential's revision: of several requests
 * presenting the same code only one succeeds; requests presenting different codes at once each
 * consume theirs (the loser of a write re-reads and tries again). Answers the codes left, or null
 * when the code was used (or the set replaced) meanwhile.
 */
export async function consumeRecoveryCode(credentials: CredentialsRepo, read: Credential, index: number, at: Date): Promise<number | null> {
  const hash = (read.data.codes as StoredCode[])[index].hash;
  let cred: Credential | undefined = read;
  while (cred) {
    const codes = cred.data.codes as StoredCode[];
    if (codes[index]?.hash !== hash || codes[index].usedAt) return null;
    const next = codes.map((c, j) => (j === index ? { ...c, usedAt: at.toISOString() } : c));
    if (await credentials.compareAndSetData(cred.id, cred.revision, { ...cred.data, codes: next })) return next.filter((c) => !c.usedAt).length;
    cred = (await credentials.listByUser(cred.userId, 'recovery-codes')).find((c) => c.id === read.id);
  }
  return null;
}

export const recoveryCodesFactor: Factor = {
  id: 'recovery-codes',
  title: 'Recovery code',
  amr: 'otp',
  messages: recoveryCodeMessages,
  async isEnrolled(ctx) {
    const [cred] = await ctx.services.store.credentials.listByUser(ctx.user!.id, 'recovery-codes');
    return Boolean(cred && (cred.data.codes as StoredCode[]).some((c) => !c.usedAt));
  },
  challenge: {
    async render(ctx) {
      return {
        title: ctx.t('recovery.title'),
        intro: ctx.t('recovery.intro'),
        fields: [{ name: 'code', label: ctx.t('recovery.code'), type: 'text', required: true, autocomplete: 'off' }],
        actions: [{ value: 'verify', label: ctx.t('recovery.verify') }],
      };
    },
    async submit(ctx, input) {
      const code = (input.code ?? '').trim().toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^(.{5})(.{5})$/, '$1-$2');
      const { store, passwords, throttles, clock } = ctx.services;
      const user = ctx.user!;
      // A guessed recovery code counts like a guessed password (same throttles).
      const checked = await checkSecretUnderThrottles(throttles, user.email, ctx.client.ip, clock.now(), {
        async check() {
          const [cred] = await store.credentials.listByUser(user.id, 'recovery-codes');
          const codes = (cred?.data.codes as StoredCode[] | undefined) ?? [];
          for (const [i, stored] of codes.entries()) {
            if (stored.usedAt || !(await passwords.verify(stored.hash, code))) continue;
            const left = await consumeRecoveryCode(store.credentials, cred!, i, clock.now());
            if (left === null) break; // another request used this code first
            return { verdict: true, value: left };
          }
          return { verdict: false, value: null };
        },
      });
      if (checked.result === 'blocked') return { result: 'message', ...refusalNotice(checked) };
      const left = checked.value;
      if (left !== null) return { result: 'verified', notice: left <= 3 ? { kind: 'info', key: 'recovery.fewLeft', vars: { n: left } } : null };
      return { result: 'wrong', key: 'recovery.wrong' };
    },
  },
};
