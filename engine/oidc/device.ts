import type { RequestHandler } from 'express';
import { parseCookie } from 'cookie';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { oidcRefusal } from './error-words.js';
import { html, type SafeHtml } from '../hosted/html.js';
import type { Theme } from '../hosted/theme.js';
import type { Language } from '../languages.js';
import type { OidcPages, Translate } from './pages.js';

type DeviceFlow = Exclude<NonNullable<Configuration['features']>['deviceFlow'], undefined>;

/**
 * The device authorization grant (RFC 8628) as people see it: the verification page where they type
 * the code their TV shows, the confirmation naming the app and the device, and the end page. The
 * journey in between is the app's own, on the hosted pages. Texts in English and Bahasa Indonesia.
 */
export const deviceMessages: Record<Language, Record<string, string>> = {
  en: {
    'device.title': 'Connect a device',
    'device.intro': 'Enter the code shown on your TV or device.',
    'device.code': 'Code',
    'device.codeHint': 'For example BCDF-GHJK. Upper or lower case, with or without the dash.',
    'device.continue': 'Continue',
    'device.wrongCode': 'That code is not right. Check the code on your device and try again.',
    'device.noCode': 'Please enter the code shown on your device.',
    'device.expiredCode': 'This code has expired. Start again on your device to get a new code.',
    'device.usedCode': 'This code has already been used. Start again on your device to get a new code.',
    'device.refused': 'You refused the sign-in. The device was not connected.',
    'device.failed': 'The device could not be connected. Start again on your device.',
    'device.locked': 'Too many codes were tried from here. Please wait {minutes} minutes and try again.',
    'device.confirmTitle': 'Connect this device?',
    'device.confirmIntro': '{app} wants to sign you in on a device.',
    'device.confirmCode': 'Code on the device',
    'device.confirmDevice': 'Device',
    'device.confirmWhere': 'Requested from',
    'device.confirmWarning': 'Only continue if you started this on a device you have with you and it shows this code. If not, refuse.',
    'device.approve': 'Continue and sign in',
    'device.refuse': 'Refuse',
    'device.doneTitle': 'Device connected',
    'device.done': 'You are signed in to {app} on your device. You can close this page.',
    'device.unknownDevice': 'Unknown device',
  },
  id: {
    'device.title': 'Hubungkan perangkat',
    'device.intro': 'Masukkan kode yang tampil di TV atau perangkat Anda.',
    'device.code': 'Kode',
    'device.codeHint': 'Misalnya BCDF-GHJK. Huruf besar atau kecil, dengan atau tanpa tanda hubung.',
    'device.continue': 'Lanjutkan',
    'device.wrongCode': 'Kode itu tidak benar. Periksa kode di perangkat Anda lalu coba lagi.',
    'device.noCode': 'Silakan masukkan kode yang tampil di perangkat Anda.',
    'device.expiredCode': 'Kode ini sudah kedaluwarsa. Mulai lagi di perangkat Anda untuk mendapatkan kode baru.',
    'device.usedCode': 'Kode ini sudah digunakan. Mulai lagi di perangkat Anda untuk mendapatkan kode baru.',
    'device.refused': 'Anda menolak permintaan masuk. Perangkat tidak dihubungkan.',
    'device.failed': 'Perangkat tidak dapat dihubungkan. Mulai lagi di perangkat Anda.',
    'device.locked': 'Terlalu banyak kode dicoba dari sini. Tunggu {minutes} menit lalu coba lagi.',
    'device.confirmTitle': 'Hubungkan perangkat ini?',
    'device.confirmIntro': '{app} ingin memasukkan Anda di sebuah perangkat.',
    'device.confirmCode': 'Kode di perangkat',
    'device.confirmDevice': 'Perangkat',
    'device.confirmWhere': 'Diminta dari',
    'device.confirmWarning': 'Lanjutkan hanya jika Anda sendiri yang memulainya di perangkat yang ada di dekat Anda dan kode ini tampil di sana. Jika tidak, tolak.',
    'device.approve': 'Lanjutkan dan masuk',
    'device.refuse': 'Tolak',
    'device.doneTitle': 'Perangkat terhubung',
    'device.done': 'Anda sudah masuk ke {app} di perangkat Anda. Halaman ini boleh ditutup.',
    'device.unknownDevice': 'Perangkat tak dikenal',
  },
};

/** What the device told us about itself when it asked for a code (shown on the confirmation page). */
interface DeviceInfo {
  ip?: string;
  ua?: string;
}

/** oidc-provider hands a ready form; we keep only its action and CSRF token and draw our own. */
function formParts(form: string): { action: string; xsrf: string } {
  return {
    action: /action="([^"]+)"/.exec(form)?.[1] ?? '/device',
    xsrf: /name="xsrf" value="([^"]+)"/.exec(form)?.[1] ?? '',
  };
}

