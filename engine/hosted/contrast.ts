import type { Theme } from './theme.js';

/** A colour as #rgb or #rrggbb (what contrast can be computed for). */
export const OPAQUE_COLOR = '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$';

/** Red, green, blue of #rgb, #rgba, #rrggbb or #rrggbbaa (an alpha is ignored: the page is opaque below). */
function channels(hex: string): [number, number, number] | null {
  if (!/^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(hex)) return null;
  const h = hex.length <= 5 ? [...hex.slice(1, 4)].map((c) => c + c).join('') : hex.slice(1, 7);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2.x relative luminance. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1 to 21), or null when one is not a hex colour. */
export function contrastRatio(a: string, b: string): number | null {
  const ca = channels(a);
  const cb = channels(b);
  if (!ca || !cb) return null;
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** One pair of colours people must tell apart on the hosted pages. */
export interface ContrastCheck {
  /** The theme field to change when it fails. */
  field: 'textColor' | 'primaryColor';
  what: string;
  ratio: number;
  minimum: number;
  ok: boolean;
}

/**
 * The pairs the hosted pages draw (text on the page background, white text on primary buttons and
 * primary links on white cards, the brand name on the background) against WCAG AA: 4.5:1 for text,
 * 3:1 for the large bold brand name.
 */
export function checkContrast(theme: Pick<Theme, 'primaryColor' | 'backgroundColor' | 'textColor'>): ContrastCheck[] {
  const pairs: Array<[ContrastCheck['field'], string, string, string, number]> = [
    ['textColor', 'Text on the page background', theme.textColor, theme.backgroundColor, 4.5],
    ['primaryColor', 'Button text (white) on the primary colour', '#ffffff', theme.primaryColor, 4.5],
    ['primaryColor', 'Brand name in the primary colour on the page background', theme.primaryColor, theme.backgroundColor, 3],
  ];
  // A colour contrast cannot be computed for (not a hex colour) is left to the person's eyes.
  return pairs.flatMap(([field, what, a, b, minimum]) => {
    const ratio = contrastRatio(a, b);
    return ratio === null ? [] : [{ field, what, ratio: Math.round(ratio * 100) / 100, minimum, ok: ratio >= minimum }];
  });
}
