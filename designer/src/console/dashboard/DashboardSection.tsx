import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Field, messageOf } from '../ui';
import { useLang, useTexts } from '../i18n';
import { localeOf } from '../../../../engine/languages';
import { dashboardApi, type Dashboard } from './api';
import { DASHBOARD_TEXTS } from './texts';
import './dashboard.css';

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** Distinct colours for lines and bars (readable on white, told apart by their legend too). */
const COLOURS = ['#0f766e', '#7c3aed', '#dc6803', '#2563eb', '#b42318', '#4d7c0f', '#be185d', '#475467'];

interface Series {
  key: string;
  name: string;
}

/** A chart with its title, drawn by recharts, and the same figures as a table for those who cannot see it. */
function Chart(props: { title: string; hint?: string; kind: 'line' | 'bar'; rows: Array<Record<string, string | number | null>>; series: Series[]; format: (n: number) => string; dayHeader: string; asTable: string; percent?: boolean }) {
  const id = useId();
  const ChartKind = props.kind === 'line' ? LineChart : BarChart;
  return (
    <figure className="card dashboard-chart" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.hint && <p className="muted">{props.hint}</p>}
      <div className="dashboard-plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={240}>
          {/* Hidden from assistive technology (the table below carries the figures), so not focusable either. */}
          <ChartKind data={props.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis allowDecimals={false} domain={props.percent ? [0, 1] : undefined} tickFormatter={(n: number) => props.format(n)} />
            <Tooltip formatter={(n) => (typeof n === 'number' ? props.format(n) : String(n))} />
            <Legend itemSorter={null} />
            {props.series.map((s, i) =>
              props.kind === 'line' ? (
                <Line key={s.key} type="linear" dataKey={s.key} name={s.name} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
              ) : (
                <Bar key={s.key} dataKey={s.key} name={s.name} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
              ),
            )}
          </ChartKind>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{props.asTable}</summary>
        <div className="table-wrap">
          <table className="list" aria-label={props.title}>
            <thead>
              <tr>
                <th scope="col">{props.dayHeader}</th>
                {props.series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={String(r.day)}>
                  <th scope="row">{r.day}</th>
                  {props.series.map((s) => (
                    <td key={s.key}>{typeof r[s.key] === 'number' ? props.format(r[s.key] as number) : '–'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function Figure(props: { label: string; value: ReactNode }) {
  return (
    <div className="dashboard-figure" role="group" aria-label={props.label}>
      <span className="muted">{props.label}</span>
      <strong>{props.value}</strong>
    </div>
  );
}

/** The console's dashboard: what happened per day, from the daily counters, as charts and as CSV. */
export function DashboardSection() {
  const t = useTexts(DASHBOARD_TEXTS);
  const lang = useLang();
  const locale = localeOf(lang);
  const today = isoDay(new Date());
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 29 * DAY_MS)));
  const [to, setTo] = useState(today);
  const [data, setData] = useState<Dashboard | null>(null);
  const [purposeNames, setPurposeNames] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const wrongRange = Boolean(from && to && from > to);

  useEffect(() => {
    dashboardApi.purposes().then(
      (list) => setPurposeNames(Object.fromEntries(list.map((p) => [p.id, p.name[lang] ?? p.name.en ?? p.id]))),
      () => setPurposeNames({}),
    );
  }, [lang]);
  useEffect(() => {
    if (!from || !to || wrongRange) return;
    let current = true;
    dashboardApi.get(from, to).then(
      (d) => current && (setData(d), setError('')),
      (e: unknown) => current && setError(messageOf(e)),
    );
    return () => {
      current = false;
    };
  }, [from, to, wrongRange]);

  const number = (n: number) => n.toLocaleString(locale);
  const percent = (n: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n);
  const share = (part: number, whole: number) => (whole ? percent(part / whole) : '–');
  const purposeName = (id: string) => purposeNames[id] ?? id;

  const rows = useMemo(() => {
    if (!data) return null;
    const ratio = (part: number, whole: number) => (whole ? part / whole : null);
    return {
      activity: data.days.map((d) => ({ day: d.day, signups: d.signups, signins: d.signins })),
      security: data.days.map((d) => ({ day: d.day, failures: d.failures, lockouts: d.lockouts, throttles: d.throttles })),
      adoption: data.days.map((d) => ({ day: d.day, mfa: ratio(d.mfaSignins, d.signins), passkey: ratio(d.passkeySignins, d.signins), social: ratio(d.socialSignins, d.signins) })),
      consent: data.days.map((d) => ({
        day: d.day,
        ...Object.fromEntries(data.consentByPurpose.map((p) => [p.purposeId, ratio(d.consent[p.purposeId]?.granted ?? 0, (d.consent[p.purposeId]?.granted ?? 0) + (d.consent[p.purposeId]?.refused ?? 0))])),
      })),
    };
  }, [data]);

  const chart = { dayHeader: t.day, asTable: t.asTable };
  return (
    <section className="dashboard">
      <h1>{t.title}</h1>
      <form className="filters card" onSubmit={(e) => e.preventDefault()}>
        <Field label={t.from} problem={wrongRange ? t.badRange : null}>
          {(f) => <input id={f.id} type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} aria-describedby={f.describedBy} aria-invalid={f.invalid || undefined} />}
        </Field>
        <Field label={t.to}>{(f) => <input id={f.id} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}</Field>
        {!wrongRange && (
          <a className="secondary-link" href={dashboardApi.csvHref(from, to)} download>
            {t.csv}
          </a>
        )}
      </form>
      {error && (
        <p role="alert" className="problem">
          {error}
        </p>
      )}
      {!data || !rows ? (
        <p>{t.loading}</p>
      ) : (
        <>
          <h2>{t.totals}</h2>
          <div className="dashboard-figures">
            <Figure label={t.signups} value={number(data.totals.signups)} />
            <Figure label={t.signins} value={number(data.totals.signins)} />
            <Figure label={t.failures} value={number(data.totals.failures)} />
            <Figure label={t.lockouts} value={number(data.totals.lockouts)} />
            <Figure label={t.throttles} value={number(data.totals.throttles)} />
            <Figure label={t.mfa} value={share(data.totals.mfaSignins, data.totals.signins)} />
            <Figure label={t.passkey} value={share(data.totals.passkeySignins, data.totals.signins)} />
            <Figure label={t.social} value={share(data.totals.socialSignins, data.totals.signins)} />
          </div>
          {data.totals.signups + data.totals.signins + data.totals.failures === 0 && <p role="status">{t.noActivity}</p>}
          {Object.keys(data.signupsByMethod).length > 0 && (
            <p>
              {t.signupsBy}: {Object.entries(data.signupsByMethod).map(([method, n]) => `${method} ${number(n)}`).join(' · ')}
            </p>
          )}
          <Chart {...chart} title={t.activity} kind="line" rows={rows.activity} series={[{ key: 'signups', name: t.signups }, { key: 'signins', name: t.signins }]} format={number} />
          <Chart
            {...chart}
            title={t.security}
            kind="bar"
            rows={rows.security}
            series={[
              { key: 'failures', name: t.failures },
              { key: 'lockouts', name: t.lockouts },
              { key: 'throttles', name: t.throttles },
            ]}
            format={number}
          />
          <Chart
            {...chart}
            title={t.adoption}
            hint={t.adoptionHint}
            kind="line"
            percent
            rows={rows.adoption}
            series={[
              { key: 'mfa', name: t.mfa },
              { key: 'passkey', name: t.passkey },
              { key: 'social', name: t.social },
            ]}
            format={percent}
          />
          {data.consentByPurpose.length ? (
            <>
              <Chart {...chart} title={t.consent} hint={t.consentHint} kind="line" percent rows={rows.consent} series={data.consentByPurpose.map((p) => ({ key: p.purposeId, name: purposeName(p.purposeId) }))} format={percent} />
              <div className="table-wrap">
                <table className="list" aria-label={t.consent}>
                  <thead>
                    <tr>
                      <th scope="col">{t.purpose}</th>
                      <th scope="col">{t.given}</th>
                      <th scope="col">{t.refused}</th>
                      <th scope="col">{t.optIn}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.consentByPurpose.map((p) => (
                      <tr key={p.purposeId}>
                        <th scope="row">{purposeName(p.purposeId)}</th>
                        <td>{number(p.granted)}</td>
                        <td>{number(p.refused)}</td>
                        <td>{percent(p.optInRate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="muted">{t.noConsent}</p>
          )}
        </>
      )}
    </section>
  );
}