/** The message for an error oidc-provider re-renders the code page with. */
function inputError(t: Translate, err: Error | undefined): string | null {
  if (!err) return null;
  switch (err.name) {
    case 'NoCodeError':
      return t('device.noCode');
    case 'NotFoundError':
      return t('device.wrongCode');
    case 'ExpiredError':
      return t('device.expiredCode');
    case 'AlreadyUsedError':
      return t('device.usedCode');
    case 'AbortedError':
      return t('device.refused');
    default:
      return t('device.failed');
  }
}

/** The verification page: one field for the code, with an error when the last try failed. */
export function codeInputBody(t: Translate, form: { action: string; xsrf: string }, error: string | null, typed = ''): SafeHtml {
  return html`<h1>${t('device.title')}</h1>
<p class="intro">${t('device.intro')}</p>
${error ? html`<div class="alert error" role="alert">${error}</div>` : ''}
<form method="post" action="${form.action}" novalidate>
<input type="hidden" name="xsrf" value="${form.xsrf}">
<div class="field${error ? ' has-error' : ''}"><label for="user_code">${t('device.code')}</label><input type="text" id="user_code" name="user_code" value="${typed}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" required aria-describedby="user_code-hint"><p class="hint" id="user_code-hint">${t('device.codeHint')}</p></div>
<div class="actions"><button type="submit" class="primary">${t('device.continue')}</button></div>
</form>`;
}

export interface DeviceFlowDeps {
  pages: OidcPages;
  /** The app's branding for its pages. */
  brandingOf(clientId: string): Promise<Partial<Theme> | null>;
}

/** oidc-provider's deviceFlow feature with Gerbang's pages. */
export function deviceFlowFeature(deps: DeviceFlowDeps): DeviceFlow {
  const { pages } = deps;
  return {
    enabled: true,
    // 8 letters of 20 without vowels or look-alikes: 20^8 codes, readable on a TV, typed on a phone.
    charset: 'base-20',
    mask: '****-****',
    deviceInfo: (ctx: KoaContextWithOIDC) => ({ ip: ctx.ip, ua: ctx.get('user-agent').slice(0, 200) }),
    userCodeInputSource: async (ctx, form, _out, err) => {
      const t = pages.t(ctx);
      const typed = (err as { userCode?: string } | undefined)?.userCode ?? '';
      const error = inputError(t, err);
      ctx.type = 'html';
      // A refusal is not the person's mistake: show it as the outcome, with the form to try another code.
      ctx.status = error && err?.name !== 'AbortedError' ? 400 : 200;
      ctx.body = pages.render(ctx, t('device.title'), codeInputBody(t, formParts(form), error, typed));
    },
    userCodeConfirmSource: async (ctx, form, client, deviceInfo, userCode) => {
      const t = pages.t(ctx);
      const { action, xsrf } = formParts(form);
      const device = deviceInfo as DeviceInfo;
      const app = client.clientName ?? client.clientId;
      ctx.type = 'html';
      ctx.body = pages.render(
        ctx,
        t('device.confirmTitle'),
        html`<h1>${t('device.confirmTitle')}</h1>
<p class="intro">${t('device.confirmIntro', { app })}</p>
<dl class="device-details">
<dt>${t('device.confirmCode')}</dt><dd><strong class="user-code">${userCode}</strong></dd>
<dt>${t('device.confirmDevice')}</dt><dd>${device.ua || t('device.unknownDevice')}</dd>
${device.ip ? html`<dt>${t('device.confirmWhere')}</dt><dd>${device.ip}</dd>` : ''}
</dl>
<div class="alert info" role="note">${t('device.confirmWarning')}</div>
<form method="post" action="${action}">
<input type="hidden" name="xsrf" value="${xsrf}">
<input type="hidden" name="user_code" value="${userCode}">
<div class="actions"><button type="submit" name="confirm" value="yes" class="primary">${t('device.approve')}</button><button type="submit" name="abort" value="yes" class="secondary">${t('device.refuse')}</button></div>
</form>`,
        await deps.brandingOf(client.clientId),
      );
    },
    successSource: async (ctx) => {
      const t = pages.t(ctx);
      const client = ctx.oidc.client;
      const app = client?.clientName ?? client?.clientId ?? '';
      ctx.type = 'html';
      ctx.body = pages.render(
        ctx,
        t('device.doneTitle'),
        html`<h1>${t('device.doneTitle')}</h1><div class="alert info" role="status">${t('device.done', { app })}</div>`,
        client ? await deps.brandingOf(client.clientId) : null,
      );
    },
  };
}

/**
 * oidc-provider 9 answers a device resume (`GET /device/<uid>`) that carries no resume cookie with a
 * 500 (it saves a session it never stored). Such a request is a stale or forged link, never a step a
 * person's browser takes: it gets a 400 page here instead.
 */
export function deviceResumeGuard(resumeCookieName: () => string): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'GET' || !/^\/device\/[^/]+\/?$/.test(req.path)) return next();
    const cookies = parseCookie(req.headers.cookie ?? '');
    if (cookies[resumeCookieName()] === undefined) return next(oidcRefusal(400, 'invalid_request', 'oidcError.device_expired'));
    next();
  };
}
