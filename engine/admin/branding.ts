import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Store } from '../store/port.js';
import type { TestCaseRunner } from '../runtime/test-cases.js';
import { Conflict, FieldInvalid, NotFound } from '../http/errors.js';
import { RouteTable } from '../http/route-table.js';
import { idSchema } from '../http/ids.js';
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, type Language } from '../languages.js';
import { layout, pageBody } from '../hosted/render.js';
import { mergeTheme } from '../hosted/theme.js';
import { checkContrast, OPAQUE_COLOR, type ContrastCheck } from '../hosted/contrast.js';
import { Branding, ensureReadable, PoorContrast, type ThemeInput } from '../settings/branding.js';
import { PERMISSIONS } from './roles.js';
import { requestLanguage, type Words } from '../http/words.js';

/** The colour pairs the contrast checks name (hosted/contrast.ts), in Bahasa Indonesia. */
const CONTRAST_PAIRS_ID: Record<string, string> = {
  'Text on the page background': 'Teks di atas latar halaman',
  'Button text (white) on the primary colour': 'Teks tombol (putih) di atas warna utama',
  'Brand name in the primary colour on the page background': 'Nama merek dalam warna utama di atas latar halaman',
};

/** The contrast checks with their pairs named in `lang` (the console shows them as they come). */
const contrastIn = (checks: ContrastCheck[], lang: Language): ContrastCheck[] => (lang === 'id' ? checks.map((c) => ({ ...c, what: CONTRAST_PAIRS_ID[c.what] ?? c.what })) : checks);

/** Colours people cannot read, in words: the pairs that fail, with the ratio found and the one needed. */
const unreadable = (err: PoorContrast): Words => ({
  en: err.message,
  id: err.failed.map((c) => `${CONTRAST_PAIRS_ID[c.what] ?? c.what}: kontras ${c.ratio}:1, diperlukan paling sedikit ${c.minimum}:1`).join('; '),
});

/** A colour, or '' to clear it. */
const COLOR_OR_NONE = (title: string) => ({ type: 'string', title, pattern: `^$|${OPAQUE_COLOR}`, examples: ['#0f766e'], description: '#rgb or #rrggbb; empty clears it' });
/** The theme form (also an app's branding): every field optional, an empty string clears it. */
export const THEME_INPUT = {
  type: 'object',
  title: 'Theme',
  additionalProperties: false,
  properties: {
    name: { type: 'string', title: 'Name shown', maxLength: 60 },
    // A path starts with one slash and no second slash or backslash: browsers read "//host" and "/\\host" as another host.
    logoUrl: { type: 'string', title: 'Logo URL', maxLength: 2000, pattern: '^(https://[^\\s]+|/[^/\\\\\\s][^\\s]*)?$', examples: ['https://example.com/logo.svg'], description: 'https:// or a path on this server' },
    primaryColor: COLOR_OR_NONE('Primary colour'),
    backgroundColor: COLOR_OR_NONE('Background colour'),
    textColor: COLOR_OR_NONE('Text colour'),
  },
};

/** Leaves out cleared fields: the theme below shows through. */
const compact = (t: ThemeInput): ThemeInput => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== '' && v !== undefined)) as ThemeInput;

/**
 * Admin API: the global theme of the hosted pages (per-app branding is on the app), its contrast
 * checks, and a live preview: the real first page of a journey rendered with a theme not saved yet.
 */
