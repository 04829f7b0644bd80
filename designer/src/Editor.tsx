import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  addEdge,
  applyNodeChanges,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type NodeChange,
} from '@xyflow/react';
import { api, ApiError, type Analysis, type FlowGraph, type NodeTypeInfo, type Outcome, type PathStep, type Problem, type StepUp, type TestCaseResult, type VersionInfo } from './api';
import { TestCasesPanel } from './TestCasesPanel';
import { OutcomeEdgeView, type OutcomeEdgeData } from './OutcomeEdge';
import { ConnectionsForm } from './ConnectionsForm';
import { asMeasured, estimatedGeometry, fromCanvas, newNodeId, toCanvas, type StepNode } from './graph';
import { StepNodeView } from './StepNode';
import { Palette, DRAG_MIME } from './Palette';
import { SettingsPanel } from './SettingsPanel';
import { VersionsPanel } from './VersionsPanel';
import { History } from './history';
import { tidy } from './layout';
import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage } from '../../engine/languages';
import { hrefOf } from './console/route';
import { useStableCallback } from './stable-callback';
import { DraftConflictBanner, savedElsewhere, useDraftRevision } from './draft-revision';
import { fill, useLang, useTexts } from './console/i18n';
import { PreviewDialog } from './PreviewDialog';
import { useAsk } from './AskDialog';

/** Tidy up: two steps put in line, drawn like the undo arrow. */
function TidyIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M1.5 2.5h6v4h-6zM8.5 9.5h6v4h-6zM4.5 6.5v5h4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}

/** The overview map: a folded map. */
function MapIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M1.5 3.5 5.5 2l5 1.5 4-1.5v10.5l-4 1.5-5-1.5-4 1.5zM5.5 2v10.5M10.5 3.5V14" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
    </svg>
  );
}

