import { call } from '../../api';

export interface ProtectionSettings {
  pairFailures: number;
  pairBlockMinutes: number;
  accountFailures: number;
  addressFailures: number;
  windowMinutes: number;
  botChallengeAfterFailures: number;
  botChallengeDifficulty: number;
}

export interface Block {
  key: string;
  kind: 'pair' | 'address' | 'account';
  account: string | null;
  address: string | null;
  failures: number;
  until: string;
  /** Addresses: refused, or only asked the bot challenge; accounts: slowed. */
  state?: 'blocked' | 'challenged' | 'slowed';
}

export const protectionApi = {
  get: () => call<{ settings: ProtectionSettings; blocks: Block[] }>('GET', '/protection'),
  unblock: (key: string) => call<{ unblocked: string }>('POST', '/protection/unblock', { key }),
};
