import { call } from '../../api';
import type { RiskRow } from './RiskDecisions';

export interface ProtectionSettings {
  pairFailures: number;
  pairBlockMinutes: number;
  accountFailures: number;
  addressFailures: number;
  windowMinutes: number;
  botChallengeAfterFailures: number;
  botChallengeDifficulty: number;
}

export const THRESHOLD_KEYS: Array<keyof ProtectionSettings> = ['pairFailures', 'pairBlockMinutes', 'accountFailures', 'addressFailures', 'windowMinutes', 'botChallengeAfterFailures', 'botChallengeDifficulty'];

/** The thresholds in force, the configuration's, and the revision to save against (0: never changed in the console). */
export interface ThresholdsView {
  values: ProtectionSettings;
  defaults: ProtectionSettings;
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
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

export type CaptchaProvider = 'turnstile' | 'hcaptcha' | 'recaptcha';
export const CAPTCHA_PROVIDERS: Array<{ id: CaptchaProvider; title: string }> = [
  { id: 'turnstile', title: 'Cloudflare Turnstile' },
  { id: 'hcaptcha', title: 'hCaptcha' },
  { id: 'recaptcha', title: 'Google reCAPTCHA' },
];

/** A provider's keys as the server shows them: never the secret. */
export interface CaptchaKeys {
  provider: CaptchaProvider;
  title: string;
  siteKey: string;
  verifyUrl: string | null;
  revision: number;
  updatedAt: string;
}

export const protectionApi = {
  get: () => call<{ settings: ProtectionSettings; thresholds: ThresholdsView; blocks: Block[] }>('GET', '/protection'),
  saveThresholds: (values: ProtectionSettings & { revision: number }) => call<ThresholdsView>('PUT', '/protection/thresholds', values),
  resetThresholds: () => call<null>('DELETE', '/protection/thresholds'),
  unblock: (key: string) => call<{ unblocked: string }>('POST', '/protection/unblock', { key }),
  risk: () => call<{ decisions: RiskRow[] }>('GET', '/protection/risk?limit=50'),
  captcha: () => call<{ providers: CaptchaKeys[] }>('GET', '/protection/captcha'),
  saveCaptcha: (provider: CaptchaProvider, keys: { siteKey: string; secret?: string; verifyUrl: string | null }) => call<CaptchaKeys>('PUT', `/protection/captcha/${provider}`, keys),
  removeCaptcha: (provider: CaptchaProvider) => call<null>('DELETE', `/protection/captcha/${provider}`),
};
