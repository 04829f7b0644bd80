import type { RequestHandler } from 'express';
import type { AppBranding, SettingsRepo } from '../store/port.js';
import { mergeTheme, type Theme } from '../hosted/theme.js';
import { checkContrast, type ContrastCheck } from '../hosted/contrast.js';

export const THEME_KEY = 'theme';

/** The theme fields the console sets (the same as an app's branding). */
export type ThemeInput = AppBranding;

/** Colours people cannot read: refused with the field to change and the ratios found. */
export class PoorContrast extends Error {
  constructor(readonly failed: ContrastCheck[]) {
    super(failed.map((c) => `${c.what}: contrast ${c.ratio}:1, at least ${c.minimum}:1 is needed`).join('; '));
  }
}

/** Refuses a theme whose colours fail the contrast checks. */
export function ensureReadable(theme: Theme): ContrastCheck[] {
  const checks = checkContrast(theme);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length) throw new PoorContrast(failed);
  return checks;
}

/**
 * The global theme of the hosted pages: the environment's (THEME_*) with the console's changes laid
 * over it, kept in the settings aggregate so every instance shows the same. Apps override it with
 * their own branding.
 */
export class Branding {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly base: Theme,
  ) {}

  /** `base` is what an empty field falls back to (the environment's theme): the console shows it as the default. */
  async current(): Promise<{ theme: Theme; custom: ThemeInput; base: Theme; revision: number }> {
    const doc = await this.settings.get(THEME_KEY);
    const custom = (doc?.value ?? {}) as ThemeInput;
    return { theme: mergeTheme(this.base, custom), custom, base: this.base, revision: doc?.revision ?? 0 };
  }

  /** The theme the console's fields would give (for a preview of changes not saved yet). */
  withCustom(custom: ThemeInput): Theme {
    return mergeTheme(this.base, custom);
  }

  async theme(): Promise<Theme> {
    return (await this.current()).theme;
  }

  /** Saves the console's theme (refused when unreadable); null when someone else saved meanwhile. */
  async save(custom: ThemeInput, expectedRevision: number, by: string | null): Promise<{ theme: Theme; custom: ThemeInput; base: Theme; revision: number } | null> {
    ensureReadable(mergeTheme(this.base, custom));
    const saved = await this.settings.put(THEME_KEY, { ...custom }, expectedRevision, by);
    return saved ? this.current() : null;
  }

  async reset(): Promise<boolean> {
    return this.settings.delete(THEME_KEY);
  }
}

/**
 * Reads the global theme once for each request of a person's browser (one that accepts HTML) into
 * `res.locals.theme`, where every page takes it from: a change in the console shows on every
 * instance at the next page. When the store cannot answer, pages keep the environment's theme.
 */
export function themeForPages(branding: Branding): RequestHandler {
  return (req, res, next) => {
    if (!String(req.headers.accept ?? '').includes('text/html')) return next();
    branding.theme().then(
      (theme) => {
        res.locals.theme = theme;
        next();
      },
      () => next(),
    );
  };
}
