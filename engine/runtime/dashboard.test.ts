import { describe, expect, it } from 'vitest';
import { dashboardCsv, dashboardOf, daysBetween } from './dashboard.js';

describe('the dashboard from daily counters', () => {
  it('lists every day of the range, across a month end, with zeros where nothing happened', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    const d = dashboardOf(
      [
        { day: '2026-02-28', metric: 'signin', key: '', count: 10 },
        { day: '2026-02-28', metric: 'signin.mfa', key: '', count: 4 },
        { day: '2026-03-01', metric: 'signup', key: 'social', count: 2 },
        { day: '2026-03-01', metric: 'signup', key: 'password', count: 3 },
        { day: '2026-03-01', metric: 'consent.granted', key: 'news', count: 3 },
        { day: '2026-03-01', metric: 'consent.refused', key: 'news', count: 1 },
        { day: '2026-03-05', metric: 'signin', key: '', count: 99 },
      ],
      '2026-02-27',
      '2026-03-02',
    );
    expect(d.days.map((x) => [x.day, x.signins, x.signups])).toEqual([
      ['2026-02-27', 0, 0],
      ['2026-02-28', 10, 0],
      ['2026-03-01', 0, 5],
      ['2026-03-02', 0, 0],
    ]);
    expect(d.totals).toMatchObject({ signins: 10, mfaSignins: 4, signups: 5 });
    expect(d.signupsByMethod).toEqual({ social: 2, password: 3 });
    expect(d.consentByPurpose).toEqual([{ purposeId: 'news', granted: 3, refused: 1, optInRate: 0.75 }]);
  });

  it('writes CSV a spreadsheet cannot read as formulas', () => {
    const d = dashboardOf([{ day: '2026-03-01', metric: 'consent.granted', key: '=cmd', count: 1 }], '2026-03-01', '2026-03-01');
    const [header, row] = dashboardCsv(d).split('\r\n');
    expect(header).toContain(',consent_given:=cmd,');
    expect(row).toBe('2026-03-01,0,0,0,0,0,0,0,0,0,1,0');
    expect(dashboardCsv(dashboardOf([{ day: '2026-03-01', metric: 'consent.granted', key: '=1+1', count: 1 }], '2026-03-01', '2026-03-01')).split('\r\n')[0]).not.toMatch(/(^|,)=/);
  });
});