/** The undo arrow (mirrored: redo), drawn so that it shows whatever fonts the machine has. */
function TurnArrow(props: { mirrored?: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" style={props.mirrored ? { transform: 'scaleX(-1)' } : undefined}>
      <path d="M5 3 1.5 6.5 5 10M2 6.5h7.5a4 4 0 0 1 0 8H7" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The canvas's own words; the steps' words come from the node types, in the same language. */
const TEXTS = {
  en: {
    back: '← Journeys',
    loading: 'Loading…',
    couldNotLoad: 'Could not load: {error}',
    saving: 'Saving…',
    saved: 'All changes saved',
    savedElsewhere: 'Not saved: the journey was saved elsewhere meanwhile',
    notSaved: 'Not saved: {error}',
    inserted: '"{step}" inserted after {after}',
    added: '"{step}" added: connect it in the panel on the right',
    nothingChanged: 'Nothing changed since the live version.',
    liveVersion: 'version {version}',
    nothingLive: 'nothing yet',
    publishTitle: 'Publish this draft?',
    publishWhen: 'Customers get it at once (live now: {live}).',
    whatChanges: 'What changes',
    publishNow: 'Publish now',
    published: 'Published version {version}',
    notPublished: 'Not published: {error}',
    testPassed: 'Test case "{name}" passed this way.',
    testFailed: 'Test case "{name}" failed: {reason}',
    cannotTry: 'Cannot try: {error}',
    savedTry: 'Saved your try as the test case "{name}"',
    cannotSaveTry: 'Cannot save the try: {error}',
    compared: 'Compared with version {version}',
    comparedRemoved: 'Compared with version {version}. Removed since: {list}',
    problems: 'Problems',
    readyToPublish: 'No problems: ready to publish.',
    showAll: 'Show all {count} problems',
    stepUpAhead: 'Step-up ahead',
    stepUpNote: 'Not a problem: these people will be asked for more before they are signed in.',
    howTo: 'Select a step to configure it. Drag steps from the left; connect an outcome (right dot) to the next step.',
    insertingOn: '"{outcome}" of "{step}"',
    theConnection: 'the connection',
    noProblems: 'No problems',
    oneProblem: '{count} problem',
    manyProblems: '{count} problems',
    undo: 'Undo',
    undoTitle: 'Undo (Ctrl+Z)',
    redo: 'Redo',
    redoTitle: 'Redo (Ctrl+Y)',
    tidy: 'Tidy up',
    tidyTitle: 'Tidy up (Ctrl+L)',
    overviewMap: 'Overview map',
    fit: 'Fit',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    canvasTools: 'Canvas tools',
    lockCanvas: 'Lock or unlock the canvas',
    versions: 'Versions',
    testCases: 'Test cases',
    insights: 'Insights',
    tryIt: 'Try it',
    saveTry: 'Save as test case',
    saveTryTitle: 'Your last try, as far as it went: the person, their answers and where it ended',
    live: 'Live: version {version}',
    notLive: 'Not published',
    unpublished: ' · unpublished changes',
    publish: 'Publish',
    shownProblem: 'Shown on the canvas: ',
    shownTest: 'Test case path: ',
    shownStepUp: 'Step-up on this way: ',
    hide: 'Hide',
    liveTitle: 'Make version {version} live?',
    liveWhen: 'Customers starting a sign-in from now on get it.',
    liveDraft: 'The draft can stay as it is, or become version {version} again: then changes not published yet are dropped.',
    liveKeepDraft: 'Make live, keep the draft',
    liveResetDraft: 'Make live and reset the draft to version {version}',
    cancel: 'Cancel',
    liveAgain: 'Version {version} is live again',
    draftIsVersion: '; the draft is version {version}',
    previewTitle: 'Preview: what the user sees',
    previewFrame: 'Page preview',
    close: 'Close',
  },
  id: {
    back: '← Perjalanan',
    loading: 'Memuat…',
    couldNotLoad: 'Tidak dapat memuat: {error}',
    saving: 'Menyimpan…',
    saved: 'Semua perubahan tersimpan',
    savedElsewhere: 'Tidak tersimpan: perjalanan ini telah disimpan di tempat lain sementara itu',
    notSaved: 'Tidak tersimpan: {error}',
    inserted: '"{step}" disisipkan setelah {after}',
    added: '"{step}" ditambahkan: hubungkan di panel sebelah kanan',
    nothingChanged: 'Tidak ada yang berubah sejak versi aktif.',
    liveVersion: 'versi {version}',
    nothingLive: 'belum ada',
    publishTitle: 'Terbitkan draf ini?',
    publishWhen: 'Pelanggan langsung mendapatkannya (aktif sekarang: {live}).',
    whatChanges: 'Yang berubah',
    publishNow: 'Terbitkan sekarang',
    published: 'Versi {version} diterbitkan',
    notPublished: 'Tidak diterbitkan: {error}',
    testPassed: 'Kasus uji "{name}" lulus lewat jalur ini.',
    testFailed: 'Kasus uji "{name}" gagal: {reason}',
    cannotTry: 'Tidak dapat mencoba: {error}',
    savedTry: 'Percobaan Anda disimpan sebagai kasus uji "{name}"',
    cannotSaveTry: 'Tidak dapat menyimpan percobaan: {error}',
    compared: 'Dibandingkan dengan versi {version}',
    comparedRemoved: 'Dibandingkan dengan versi {version}. Dihapus sejak itu: {list}',
    problems: 'Masalah',
    readyToPublish: 'Tidak ada masalah: siap diterbitkan.',
    showAll: 'Tampilkan semua {count} masalah',
    stepUpAhead: 'Verifikasi tambahan di depan',
    stepUpNote: 'Bukan masalah: orang-orang ini akan diminta bukti tambahan sebelum masuk.',
    howTo: 'Pilih sebuah langkah untuk mengaturnya. Seret langkah dari kiri; hubungkan sebuah hasil (titik kanan) ke langkah berikutnya.',
    insertingOn: '"{outcome}" dari "{step}"',
    theConnection: 'sambungan itu',
    noProblems: 'Tidak ada masalah',
    oneProblem: '{count} masalah',
    manyProblems: '{count} masalah',
    undo: 'Urungkan',
    undoTitle: 'Urungkan (Ctrl+Z)',
    redo: 'Ulangi',
    redoTitle: 'Ulangi (Ctrl+Y)',
    tidy: 'Rapikan',
    tidyTitle: 'Rapikan (Ctrl+L)',
    overviewMap: 'Peta ringkasan',
    fit: 'Paskan',
    zoomIn: 'Perbesar',
    zoomOut: 'Perkecil',
    canvasTools: 'Alat kanvas',
    lockCanvas: 'Kunci atau buka kunci kanvas',
    versions: 'Versi',
    testCases: 'Kasus uji',
    insights: 'Wawasan',
    tryIt: 'Coba',
    saveTry: 'Simpan sebagai kasus uji',
    saveTryTitle: 'Percobaan terakhir Anda, sejauh yang dijalani: orangnya, jawabannya, dan di mana berakhir',
    live: 'Aktif: versi {version}',
    notLive: 'Belum diterbitkan',
    unpublished: ' · ada perubahan belum diterbitkan',
    publish: 'Terbitkan',
    shownProblem: 'Ditampilkan di kanvas: ',
    shownTest: 'Jalur kasus uji: ',
    shownStepUp: 'Verifikasi tambahan di jalur ini: ',
    hide: 'Sembunyikan',
    liveTitle: 'Jadikan versi {version} aktif?',
    liveWhen: 'Pelanggan yang mulai masuk sejak sekarang akan mendapatkannya.',
    liveDraft: 'Draf dapat dibiarkan apa adanya, atau dijadikan versi {version} lagi: perubahan yang belum diterbitkan akan dibuang.',
    liveKeepDraft: 'Jadikan aktif, biarkan draf',
    liveResetDraft: 'Jadikan aktif dan kembalikan draf ke versi {version}',
    cancel: 'Batal',
    liveAgain: 'Versi {version} aktif kembali',
    draftIsVersion: '; drafnya kini versi {version}',
    previewTitle: 'Pratinjau: yang dilihat pengguna',
    previewFrame: 'Pratinjau halaman',
    close: 'Tutup',
  },
};

const nodeTypes = { step: StepNodeView };
const edgeTypes = { outcome: OutcomeEdgeView };
/** Fitting counts every step, also those never drawn yet (out of view): by their estimated size. */
const FIT = { padding: 0.15, includeHiddenNodes: true };

/** How many problems the panel lists before "Show all". */
const PROBLEMS_LISTED = 20;

/** From this many steps a journey opens at its start rather than fitted whole (it would be unreadable). */
const LARGE_JOURNEY = 60;

/** Whether the overview map is shown: it covers the canvas's bottom-right corner, so it can be put away for the session. */
const OVERVIEW_MAP_KEY = 'gerbang.designer.overviewMap';
const overviewMapWanted = () => {
  try {
    return sessionStorage.getItem(OVERVIEW_MAP_KEY) !== 'hidden';
  } catch {
    return true;
  }
};
const rememberOverviewMap = (shown: boolean) => {
  try {
    sessionStorage.setItem(OVERVIEW_MAP_KEY, shown ? 'shown' : 'hidden');
  } catch {
    // Storage refused (a private window's quota): the choice lasts until the page is left.
  }
};

/**
 * Where a journey opens: a large one readable, centred on its start (only the steps in view are
 * drawn); a small one (undefined here) fitted whole.
 */
function openingViewport(graph: FlowGraph, canvas: { width: number; height: number }) {
  const start = graph.nodes.find((n) => n.id === graph.start);
  if (graph.nodes.length <= LARGE_JOURNEY || !start) return undefined;
  const zoom = 0.9;
  return { zoom, x: canvas.width / 2 - (start.position.x + 300) * zoom, y: canvas.height / 2 - (start.position.y + 100) * zoom };
}

/** A step's name on the canvas: its label, else its type's title. */
const stepName = (n: StepNode | undefined) => (n ? (n.data.label ?? n.data.info?.title ?? n.data.type) : '');
type Snapshot = { nodes: StepNode[]; edges: Edge[]; start: string };

/** The latest "Try it" run per journey, kept in this browser (the try's tab may come back to a new designer). */
const lastTry = {
  key: (flowId: string) => `gerbang.try.${flowId}`,
  get(flowId: string): string | null {
    try {
      return window.localStorage.getItem(this.key(flowId));
    } catch {
      return null;
    }
  },
  set(flowId: string, runId: string | null): void {
    try {
      if (runId) window.localStorage.setItem(this.key(flowId), runId);
      else window.localStorage.removeItem(this.key(flowId));
    } catch {
      // Storage refused (private mode): the button lasts as long as this page.
    }
  },
};

/** A path the canvas draws: a problem's offending way (red), a way that leads to step-up (amber), a test case's way. */
type Focus = { path: PathStep[]; tone: 'problem' | 'step-up' | 'test'; message: string; ofTestCase?: boolean };

/** A test case's moves as a path on the canvas: each step and the outcome it left by, then where it stopped. */
function testPath(result: TestCaseResult, start: string): PathStep[] {
  if (!result.path.length) return [{ nodeId: result.stoppedAt ?? start }];
  return [...result.path.map((m) => ({ nodeId: m.from, outcome: m.outcome })), { nodeId: result.path[result.path.length - 1]!.to }];
}

/** The edges a path goes along: from each step by its outcome to the next step. */
function pathEdgeIds(path: PathStep[], edges: Edge[]): Set<string> {
  const ids = new Set<string>();
  path.forEach((step, i) => {
    const next = path[i + 1];
    if (!next || !step.outcome) return;
    const edge = edges.find((e) => e.source === step.nodeId && e.sourceHandle === step.outcome && e.target === next.nodeId);
    if (edge) ids.add(edge.id);
  });
  return ids;
}

/** The outcomes as the server names them, those the step type names itself in the console's language. */
const inLanguage = (outcomes: Outcome[], info: NodeTypeInfo | undefined): Outcome[] =>
  info ? outcomes.map((o) => (info.outcomeLabels[o.name] ? { ...o, label: info.outcomeLabels[o.name]! } : o)) : outcomes;

/** Marks problems on the steps and handles they concern. */
function decorate(nodes: StepNode[], problems: Problem[], outcomes: Analysis['outcomes'], start: string): StepNode[] {
  return nodes.map((n) => {
    const mine = problems.filter((p) => p.nodeId === n.id);
    const data = {
      ...n.data,
      isStart: n.id === start,
      outcomes: inLanguage(outcomes[n.id] ?? n.data.outcomes, n.data.info),
      problems: mine.map((p) => p.message),
      badOutcomes: mine.filter((p) => p.code === 'unwired-outcome' && p.outcome).map((p) => p.outcome!),
    };
    return { ...n, data };
  });
}

/**
 * The steps as last seen with the same ids and data: the same array while steps only move or are
 * selected (their data objects stay the same then), a new one when a step is added, removed or edited.
 */
function useSameWhileOnlyMoved(nodes: StepNode[]): StepNode[] {
  const last = useRef(nodes);
  const previous = last.current;
  const same = previous.length === nodes.length && nodes.every((n, i) => n.id === previous[i]!.id && n.data === previous[i]!.data);
  if (!same) last.current = nodes;
  return last.current;
}

export function Editor(props: { flowId: string; types: NodeTypeInfo[]; onBack: () => void }) {
  const t = useTexts(TEXTS);
  const { dialog, ask } = useAsk();
  const [publishTried, setPublishTried] = useState(false);
  const [mapShown, setMapShown] = useState(overviewMapWanted);
  // React Flow's own controls and landmarks, named in the console's language.
  const canvasLabels = useMemo(
    () => ({ 'controls.ariaLabel': t.canvasTools, 'controls.zoomIn.ariaLabel': t.zoomIn, 'controls.zoomOut.ariaLabel': t.zoomOut, 'controls.fitView.ariaLabel': t.fit, 'controls.interactive.ariaLabel': t.lockCanvas }),
    [t],
  );
  const lang = useLang();
  const types = useMemo(() => new Map(props.types.map((info) => [info.type, info])), [props.types]);
  const [base, setBase] = useState<FlowGraph | null>(null);
  const [nodes, setNodes] = useNodesState<StepNode>([]);
  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) =>
      setNodes((ns) => {
        const next = applyNodeChanges(changes, ns);
        return changes.some((c) => c.type === 'dimensions') ? asMeasured(next) : next;
      }),
    [setNodes],
  );
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  /** Whether the problems panel lists every problem (the first few until asked: nobody reads 300). */
  const [allProblems, setAllProblems] = useState(false);
  /** Whether the draft differs from the live version (the toolbar says so). */
  const [unpublished, setUnpublished] = useState(false);
  const [stepUps, setStepUps] = useState<StepUp[]>([]);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [status, setStatus] = useState(t.loading);
  const [versions, setVersions] = useState<{ active: number | null; list: VersionInfo[] }>({ active: null, list: [] });
  const [preview, setPreview] = useState<string | null>(null);
  const [side, setSide] = useState<'versions' | 'tests' | null>(null);
  const [testResults, setTestResults] = useState<TestCaseResult[]>([]);
  /** The latest "Try it" run of this journey: it can be saved as a test case (also after "Back to the designer"). */
  const [tryRun, setTryRun] = useState<string | null>(() => lastTry.get(props.flowId));
  /** The connection a step is being inserted on (its "+" was chosen), until a step is picked. */
  const [insertOn, setInsertOn] = useState<string | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const history = useRef(new History<Snapshot>());
  const clipboard = useRef<StepNode[]>([]);
  const flow = useReactFlow<StepNode, Edge>();
  const lastSaved = useRef('');
  const draft = useDraftRevision();

  // While a step is dragged the journey as saved stays as it was (it is not rebuilt at every frame):
  // the drop changes it once.
  const dragging = nodes.some((n) => n.dragging);
  const graph = useMemo(() => (base ? fromCanvas(base, nodes, edges) : null), [base, dragging ? null : nodes, edges]);
  const selected = nodes.find((n) => n.selected) ?? null;
  // Choosing a step shows its settings, also while the test cases are open: the way to mend what a failing case found.
  useEffect(() => {
    if (selected && side === 'tests') setSide(null);
  }, [selected?.id]);

  const load = useCallback(async () => {
    const data = await api.flow(props.flowId, lang);
    draft.opened(data.revision);
    const canvas = toCanvas(data.graph, types, data.outcomes);
    setBase(data.graph);
    setNodes(decorate(canvas.nodes, data.problems, data.outcomes, data.graph.start).map((n) => ({ ...n, ...estimatedGeometry(n.data) })));
    setEdges(canvas.edges);
    setProblems(data.problems);
    setStepUps(data.stepUps ?? []);
    setVersions({ active: data.activeVersion, list: data.versions });
    lastSaved.current = JSON.stringify(data.graph);
    setStatus(t.saved);
    api.changes(props.flowId, lang).then((c) => setUnpublished(c.changed), () => {});
  }, [props.flowId, types, setNodes, setEdges, draft.opened, t, lang]);

  useEffect(() => {
    load().catch((e: Error) => setStatus(fill(t.couldNotLoad, { error: e.message })));
  }, [load]);

  // The canvas is drawn once its size is known (before the first paint), so that it opens where it
  // should rather than drawing one place and then moving to another.
  const [canvasSize, setCanvasSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    // Measured once: reading a box forces a layout, which every frame of a drag would pay.
    if (canvasSize) return;
    const box = canvasRef.current?.getBoundingClientRect();
    if (box) setCanvasSize({ width: box.width, height: box.height });
  });

  // Live checks and autosave: every change is checked by the server's own graph checks and saved as
  // the draft shortly after the last edit.
  useEffect(() => {
    // While a step is dragged nothing is saved (nor written out at every frame): the drop saves it.
    if (!graph || dragging) return;
    const text = JSON.stringify(graph);
    if (text === lastSaved.current) return;
    setStatus(t.saving);
    const timer = setTimeout(async () => {
      try {
        const result = await draft.write((revision) => api.save(graph, revision, lang));
        // Publish may have saved this very graph meanwhile and said how publishing went: keep its word.
        const savedByPublish = lastSaved.current === text;
        lastSaved.current = text;
        setProblems(result.problems);
        setStepUps(result.stepUps ?? []);
        setNodes((ns) => decorate(ns, result.problems, result.outcomes, graph.start));
        if (!savedByPublish) setStatus(t.saved);
        void refreshChanges();
      } catch (e) {
        setStatus(savedElsewhere(e) ? t.savedElsewhere : fill(t.notSaved, { error: (e as Error).message }));
      }
    }, 400);
    return () => clearTimeout(timer);
  }, [graph, setNodes]);

  // The canvas always shows a problem's offending way when there is one: the first, until another is chosen.
  useEffect(() => {
    setFocus((current) => {
      const still = current && (current.ofTestCase || [...problems, ...stepUps].some((p) => p.message === current.message));
      if (still) return current;
      const first = problems.find((p) => p.path?.length);
      return first ? { path: first.path!, tone: 'problem', message: first.message } : null;
    });
  }, [problems, stepUps]);

  // What the canvas draws: each connection labelled by its outcome's label, in a lane of its own beside
  // parallel ones, with the focused path marked on them.
  // Keyed by what the steps say only: dragging a step changes `nodes` on every frame but no word, and
  // the connections must then stay the same objects (React Flow redraws only the ones that changed).
  // Checks after a save give every step new data with the same words: the words decide.
  const named = useSameWhileOnlyMoved(nodes);
  const labelWords = useMemo(
    () => named.map((n) => `${n.id}\u0001${stepName(n)}\u0001${n.data.outcomes.map((o) => `${o.name}\u0002${o.label}`).join('\u0003')}`).join('\u0004'),
    [named],
  );
  const outcomeLabels = useMemo(() => {
    const labels = new Map<string, { label: string; from: string }>();
    for (const entry of labelWords ? labelWords.split('\u0004') : []) {
      const [id, from, outcomes] = entry.split('\u0001');
      for (const o of outcomes ? outcomes.split('\u0003') : []) {
        const [name, label] = o.split('\u0002');
        labels.set(`${id}|${name}`, { label: label!, from: from! });
      }
    }
    return labels;
  }, [labelWords]);
  const shownEdges = useMemo(() => {
    const on = focus ? pathEdgeIds(focus.path, edges) : new Set<string>();
    const lanes = new Map<string, number>();
    return edges.map((e) => {
      const pair = `${e.source}|${e.target}`;
      const lane = lanes.get(pair) ?? 0;
      lanes.set(pair, lane + 1);
      const known = outcomeLabels.get(`${e.source}|${e.sourceHandle}`);
      const data: OutcomeEdgeData = { label: known?.label ?? String(e.sourceHandle), fromLabel: `"${known?.from ?? e.source}"`, lane, onInsert: setInsertOn };
      const drawn = { ...e, type: 'outcome', data };
      return on.has(e.id) && focus ? { ...drawn, animated: true, className: `on-path path-${focus.tone}`, zIndex: 10 } : drawn;
    });
  }, [edges, focus, outcomeLabels]);
  const shownNodes = useMemo(() => {
    if (!focus) return nodes;
    const on = new Set(focus.path.map((s) => s.nodeId));
    return nodes.map((n) => (on.has(n.id) ? { ...n, className: `on-path path-${focus.tone}` } : n));
  }, [nodes, focus]);

  const remember = useStableCallback(() => {
    if (base) history.current.record({ nodes, edges, start: base.start });
  });

  const restore = (s: Snapshot | null) => {
    if (!s || !base) return;
    setBase({ ...base, start: s.start });
    setNodes(s.nodes);
    setEdges(s.edges);
  };

  const onConnect = useCallback(
    (c: Connection) => {
      remember();
      // One outcome leads to one step: a new connection replaces the old one.
      setEdges((es) =>
        addEdge(
          { ...c, id: `e-${c.source}-${c.sourceHandle}-${Date.now()}`, label: c.sourceHandle ?? '' },
          es.filter((e) => !(e.source === c.source && e.sourceHandle === c.sourceHandle)),
        ),
      );
    },
    [setEdges, remember],
  );

  const addStep = (type: string, position: { x: number; y: number }) => {
    const info = types.get(type);
    if (!info) return;
    remember();
    const id = newNodeId(type, new Set(nodes.map((n) => n.id)));
    const node: StepNode = {
      id,
      type: 'step',
      position,
      data: { type, settings: structuredClone(info.defaultSettings), info, outcomes: info.outcomes, isStart: false, problems: [], badOutcomes: [] },
      selected: true,
    };
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), node]);
  };

  /** Inserts a step on a connection: the connection now leads to it, and its first outcome goes on. */
  const insertStep = (edgeId: string, type: string) => {
    const edge = edges.find((e) => e.id === edgeId);
    const info = types.get(type);
    const from = nodes.find((n) => n.id === edge?.source);
    const to = nodes.find((n) => n.id === edge?.target);
    if (!edge || !info || !from || !to) return;
    remember();
    const id = newNodeId(type, new Set(nodes.map((n) => n.id)));
    const position = from.id === to.id ? { x: from.position.x + 260, y: from.position.y + 160 } : { x: (from.position.x + to.position.x) / 2, y: (from.position.y + to.position.y) / 2 + 80 };
    const node: StepNode = {
      id,
      type: 'step',
      position,
      data: { type, settings: structuredClone(info.defaultSettings), info, outcomes: info.outcomes, isStart: false, problems: [], badOutcomes: [] },
      selected: true,
    };
    const onward = info.terminal ? null : info.outcomes.find((o) => !o.optional);
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), node]);
    setEdges((es) => [
      ...es.filter((e) => e.id !== edgeId),
      { id: `e-${edge.source}-${edge.sourceHandle}-${Date.now()}`, source: edge.source, sourceHandle: edge.sourceHandle, target: id },
      ...(onward ? [{ id: `e-${id}-${onward.name}-${Date.now()}`, source: id, sourceHandle: onward.name, target: edge.target }] : []),
    ]);
    setStatus(fill(t.inserted, { step: info.title, after: stepName(from) }));
  };

  /** A palette choice: inserted on the chosen connection, or added in the middle of the visible canvas. */
  const addFromPalette = (type: string) => {
    if (insertOn) {
      insertStep(insertOn, type);
      setInsertOn(null);
      return;
    }
    const box = canvasRef.current?.getBoundingClientRect();
    const position = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
    addStep(type, position);
    setStatus(fill(t.added, { step: types.get(type)?.title ?? type }));
  };

  /** Connects (or disconnects, with null) one outcome of a step, from the panel: no mouse needed. */
  const connectOutcome = (source: string, outcome: string, target: string | null) => {
    remember();
    setEdges((es) => [
      ...es.filter((e) => !(e.source === source && e.sourceHandle === outcome)),
      ...(target ? [{ id: `e-${source}-${outcome}-${Date.now()}`, source, sourceHandle: outcome, target }] : []),
    ]);
  };

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const type = e.dataTransfer.getData(DRAG_MIME);
    if (type) addStep(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const copy = () => {
    clipboard.current = nodes.filter((n) => n.selected);
  };
  const paste = () => {
    if (!clipboard.current.length) return;
    remember();
    const taken = new Set(nodes.map((n) => n.id));
    const copies = clipboard.current.map((n) => {
      const id = newNodeId(n.data.type, taken);
      taken.add(id);
      return { ...n, id, selected: true, position: { x: n.position.x + 40, y: n.position.y + 40 }, data: { ...n.data, settings: structuredClone(n.data.settings) } };
    });
    setNodes((ns) => [...ns.map((n) => ({ ...n, selected: false })), ...copies]);
  };

  /** Lays the steps out again: one undo step, whether from the canvas button or Ctrl+L. */
  const tidyUp = () => {
    remember();
    setNodes(tidy(nodes, edges));
    // The whole tidied journey in view, once the steps are drawn at their new places.
    requestAnimationFrame(() => void flow.fitView(FIT));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      // Typing in a box, or a question open over the canvas: the keys are not the canvas's.
      if (target.closest('input, textarea, select, [contenteditable], dialog')) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z' && !e.shiftKey) (e.preventDefault(), restore(history.current.undo({ nodes, edges, start: base?.start ?? '' })));
      else if (mod && (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey))) (e.preventDefault(), restore(history.current.redo({ nodes, edges, start: base?.start ?? '' })));
      else if (mod && e.key.toLowerCase() === 'c') copy();
      else if (mod && e.key.toLowerCase() === 'v') paste();
      else if (mod && e.key.toLowerCase() === 'l') (e.preventDefault(), tidyUp());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const refreshChanges = () =>
    api.changes(props.flowId, lang).then(
      (c) => setUnpublished(c.changed),
      () => {},
    );

  const publish = async () => {
    try {
      // An edit still waiting for its autosave is saved first: publishing takes the draft the store holds.
      if (graph && JSON.stringify(graph) !== lastSaved.current) {
        const text = JSON.stringify(graph);
        await draft.write((revision) => api.save(graph, revision, lang));
        lastSaved.current = text;
        setStatus(t.saved);
      }
      // Publishing changes what customers get: say what changes and ask first.
      const changes = await api.changes(props.flowId, lang);
      const live = changes.liveVersion ? fill(t.liveVersion, { version: changes.liveVersion }) : t.nothingLive;
      const answer = await ask({
        title: t.publishTitle,
        body: (
          <>
            <p>{fill(t.publishWhen, { live })}</p>
            {changes.lines.length ? (
              <>
                <h3 id="publish-changes">{t.whatChanges}</h3>
                <ul aria-labelledby="publish-changes">
                  {changes.lines.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{t.nothingChanged}</p>
            )}
          </>
        ),
        answers: [{ id: 'publish', label: t.publishNow, tone: 'primary' }],
        cancel: t.cancel,
      });
      if (answer !== 'publish') return;
      const { version, testResults: ran } = await draft.write((revision) => api.publish(props.flowId, revision, lang));
      setTestResults(ran ?? []);
      setStatus(fill(t.published, { version }));
      const v = await api.versions(props.flowId);
      setVersions({ active: v.activeVersion, list: v.versions });
      void refreshChanges();
    } catch (e) {
      // Refused for its problems: every field now says what is wrong with it, touched or not.
      if (e instanceof ApiError && e.body.problems) (setProblems(e.body.problems), setPublishTried(true));
      if (e instanceof ApiError && e.body.stepUps) setStepUps(e.body.stepUps);
      if (e instanceof ApiError && e.body.testResults) {
        // A failing test case blocks publication: its path is drawn and the test cases are shown.
        setTestResults(e.body.testResults);
        const failing = e.body.testResults.find((r) => !r.passed);
        if (failing) showTestPath(failing);
        setSide('tests');
      }
      setStatus(fill(t.notPublished, { error: (e as Error).message }));
    }
  };

  const showTestPath = (result: TestCaseResult) =>
    setFocus({
      path: testPath(result, base?.start ?? ''),
      tone: result.passed ? 'test' : 'problem',
      ofTestCase: true,
      message: result.passed ? fill(t.testPassed, { name: result.name }) : fill(t.testFailed, { name: result.name, reason: result.reason ?? '' }),
    });

  const tryIt = async () => {
    try {
      const { url, runId } = await api.tryIt(props.flowId, lang);
      setTryRun(runId);
      lastTry.set(props.flowId, runId);
      // The draft's pages speak the console's language at first (they offer the others at their foot).
      const at = new URL(url, window.location.origin);
      at.searchParams.set('lang', isLanguage(lang) ? lang : DEFAULT_LANGUAGE);
      window.open(at.toString(), '_blank');
    } catch (e) {
      setStatus(fill(t.cannotTry, { error: (e as Error).message }));
    }
  };

  /** The try as it stands (ended or half-way) becomes a test case, shown in the test cases panel. */
  const saveTry = async () => {
    if (!tryRun) return;
    try {
      const { testCase } = await draft.write((revision) => api.recordTestCase(props.flowId, tryRun, revision, lang));
      setBase((b) => b && { ...b, tests: [...(b.tests ?? []).filter((c) => c.id !== testCase.id), testCase] });
      setSide('tests');
      setStatus(fill(t.savedTry, { name: testCase.name }));
    } catch (e) {
      setStatus(fill(t.cannotSaveTry, { error: (e as Error).message }));
      // The run is gone (expired): there is nothing left to save until the next try.
      if (e instanceof ApiError && e.status === 404) (setTryRun(null), lastTry.set(props.flowId, null));
    }
  };

  /** The selected step's page, at first in the console's language (the hosted pages speak the same ones). */
  const showPreview = async (pageLang: string = isLanguage(lang) ? lang : DEFAULT_LANGUAGE) => {
    if (!graph || !selected) return;
    try {
      setPreview((await api.preview(graph, selected.id, pageLang, lang)).html);
    } catch (e) {
      setStatus((e as Error).message);
    }
  };

  const showDiff = async (version: number | null) => {
    if (version === null) return setNodes((ns) => ns.map((n) => ({ ...n, data: { ...n.data, diff: null } })));
    const old = (await api.version(props.flowId, version, lang)).graph;
    const before = new Map(old.nodes.map((n) => [n.id, JSON.stringify({ t: n.type, s: n.settings, l: n.label })]));
    const removed = old.nodes.filter((n) => !nodes.some((m) => m.id === n.id)).map((n) => n.label ?? n.id);
    setNodes((ns) =>
      ns.map((n) => {
        const was = before.get(n.id);
        const now = JSON.stringify({ t: n.data.type, s: n.data.settings, l: n.data.label });
        return { ...n, data: { ...n.data, diff: was === undefined ? 'added' : was !== now ? 'changed' : null } };
      }),
    );
    setStatus(removed.length ? fill(t.comparedRemoved, { version, list: removed.join(', ') }) : fill(t.compared, { version }));
  };

  // The side panels and the palette stay the same while the canvas redraws at every frame of a drag:
  // they are memoised on what they show, with callbacks that keep their identity.
  const selectedStep = useMemo(() => (selected ? { id: selected.id, data: selected.data } : null), [selected?.id, selected?.data]);
  const stepList = useMemo(() => named.map((n) => ({ id: n.id, name: stepName(n) })), [labelWords]);
  const changeSettings = useStableCallback((settings: Record<string, unknown>, label: string | undefined) => {
    if (!selected) return;
    remember();
    setNodes((ns) => ns.map((n) => (n.id === selected.id ? { ...n, data: { ...n.data, settings, label } } : n)));
  });
  const previewSelected = useStableCallback(() => void showPreview());
  const makeStart = useStableCallback(() => {
    if (!selected) return;
    remember();
    setBase((b) => b && { ...b, start: selected.id });
  });
  const connectSelected = useStableCallback((outcome: string, target: string | null) => selected && connectOutcome(selected.id, outcome, target));
  const settingsPanel = useMemo(
    () =>
      selectedStep && (
        <SettingsPanel
          key={selectedStep.id}
          node={selectedStep}
          showAllProblems={publishTried}
          onChange={changeSettings}
          onPreview={previewSelected}
          onMakeStart={makeStart}
          connections={<ConnectionsForm node={selectedStep} steps={stepList} edges={edges} onConnect={connectSelected} />}
        />
      ),
    [selectedStep, stepList, edges, changeSettings, previewSelected, makeStart, connectSelected, publishTried],
  );
  const problemsPanel = useMemo(
    () => (
      <div className="panel">
        <h2>{t.problems}</h2>
        {problems.length === 0 ? (
          <p className="ok" data-testid="no-problems">
            {t.readyToPublish}
          </p>
        ) : (
          <ul className="problems" data-testid="problems">
            {(allProblems ? problems : problems.slice(0, PROBLEMS_LISTED)).map((p, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    if (p.path?.length) setFocus({ path: p.path, tone: 'problem', message: p.message });
                    else if (p.nodeId) setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === p.nodeId })));
                  }}
                >
                  {p.message}
                </button>
              </li>
            ))}
            {!allProblems && problems.length > PROBLEMS_LISTED && (
              <li>
                <button type="button" className="link" onClick={() => setAllProblems(true)}>
                  {fill(t.showAll, { count: problems.length })}
                </button>
              </li>
            )}
          </ul>
        )}
        {stepUps.length > 0 && (
          <>
            <h2>{t.stepUpAhead}</h2>
            <p className="muted">{t.stepUpNote}</p>
            <ul className="step-ups" data-testid="step-ups">
              {stepUps.map((s, i) => (
                <li key={i}>
                  <button type="button" className="link" onClick={() => setFocus({ path: s.path, tone: 'step-up', message: s.message })}>
                    {s.message}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="muted">{t.howTo}</p>
      </div>
    ),
    [problems, stepUps, setNodes, allProblems, t],
  );
  const onPaletteAdd = useStableCallback((type: string) => addFromPalette(type));
  const cancelInsert = useCallback(() => setInsertOn(null), []);
  const insertingOn = useMemo(() => {
    if (!insertOn) return null;
    const e = edges.find((x) => x.id === insertOn);
    const known = e && outcomeLabels.get(`${e.source}|${e.sourceHandle}`);
    return known ? fill(t.insertingOn, { outcome: known.label, step: known.from }) : t.theConnection;
  }, [insertOn, edges, outcomeLabels, t]);
  const palette = useMemo(
    () => <Palette types={props.types} onAdd={onPaletteAdd} inserting={insertingOn} onCancelInsert={cancelInsert} />,
    [props.types, onPaletteAdd, insertingOn, cancelInsert],
  );

  if (!base) return <div className="loading">{status}</div>;
  const opening = canvasSize ? openingViewport(base, canvasSize) : undefined;

  return (
    <div className="editor">
      <header className="toolbar">
        <button type="button" onClick={props.onBack}>
          {t.back}
        </button>
        {/* The journey's name with whether it is live beneath it; the words shrink before any button does. */}
        <span className="flow-title">
          <strong className="flow-name" title={base.name}>
            {base.name}
          </strong>
          <span className="live-status" data-testid="live-status">
            {versions.active ? fill(t.live, { version: versions.active }) : t.notLive}
            {versions.active && unpublished ? t.unpublished : ''}
          </span>
        </span>
        <span className={problems.length ? 'badge problems-badge' : 'badge ok-badge'} data-testid="problem-count">
          {problems.length === 0 ? t.noProblems : fill(problems.length > 1 ? t.manyProblems : t.oneProblem, { count: problems.length })}
        </span>
        <span className="status" data-testid="status" title={status}>
          {status}
        </span>
        {/* Undo and redo as the arrows every editor has: named for screen readers, their shortcut in the tooltip. */}
        <button type="button" className="icon-button" aria-label={t.undo} title={t.undoTitle} onClick={() => restore(history.current.undo({ nodes, edges, start: base.start }))}>
          <TurnArrow />
        </button>
        <button type="button" className="icon-button" aria-label={t.redo} title={t.redoTitle} onClick={() => restore(history.current.redo({ nodes, edges, start: base.start }))}>
          <TurnArrow mirrored />
        </button>
        <button type="button" onClick={() => setSide((v) => (v === 'versions' ? null : 'versions'))} data-testid="versions-toggle" aria-pressed={side === 'versions'}>
          {t.versions}
        </button>
        <button type="button" onClick={() => setSide((v) => (v === 'tests' ? null : 'tests'))} aria-pressed={side === 'tests'}>
          {t.testCases}{base.tests?.length ? ` (${base.tests.length})` : ''}
        </button>
        <a className="secondary-link" href={hrefOf('journeys', props.flowId, 'insights')}>
          {t.insights}
        </a>
        <button type="button" onClick={tryIt} disabled={problems.length > 0} data-testid="try">
          {t.tryIt}
        </button>
        {tryRun && (
          <button type="button" onClick={saveTry} title={t.saveTryTitle}>
            {t.saveTry}
          </button>
        )}
        <button type="button" className="primary" onClick={publish} disabled={problems.length > 0} data-testid="publish">
          {t.publish}
        </button>
      </header>
      {draft.conflict && <DraftConflictBanner conflict={draft.conflict} onReload={() => load().catch((e: Error) => setStatus(fill(t.couldNotLoad, { error: e.message })))} />}
      <div className="workspace">
        {palette}
        <div className="canvas" ref={canvasRef} onDrop={onDrop} onDragOver={(e) => (e.preventDefault(), (e.dataTransfer.dropEffect = 'move'))} data-testid="canvas">
          {focus && (
            <div className={`path-banner path-${focus.tone}`} data-testid="path-banner" role="status">
              <span>
                <strong>{focus.tone === 'problem' ? t.shownProblem : focus.tone === 'test' ? t.shownTest : t.shownStepUp}</strong>
                {focus.message}
              </span>
              <button type="button" onClick={() => setFocus(null)}>
                {t.hide}
              </button>
            </div>
          )}
          {canvasSize && (
            <ReactFlow
              nodes={shownNodes}
              edges={shownEdges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onNodeDragStart={remember}
              onBeforeDelete={async () => (remember(), true)}
              deleteKeyCode={['Backspace', 'Delete']}
              multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
              defaultViewport={opening}
              fitView={!opening}
              fitViewOptions={FIT}
              // Far enough out for "Fit" to show a tidied journey of a dozen steps whole.
              minZoom={0.3}
              onlyRenderVisibleElements
              ariaLabelConfig={canvasLabels}
            >
              <Background />
              {/* The overview map redraws every step on every change: a large journey goes without it. */}
              {base.nodes.length <= LARGE_JOURNEY && mapShown && <MiniMap pannable zoomable ariaLabel={t.overviewMap} />}
              {/* The canvas's own tools (zoom, fit, tidy up) sit on the canvas, in the console's language: the toolbar keeps one row. */}
              <Controls fitViewOptions={FIT}>
                <ControlButton aria-label={t.tidy} title={t.tidyTitle} onClick={tidyUp}>
                  <TidyIcon />
                </ControlButton>
                {base.nodes.length <= LARGE_JOURNEY && (
                  <ControlButton
                    aria-label={t.overviewMap}
                    title={t.overviewMap}
                    aria-pressed={mapShown}
                    onClick={() => {
                      rememberOverviewMap(!mapShown);
                      setMapShown(!mapShown);
                    }}
                  >
                    <MapIcon />
                  </ControlButton>
                )}
              </Controls>
            </ReactFlow>
          )}
        </div>
        <div className="side">
          {side === 'tests' && graph ? (
            <TestCasesPanel
              graph={graph}
              types={types}
              results={testResults}
              onResults={setTestResults}
              onChange={(tests) => setBase({ ...base, tests })}
              onShowPath={showTestPath}
            />
          ) : side === 'versions' ? (
            <VersionsPanel
              versions={versions.list}
              active={versions.active}
              onRollback={async (v) => {
                const answer = await ask({
                  title: fill(t.liveTitle, { version: v }),
                  body: (
                    <>
                      <p>{t.liveWhen}</p>
                      <p>{fill(t.liveDraft, { version: v })}</p>
                    </>
                  ),
                  answers: [
                    { id: 'keep', label: t.liveKeepDraft, tone: 'primary' },
                    { id: 'reset', label: fill(t.liveResetDraft, { version: v }), tone: 'danger' },
                  ],
                  cancel: t.cancel,
                });
                if (answer === null) return;
                const resetDraft = answer === 'reset';
                if (resetDraft) await draft.write((revision) => api.rollback(props.flowId, v, { revision }, lang));
                else await api.rollback(props.flowId, v, null, lang);
                setVersions((s) => ({ ...s, active: v }));
                setStatus(fill(t.liveAgain, { version: v }) + (resetDraft ? fill(t.draftIsVersion, { version: v }) : ''));
                if (resetDraft) window.location.reload();
                else void refreshChanges();
              }}
              onCompare={showDiff}
            />
          ) : (
            settingsPanel ?? problemsPanel
          )}
        </div>
      </div>
      {preview !== null && (
        <PreviewDialog
          html={preview}
          languages={LANGUAGES}
          onLanguage={(code) => void showPreview(code)}
          onClose={() => setPreview(null)}
          words={{ title: t.previewTitle, frame: t.previewFrame, close: t.close }}
        />
      )}
      {dialog}
    </div>
  );
}
