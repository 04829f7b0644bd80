import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { api, call, type FlowGraph, type NodeTypeInfo } from '../api';
import { hrefOf } from '../console/route';
import { messageOf } from '../console/ui';
import { useLang, useTexts } from '../console/i18n';
import { LANGUAGES, localeOf } from '../../../engine/languages';
import { insightsApi, NO_FILTER, type Funnel, type FunnelFilter } from './api';
import { funnelCanvas, percent, summarise, type FunnelColumn } from './funnel-canvas';
import { FunnelStepView } from './FunnelStepView';
import { FunnelEdgeView } from './FunnelEdgeView';
import { INSIGHTS_TEXTS, fill } from './texts';
import './insights.css';

const nodeTypes = { funnelStep: FunnelStepView };
const edgeTypes = { funnelEdge: FunnelEdgeView };

/** A filter: its label above its control. */
function FilterField(props: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="insights-filter">
      <label htmlFor={id}>{props.label}</label>
      {props.children(id)}
    </div>
  );
}

/** `#/journeys/<id>/insights`: the journey drawn read-only with its funnel, filtered and compared. */
export function InsightsView(props: { flowId: string; types: NodeTypeInfo[] }) {
  return (
    <ReactFlowProvider>
      <Insights {...props} />
    </ReactFlowProvider>
  );
}

interface Loaded {
  graph: FlowGraph;
  columns: FunnelColumn[];
}

