import type { Page, PageBlock, PageField } from '../nodes/types.js';
import { html, raw, type SafeHtml } from './html.js';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from './i18n.js';
import type { Theme } from './theme.js';

/** What every hosted page needs to draw its frame. */
export interface Chrome {
  theme: Theme;
  lang: string;
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** Nonce of this response's Content-Security-Policy, for the theme's inline style. */
  nonce: string;
  /** The current path (without query), for the language switch links. */
  path: string;
}

export function layout(chrome: Chrome, title: string, body: SafeHtml, opts: { wide?: boolean } = {}): string {
  const { theme, lang, t } = chrome;
  const langLinks = SUPPORTED_LANGUAGES.map((l) =>
    l === lang
      ? html`<strong aria-current="true">${LANGUAGE_NAMES[l]}</strong>`
      : html`<a href="${chrome.path}?lang=${l}" hreflang="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</a>`,
  );
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${theme.name}</title>
<link rel="stylesheet" href="/assets/hosted.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<style nonce="${chrome.nonce}">:root{--primary:${theme.primaryColor};--bg:${theme.backgroundColor};--text:${theme.textColor}}</style>
</head>
<body>
<main class="card${opts.wide ? ' wide' : ''}">
<header class="brand">${theme.logoUrl ? html`<img src="${theme.logoUrl}" alt="${theme.name}" class="logo">` : html`<span class="brand-name">${theme.name}</span>`}</header>
${body}
</main>
<nav class="languages" aria-label="${t('page.language')}">${langLinks}</nav>
</body>
</html>`.value;
}

function field(f: PageField): SafeHtml {
  const id = `f-${f.name}`;
  const describedBy = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = html`id="${id}" name="${f.name}"${f.required ? raw(' required') : ''}${f.readonly ? raw(' readonly') : ''}${
    describedBy ? html` aria-describedby="${describedBy}"` : ''
  }${f.error ? raw(' aria-invalid="true"') : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.max ? html` max="${f.max}"` : ''}`;
  if (f.type === 'hidden') return html`<input type="hidden" name="${f.name}" value="${f.value ?? ''}">`;
  let control: SafeHtml;
  if (f.type === 'select') {
    control = html`<select ${common}><option value=""></option>${(f.options ?? []).map(
      (o) => html`<option value="${o.value}"${o.value === f.value ? raw(' selected') : ''}>${o.label}</option>`,
    )}</select>`;
  } else if (f.type === 'checkbox') {
    return html`<div class="field checkbox${f.error ? ' has-error' : ''}"><label><input type="checkbox" ${common}${
      f.value === 'on' || f.value === 'true' ? raw(' checked') : ''
    }> ${f.label}</label>${f.error ? html`<p class="error" id="${id}-error">${f.error}</p>` : ''}</div>`;
  } else if (f.type === 'code') {
    control = html`<input type="text" inputmode="numeric" autocomplete="one-time-code" ${common} value="${f.value ?? ''}">`;
  } else {
    control = html`<input type="${f.type}" ${common} value="${f.type === 'password' ? '' : (f.value ?? '')}">`;
  }
  return html`<div class="field${f.error ? ' has-error' : ''}"><label for="${id}">${f.label}</label>${control}${
    f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''
  }${f.error ? html`<p class="error" id="${id}-error">${f.error}</p>` : ''}</div>`;
}

function block(b: PageBlock): SafeHtml {
  switch (b.kind) {
    case 'text':
      return html`<p>${b.text}</p>`;
    case 'image':
      return html`<img src="${b.src}" alt="${b.alt}" class="block-image">`;
    case 'code':
      return html`<pre class="code">${b.text}</pre>`;
    case 'link':
      return html`<p><a href="${b.href}">${b.label}</a></p>`;
    case 'script':
      return html`<script src="${b.src}" defer></script>`;
    case 'data':
      // Raw JSON inside <script>: only "<" needs escaping so the element cannot be closed early.
      return html`<script type="application/json" id="${b.id}">${raw(JSON.stringify(b.json).replace(/</g, '\\u003c'))}</script>`;
  }
}

/**
 * The body of a node's page: a form posting back to the run, with the CSRF token and the step it is
 * for (a form reloaded or reached with the back button after the run moved on is not submitted).
 */
export function pageBody(page: Page, form: { action: string; csrfToken: string; step?: string }): SafeHtml {
  const hasForm = page.fields.length > 0 || page.actions.length > 0;
  return html`<h1>${page.title}</h1>
${page.intro ? html`<p class="intro">${page.intro}</p>` : ''}
${page.error ? html`<div class="alert error" role="alert">${page.error}</div>` : ''}
${page.info ? html`<div class="alert info" role="status">${page.info}</div>` : ''}
${(page.blocks ?? []).filter((b) => b.kind !== 'link').map(block)}
${
  hasForm
    ? html`<form method="post" action="${form.action}" novalidate>
<input type="hidden" name="_csrf" value="${form.csrfToken}">
${form.step ? html`<input type="hidden" name="_step" value="${form.step}">` : ''}
${page.fields.map(field)}
<div class="actions">${page.actions.map(
        (a) =>
          html`<button type="submit" name="action" value="${a.value}" class="${a.kind ?? 'primary'}"${a.formNoValidate ? raw(' formnovalidate') : ''}>${a.label}</button>`,
      )}</div>
</form>`
    : ''
}
${(page.blocks ?? []).filter((b) => b.kind === 'link').map(block)}`;
}

/** A page with a heading, a message and optional links/buttons (errors, signed-in home...). */
export function messageBody(title: string, message: string, extra: SafeHtml | string = ''): SafeHtml {
  return html`<h1>${title}</h1><p class="intro">${message}</p>${extra}`;
}
