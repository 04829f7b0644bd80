import type { Request, Response } from 'express';
import type { SafeHtml } from '../hosted/html.js';
import type { Theme } from '../hosted/theme.js';
import { localPath } from './redirect.js';
import { randomBytesPooled } from '../runtime/crypto.js';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** What every page needs to draw its frame (theme, language switch, CSP nonce of its inline style). */
export interface PageFrame {
  theme: Theme;
  lang: string;
  t: Translate;
  nonce: string;
  /** The current path (without query), for the language switch links. */
  path: string;
}

/**
 * How pages look, supplied by the composition root from the hosted layout: the kit binds a request
 * to it without knowing the markup.
 */
export interface PageShell {
  theme: Theme;
  translate: (lang: string, key: string, vars?: Record<string, string | number>) => string;
  /** The visitor's language: the remembered choice, then Accept-Language. */
  languageOf: (req: Request) => string;
  /** A whole HTML document around a body. */
  document: (frame: PageFrame, title: string, body: SafeHtml, opts?: { wide?: boolean }) => string;
  /** The body of a simple page: a heading, a sentence and optional links or buttons. */
  messageBody: (title: string, message: string, extra?: SafeHtml | string) => SafeHtml;
}

/**
 * The theme of this response: the global theme read for the request (`res.locals.theme`, set by the
 * composition root from the console's branding) or else the shell's (the environment's).
 */
export function themeOfResponse(res: { locals?: Record<string, unknown> }, fallback: Theme): Theme {
  return (res.locals?.theme as Theme | undefined) ?? fallback;
}

/**
 * The Content-Security-Policy of our pages: our own scripts only, the theme's inline style by nonce;
 * a page showing a CAPTCHA provider's widget also allows that provider's scripts and frames.
 */
export function pageCsp(nonce: string, thirdParty?: { scripts: string[]; frames: string[] }): string {
  const scripts = thirdParty?.scripts.length ? ` ${thirdParty.scripts.join(' ')}` : '';
  const frames = thirdParty?.frames.length ? `; frame-src ${thirdParty.frames.join(' ')}` : '';
  return `default-src 'self'; img-src 'self' https: data:; style-src 'self' 'nonce-${nonce}'; script-src 'self'${scripts}${frames}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`;
}

/** One request of a person's browser: language, CSP nonce, theme, and how to answer with a page. */
export class PageContext {
  readonly lang: string;
  readonly nonce = randomBytesPooled(16).toString('base64');
  constructor(
    private readonly shell: PageShell,
    readonly req: Request,
    readonly res: Response,
    public theme: Theme = themeOfResponse(res, shell.theme),
  ) {
    this.lang = shell.languageOf(req);
  }

  t: Translate = (key, vars) => this.shell.translate(this.lang, key, vars);

  frame(): PageFrame {
    return { theme: this.theme, lang: this.lang, t: this.t, nonce: this.nonce, path: localPath(this.req.path) };
  }

  /** Answers with a whole page; never cached, never framed. */
  send(status: number, title: string, body: SafeHtml, opts?: { wide?: boolean; thirdParty?: { scripts: string[]; frames: string[] } }): void {
    this.res
      .status(status)
      .set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': pageCsp(this.nonce, opts?.thirdParty) })
      .send(this.shell.document(this.frame(), title, body, { wide: opts?.wide }));
  }

  message(status: number, title: string, message: string, extra: SafeHtml | string = ''): void {
    this.send(status, title, this.shell.messageBody(title, message, extra));
  }
}
