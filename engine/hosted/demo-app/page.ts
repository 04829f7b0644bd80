import { html, raw, type SafeHtml } from '../html.js';
import { localeOf } from '../../languages.js';
import type { DemoAppTexts } from './texts.js';
import { DEMO_APP_CLIENT_ID, demoAppUris } from './addresses.js';

/** What the demo app's script needs: who to talk to, as whom, where to come back, and its words. */
export interface DemoAppConfig {
  issuer: string;
  clientId: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  lang: string;
  /** Formats dates and times for the language. */
  locale: string;
  texts: DemoAppTexts;
}

export function demoAppConfig(publicUrl: string, lang: string, texts: DemoAppTexts): DemoAppConfig {
  return { issuer: publicUrl.replace(/\/+$/, ''), clientId: DEMO_APP_CLIENT_ID, ...demoAppUris(publicUrl), lang, locale: localeOf(lang), texts };
}

/**
 * The page's markup: every part the script shows or hides is here, hidden until it knows which
 * applies (signed out, finishing a sign-in, signed in). Its configuration is a JSON data block, and
 * its script a module from our origin: the page's policy allows no inline script.
 */
export function demoAppBody(config: DemoAppConfig): SafeHtml {
  const t = config.texts.page;
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return html`<h1>${t.title}</h1>
<p class="intro">${t.intro}</p>
<div class="alert error" role="alert" id="demo-error" hidden></div>
<div class="alert info" role="status" id="demo-notice" hidden></div>
<p id="demo-loading">${t.loading}</p>
<noscript><p>${t.needsScript}</p></noscript>
<section id="demo-signed-out" hidden>
<p>${t.signedOut}</p>
<div class="actions"><button type="button" class="primary" id="demo-sign-in">${t.signIn}</button></div>
</section>
<section id="demo-signed-in" hidden aria-labelledby="demo-signed-in-title">
<h2 id="demo-signed-in-title">${t.signedIn}</h2>
<p id="demo-signed-in-as"></p>
<dl class="device-details" id="demo-who"></dl>
<details class="demo-raw"><summary>${t.rawClaims}</summary><pre class="code" id="demo-claims"></pre></details>
<div class="actions">
<button type="button" class="secondary" id="demo-call-me">${t.callMe}</button>
<button type="button" class="secondary" id="demo-refresh">${t.refresh}</button>
<button type="button" class="primary" id="demo-sign-out">${t.signOut}</button>
</div>
<section class="section" id="demo-me" hidden aria-labelledby="demo-me-title"><h2 id="demo-me-title">${t.meAnswer}</h2><pre class="code" id="demo-me-answer"></pre></section>
</section>
<script type="application/json" id="demo-app-config">${raw(json)}</script>
<script type="module" src="/demo-app/app.js"></script>`;
}
