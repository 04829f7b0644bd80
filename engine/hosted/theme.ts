/** Branding of the hosted pages: from configuration, overridable per app. */
export interface Theme {
  name: string;
  logoUrl: string | null;
  primaryColor: string;
  backgroundColor: string;
  textColor: string;
}

export const DEFAULT_THEME: Theme = {
  name: 'Gerbang',
  logoUrl: null,
  primaryColor: '#0f766e',
  backgroundColor: '#f4f6f8',
  textColor: '#1f2933',
};

const COLOR = /^#[0-9a-fA-F]{3,8}$/;

/** Reads THEME_* variables; colours that are not hex values are ignored (they end up in CSS). */
export function themeFromEnv(env: NodeJS.ProcessEnv): Theme {
  const color = (v: string | undefined, fallback: string) => (v && COLOR.test(v) ? v : fallback);
  const logo = env.THEME_LOGO_URL;
  return {
    name: env.THEME_NAME?.trim() || DEFAULT_THEME.name,
    logoUrl: logo && /^(https?:\/\/|\/)/.test(logo) ? logo : null,
    primaryColor: color(env.THEME_PRIMARY_COLOR, DEFAULT_THEME.primaryColor),
    backgroundColor: color(env.THEME_BACKGROUND_COLOR, DEFAULT_THEME.backgroundColor),
    textColor: color(env.THEME_TEXT_COLOR, DEFAULT_THEME.textColor),
  };
}

export function mergeTheme(base: Theme, override: Partial<Theme> | null | undefined): Theme {
  if (!override) return base;
  const out = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined || v === null || v === '') continue;
    if (k.endsWith('Color') && !COLOR.test(String(v))) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