export function brandingRouter(deps: { store: Store; branding: Branding; previews: Pick<TestCaseRunner, 'previewPage'>; translate: (lang: string, key: string, vars?: Record<string, string | number>) => string; defaultFlowId: string }): RouteTable {
  const { branding, store } = deps;
  const routes = new RouteTable();
  const audit = (req: Request, type: string, details: Record<string, unknown> = {}) =>
    store.audit.record({ at: new Date(), type, userId: null, actor: req.admin!.id, ip: req.ip ?? null, details });
  const refuseUnreadable = (err: unknown): never => {
    if (err instanceof PoorContrast) throw new FieldInvalid(err.failed[0].field, unreadable(err));
    throw err;
  };

  routes.get('/branding', { permission: PERMISSIONS.settingsRead, summary: 'The global theme: what shows now, what the console changed, and its contrast checks' }, async (req, res) => {
    const current = await branding.current();
    res.json({ ...current, contrast: contrastIn(checkContrast(current.theme), requestLanguage(req)) });
  });
  routes.put(
    '/branding',
    { permission: PERMISSIONS.settingsWrite, summary: 'Change the global theme; colours people cannot read are refused', body: { ...THEME_INPUT, required: ['revision'], properties: { ...THEME_INPUT.properties, revision: { type: 'integer', title: 'Revision', minimum: 0 } } } },
    async (req, res) => {
      const { revision, ...input } = req.body as ThemeInput & { revision: number };
      const saved = await branding.save(compact(input), revision, req.admin!.id).catch(refuseUnreadable);
      if (!saved) throw new Conflict({ en: 'Someone else changed the theme meanwhile. Reload it and make your change again.', id: 'Orang lain telah mengubah tema sementara itu. Muat ulang lalu ulangi perubahan Anda.' });
      await audit(req, 'settings.branding.saved', { fields: Object.keys(compact(input)) });
      res.json({ ...saved, contrast: contrastIn(checkContrast(saved.theme), requestLanguage(req)) });
    },
  );
  routes.delete('/branding', { permission: PERMISSIONS.settingsWrite, summary: "Forget the console's theme: the environment's (THEME_*) shows again", status: 204 }, async (req, res) => {
    if (await branding.reset()) await audit(req, 'settings.branding.reset');
    res.status(204).end();
  });
  routes.post(
    '/branding/preview',
    {
      permission: PERMISSIONS.settingsRead,
      summary: "Live preview: the first page of a journey (the app's, or the default one) as people would see it, with a theme not saved yet",
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          theme: THEME_INPUT,
          appId: { ...idSchema('client'), title: 'App', description: "Preview this app's pages: `theme` is then the app's branding laid over the global theme" },
          lang: { title: 'Preview language', enum: [...LANGUAGE_CODES] },
        },
      },
    },
    async (req, res) => {
      const body = req.body as { theme?: ThemeInput; appId?: string; lang?: string };
      const lang = body.lang ?? DEFAULT_LANGUAGE;
      const global = await branding.current();
      let theme;
      let flowId = deps.defaultFlowId;
      if (body.appId) {
        const app = await store.apps.get(body.appId);
        if (!app) throw new NotFound({ en: 'No such app.', id: 'Aplikasi tidak ditemukan.' });
        flowId = app.flowId ?? flowId;
        theme = mergeTheme(global.theme, compact(body.theme ?? app.branding));
      } else {
        theme = branding.withCustom(compact(body.theme ?? global.custom));
      }
      const version = await store.flows.getActive(flowId);
      if (!version) throw new NotFound({ en: `The journey "${flowId}" is not published.`, id: `Perjalanan "${flowId}" belum diterbitkan.` });
      // The first step of the journey that shows a page, in the order the journey lists its steps from the start.
      const order = [version.graph.start, ...version.graph.nodes.map((n) => n.id).filter((id) => id !== version.graph.start)];
      const page = await deps.previews.previewPage(version.graph, order, lang);
      if (!page) throw new NotFound({ en: `The journey "${flowId}" shows no page.`, id: `Perjalanan "${flowId}" tidak menampilkan halaman apa pun.` });
      const t = (key: string, vars?: Record<string, string | number>) => deps.translate(lang, key, vars);
      const html = layout({ theme, lang, t, nonce: randomBytes(16).toString('base64'), path: '/login' }, page.title, pageBody(page, { action: '#', csrfToken: 'preview' }));
      res.json({ html, theme, journey: flowId, contrast: contrastIn(checkContrast(theme), requestLanguage(req)) });
    },
  );
  return routes;
}

/** An app's branding over the global theme must stay readable: refused next to the colour to change. */
export function appBrandingCheck(branding: Branding): (appBranding: ThemeInput) => Promise<void> {
  return async (appBranding) => {
    try {
      ensureReadable(mergeTheme(await branding.theme(), compact(appBranding)));
    } catch (err) {
      if (err instanceof PoorContrast) throw new FieldInvalid(`branding.${err.failed[0].field}`, unreadable(err));
      throw err;
    }
  };
}
