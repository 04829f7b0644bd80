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
