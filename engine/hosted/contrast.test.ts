import { describe, expect, it } from 'vitest';
import { checkContrast, contrastRatio } from './contrast.js';
import { DEFAULT_THEME } from './theme.js';

describe('colour contrast of a theme (WCAG)', () => {
  it('computes the contrast ratios WCAG publishes for black, white and grey', () => {
    expect(contrastRatio('#000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#fff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff80', '#000000')).toBeCloseTo(21, 5); // alpha ignored
    expect(contrastRatio('red', '#fff')).toBeNull();
  });

  it('passes the shipped theme and names the colour to change when text or buttons become unreadable', () => {
    expect(checkContrast(DEFAULT_THEME).every((c) => c.ok)).toBe(true);
    const pale = checkContrast({ ...DEFAULT_THEME, primaryColor: '#7dd3fc', textColor: '#9aa5b1' });
    expect(pale.filter((c) => !c.ok).map((c) => [c.field, c.what])).toEqual([
      ['textColor', 'Text on the page background'],
      ['primaryColor', 'Button text (white) on the primary colour'],
      ['primaryColor', 'Brand name in the primary colour on the page background'],
    ]);
    expect(pale[0].ratio).toBeLessThan(4.5);
  });
});