function Insights(props: { flowId: string; types: NodeTypeInfo[] }) {
  const t = useTexts(INSIGHTS_TEXTS);
  const locale = localeOf(useLang());
  const types = useMemo(() => new Map(props.types.map((type) => [type.type, type])), [props.types]);
  const flow = useReactFlow();
  const [versions, setVersions] = useState<{ active: number | null; list: number[] }>({ active: null, list: [] });
  const [apps, setApps] = useState<Array<{ id: string; name: string }>>([]);
  const [draft, setDraft] = useState<FlowGraph | null>(null);
  const [filter, setFilter] = useState<FunnelFilter>(NO_FILTER);
  const [compareWith, setCompareWith] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState('');
  const datesWrong = Boolean(filter.from && filter.to && filter.from > filter.to);

  useEffect(() => {
    api.flow(props.flowId).then(
      (f) => {
        setDraft(f.graph);
        setVersions({ active: f.activeVersion, list: f.versions.map((v) => v.version).sort((a, b) => a - b) });
      },
      (e: unknown) => setError(messageOf(e)),
    );
    call<Array<{ id: string; name: string }>>('GET', '/apps').then(setApps, () => setApps([]));
  }, [props.flowId]);

  useEffect(() => {
    if (!draft || datesWrong) return;
    let current = true;
    const label = (version: string) => (version ? fill(t.versionN, { n: version }) : t.allVersions);
    const comparing = filter.version && compareWith && compareWith !== filter.version;
    // The journey drawn: the version filtered on, else the live version, else the draft.
    const shown = filter.version || (versions.active ? String(versions.active) : '');
    Promise.all([
      shown ? api.version(props.flowId, Number(shown)).then((v) => v.graph) : Promise.resolve(draft),
      insightsApi.funnel(props.flowId, filter),
      comparing ? insightsApi.funnel(props.flowId, { ...filter, version: compareWith }) : Promise.resolve(null),
    ]).then(
      ([graph, funnel, other]: [FlowGraph, Funnel, Funnel | null]) => {
        if (!current) return;
        setError('');
        const columns = [{ label: label(filter.version), funnel }, ...(other ? [{ label: label(compareWith), funnel: other }] : [])];
        setLoaded({ graph, columns });
      },
      (e: unknown) => current && setError(messageOf(e)),
    );
    return () => {
      current = false;
    };
  }, [props.flowId, draft, versions.active, filter, compareWith, datesWrong, t]);

  const canvas = useMemo(() => (loaded ? funnelCanvas(loaded.graph, types, loaded.columns) : null), [loaded, types]);
  useEffect(() => {
    if (canvas) requestAnimationFrame(() => void flow.fitView({ padding: 0.2 }));
  }, [loaded?.graph, flow]); // eslint-disable-line react-hooks/exhaustive-deps

  const summaries = loaded ? loaded.columns.map((c) => summarise(c, loaded.graph.start)) : [];
  const titleOf = (id: string) => canvas?.nodes.find((n) => n.id === id)?.data.title ?? id;
  const leaving = loaded ? loaded.columns[0].funnel.steps.filter((s) => s.dropped > 0).sort((a, b) => b.dropped - a.dropped) : [];
  const drawn = new Set(loaded?.graph.nodes.map((n) => n.id));
  const elsewhere = loaded?.columns
    .slice(1)
    .map((c) => ({ label: c.label, steps: c.funnel.steps.filter((s) => !drawn.has(s.id) && s.entered > 0).map((s) => s.id) }))
    .filter((c) => c.steps.length);
  const compareLabel = loaded && loaded.columns.length > 1 ? loaded.columns[0].label : '';
  const nobody = loaded ? loaded.columns.every((c) => c.funnel.steps.every((s) => s.entered === 0)) : false;
  const set = (key: keyof FunnelFilter) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setFilter((f) => ({ ...f, [key]: e.target.value }));
  const versionName = (v: number) => `${fill(t.versionN, { n: v })}${v === versions.active ? ` ${t.live}` : ''}`;

  return (
    <div className="editor insights">
      <header className="toolbar">
        <a className="secondary-link" href={hrefOf('journeys')}>
          {t.back}
        </a>
        <h1 className="flow-name">{fill(t.title, { name: draft?.name ?? props.flowId })}</h1>
        <span className="spacer" />
        <a className="secondary-link" href={hrefOf('journeys', props.flowId)}>
          {t.openDesigner}
        </a>
      </header>
      <form className="insights-filters" aria-label={t.filters} onSubmit={(e) => e.preventDefault()}>
        <FilterField label={t.version}>
          {(id) => (
            <select
              id={id}
              value={filter.version}
              onChange={(e) => {
                // A version is compared with another one: choosing the compared one (or all) ends the comparison.
                if (!e.target.value || e.target.value === compareWith) setCompareWith('');
                set('version')(e);
              }}
            >
              <option value="">{t.allVersions}</option>
              {versions.list.map((v) => (
                <option key={v} value={String(v)}>
                  {versionName(v)}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label={t.compare}>
          {(id) => (
            <select id={id} value={compareWith} onChange={(e) => setCompareWith(e.target.value)} disabled={!filter.version} aria-describedby={filter.version ? undefined : 'compare-hint'}>
              <option value="">{t.noComparison}</option>
              {versions.list
                .filter((v) => String(v) !== filter.version)
                .map((v) => (
                  <option key={v} value={String(v)}>
                    {versionName(v)}
                  </option>
                ))}
            </select>
          )}
        </FilterField>
        <FilterField label={t.app}>
          {(id) => (
            <select id={id} value={filter.app} onChange={set('app')}>
              <option value="">{t.allApps}</option>
              {apps.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label={t.language}>
          {(id) => (
            <select id={id} value={filter.lang} onChange={set('lang')}>
              <option value="">{t.allLanguages}</option>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label={t.from}>
          {(id) => (
            <input id={id} type="date" value={filter.from} onChange={set('from')} aria-invalid={datesWrong || undefined} />
          )}
        </FilterField>
        <FilterField label={t.to}>
          {(id) => (
            <input id={id} type="date" value={filter.to} onChange={set('to')} aria-invalid={datesWrong || undefined} />
          )}
        </FilterField>
        {!filter.version && (
          <small id="compare-hint" className="muted">
            {t.compareNeedsVersion}
          </small>
        )}
        {datesWrong && (
          <small className="field-problem" role="alert">
            {t.sameDays}
          </small>
        )}
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="insights-workspace">
        <div className="canvas" role="region" aria-label={t.canvas}>
          {canvas ? (
            <ReactFlow
              nodes={canvas.nodes}
              edges={canvas.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              edgesFocusable={false}
              fitView
            >
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          ) : (
            <p className="loading">{t.loading}</p>
          )}
        </div>
        <aside className="side panel" aria-label={t.summary}>
          <h2>{t.summary}</h2>
          {nobody && <p role="status">{t.noRuns}</p>}
          <table className="list funnel-summary">
            <thead>
              <tr>
                <td />
                <th scope="col">{t.started}</th>
                <th scope="col">{t.completed}</th>
              </tr>
            </thead>
            <tbody>
              {summaries.map((s) => (
                <tr key={s.label}>
                  <th scope="row">{s.label}</th>
                  <td>{s.started.toLocaleString(locale)}</td>
                  <td>
                    {s.completed.toLocaleString(locale)} ({percent(s.completionRate, locale)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{compareLabel ? `${t.whereTheyLeave}: ${compareLabel}` : t.whereTheyLeave}</h2>
          {leaving.length ? (
            <ol className="funnel-leaving">
              {leaving.map((s) => (
                <li key={s.id}>
                  {titleOf(s.id)}: {s.dropped.toLocaleString(locale)} / {s.entered.toLocaleString(locale)} ({percent(s.dropRate, locale)})
                </li>
              ))}
            </ol>
          ) : (
            loaded && !nobody && <p>{t.nobodyLeft}</p>
          )}
          {elsewhere?.map((c) => (
            <p key={c.label} className="muted">
              {fill(t.onlyIn, { label: c.label, steps: c.steps.join(', ') })}
            </p>
          ))}
        </aside>
      </div>
    </div>
  );
}
