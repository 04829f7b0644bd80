/**
 * CAPTCHA providers' verify APIs: Cloudflare Turnstile, hCaptcha and Google reCAPTCHA (v2). All three
 * take the same form POST (`secret`, `response`, optional `remoteip`) and answer JSON with `success`
 * and `error-codes`, so one transport serves them; what differs is where the widget's script lives,
 * the origins the page must allow, and the address of the verify API.
 */

export const CAPTCHA_PROVIDERS = ['turnstile', 'hcaptcha', 'recaptcha'] as const;
export type CaptchaProvider = (typeof CAPTCHA_PROVIDERS)[number];

export interface CaptchaProviderInfo {
  title: string;
  /** The provider's verify API (it may be replaced per configuration, e.g. an enterprise endpoint). */
  verifyUrl: string;
  /** The widget's script, loaded by the page. */
  scriptUrl: string;
  /** The CSS class of the element the script turns into the widget. */
  widgetClass: string;
  /** Origins the page must allow for the widget: its scripts and its frames. */
  scriptOrigins: string[];
  frameOrigins: string[];
}

export const CAPTCHA_PROVIDER_INFO: Record<CaptchaProvider, CaptchaProviderInfo> = {
  turnstile: {
    title: 'Cloudflare Turnstile',
    verifyUrl: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    scriptUrl: 'https://challenges.cloudflare.com/turnstile/v0/api.js',
    widgetClass: 'cf-turnstile',
    scriptOrigins: ['https://challenges.cloudflare.com'],
    frameOrigins: ['https://challenges.cloudflare.com'],
  },
  hcaptcha: {
    title: 'hCaptcha',
    verifyUrl: 'https://api.hcaptcha.com/siteverify',
    scriptUrl: 'https://js.hcaptcha.com/1/api.js',
    widgetClass: 'h-captcha',
    scriptOrigins: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
    frameOrigins: ['https://hcaptcha.com', 'https://*.hcaptcha.com'],
  },
  recaptcha: {
    title: 'Google reCAPTCHA',
    verifyUrl: 'https://www.google.com/recaptcha/api/siteverify',
    scriptUrl: 'https://www.google.com/recaptcha/api.js',
    widgetClass: 'g-recaptcha',
    scriptOrigins: ['https://www.google.com', 'https://www.gstatic.com'],
    frameOrigins: ['https://www.google.com', 'https://recaptcha.google.com'],
  },
};

export interface CaptchaVerifyConfig {
  provider: CaptchaProvider;
  secret: string;
  /** Replaces the provider's verify API. */
  verifyUrl?: string | null;
  timeoutMs?: number;
}

/**
 * What the provider said about a token: `passed`; `failed` (a wrong, expired or reused token, with
 * the provider's error codes); or `unavailable` (no answer, an error status or an answer that is not
 * the verify API's): the caller fails closed.
 */
export type CaptchaVerdict = { result: 'passed' } | { result: 'failed'; codes: string[] } | { result: 'unavailable'; reason: string };

/** Asks the provider whether `token` (what the widget put in the form) was solved by a person, once. */
export async function verifyCaptcha(config: CaptchaVerifyConfig, token: string, remoteIp: string | null): Promise<CaptchaVerdict> {
  const url = config.verifyUrl || CAPTCHA_PROVIDER_INFO[config.provider].verifyUrl;
  const form = new URLSearchParams({ secret: config.secret, response: token });
  if (remoteIp) form.set('remoteip', remoteIp);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(config.timeoutMs ?? 5_000),
    });
  } catch (err) {
    return { result: 'unavailable', reason: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) };
  }
  if (!res.ok) return { result: 'unavailable', reason: `the verify API answered ${res.status}` };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { result: 'unavailable', reason: 'the verify API answered something other than JSON' };
  }
  if (!body || typeof body !== 'object' || typeof (body as { success?: unknown }).success !== 'boolean') {
    return { result: 'unavailable', reason: 'the verify API answered without "success"' };
  }
  const answer = body as { success: boolean; 'error-codes'?: unknown };
  if (answer.success) return { result: 'passed' };
  const codes = Array.isArray(answer['error-codes']) ? answer['error-codes'].map(String).slice(0, 10) : [];
  // A refused secret is our configuration, not the person: the check cannot be made.
  if (codes.some((c) => c === 'invalid-input-secret' || c === 'missing-input-secret')) return { result: 'unavailable', reason: `the provider refused the secret (${codes.join(', ')})` };
  return { result: 'failed', codes };
}
